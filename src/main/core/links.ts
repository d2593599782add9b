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
      return SAFE_MAILTO.test(raw);
    case 'msteams:':
      return true;
    case 'https:':
      return url.username === '' && url.password === '' && policy.httpsHosts.includes(url.hostname.toLowerCase());
    default:
      return false;
  }
}
