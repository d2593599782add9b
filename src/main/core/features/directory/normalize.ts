// eslint-disable-next-line no-control-regex -- the whole ASCII range, control characters included
const ASCII = /^[\x00-\x7f]*$/;

/**
 * Search keys: lower case, accents removed ("Céline" -> "celine"), anything that is not a letter
 * or digit becomes one space. The same function prepares stored keys and typed queries.
 */
export function normalize(text: string): string {
  // Most names, addresses and numbers are plain ASCII: no decomposition or accents to remove (the
  // same result; a first sync normalizes every name, title and address of 100,000 people).
  if (ASCII.test(text)) return text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[æ]/g, 'ae')
    .replace(/[ø]/g, 'o')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Words of a text for prefix search; "D'Hondt" gives "d", "hondt" and the joined "dhondt". */
export function words(text: string): string[] {
  const norm = normalize(text);
  if (!norm) return [];
  const parts = norm.split(' ');
  return parts.length > 1 ? [...parts, parts.join('')] : parts;
}

/** The smallest string greater than every string that starts with `prefix`. */
export function prefixEnd(prefix: string): string {
  return prefix + '\uffff';
}
