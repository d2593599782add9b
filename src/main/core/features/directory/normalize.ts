/**
 * Search keys: lower case, accents removed ("Céline" -> "celine"), anything that is not a letter
 * or digit becomes one space. The same function prepares stored keys and typed queries.
 */
export function normalize(text: string): string {
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
