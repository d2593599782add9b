/**
 * Which external links the app may open outside itself: tel:, mailto:, msteams: and https on the
 * hosts the host configured (e.g. the municipality's intranet). Everything else is refused.
 */
export interface LinkPolicy {
  /** Lower-case host names allowed for https links (exact match). */
  httpsHosts: readonly string[];
}

const SAFE_TEL = /^tel:\+?[0-9 ()./-]{2,30}$/;
const SAFE_MAILTO = /^mailto:[^\s<>"'\\]{3,320}$/i;
/** One or more plain addresses, comma-separated (what a mail client puts in To). */
const ADDRESSES = /^[^\s<>"'\\,;?&=]+@[^\s<>"'\\,;?&=]+(,[^\s<>"'\\,;?&=]+@[^\s<>"'\\,;?&=]+)*$/;
/** mailto: may prefill a subject and a body, never attach files or add hidden recipients. */
const MAILTO_PARAMS = new Set(['subject', 'body', 'cc']);
/** The only Teams deep links the app makes: a chat or a call with one colleague. */
const SAFE_TEAMS = /^msteams:\/l\/(chat|call)\/0\/0\?users=[^\s<>"'\\&?#]{3,320}$/;

function isSafeMailto(raw: string, url: URL): boolean {
  if (!SAFE_MAILTO.test(raw)) return false;
  let to: string;
  try {
    to = decodeURIComponent(url.pathname);
  } catch {
    return false;
  }
  if (!ADDRESSES.test(to)) return false;
  for (const key of url.searchParams.keys()) if (!MAILTO_PARAMS.has(key.toLowerCase())) return false;
  return true;
}

export function isAllowedExternalUrl(raw: string, policy: LinkPolicy): boolean {
  if (raw.length > 2000 || [...raw].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  switch (url.protocol) {
    case 'tel:':
      return SAFE_TEL.test(raw);
    case 'mailto:':
      return isSafeMailto(raw, url);
    case 'msteams:':
      return SAFE_TEAMS.test(raw);
    case 'https:':
      return url.username === '' && url.password === '' && policy.httpsHosts.includes(url.hostname.toLowerCase());
    default:
      return false;
  }
}
