/**
 * Belgian enterprise number (ondernemingsnummer, KBO/BCE): 10 digits starting with 0 or 1,
 * the last two a check: 97 - (first 8 digits mod 97). Shown as "0123.456.749".
 * Runs anywhere: no imports.
 */

/** Digits only, accepting "BE0123.456.749", "0123 456 749" and the old 9-digit form "123456749". */
export function enterpriseDigits(input: string): string {
  const digits = input.replace(/^\s*BE/i, '').replace(/[\s.-]/g, '');
  if (/^\d{9}$/.test(digits)) return '0' + digits;
  return digits;
}

export function enterpriseCheck(first8: string): number {
  return 97 - (Number(first8) % 97);
}

/** True when the input is a well-formed enterprise number whose mod-97 check holds. */
export function isValidEnterpriseNumber(input: string): boolean {
  const d = enterpriseDigits(input);
  if (!/^[01]\d{9}$/.test(d)) return false;
  return enterpriseCheck(d.slice(0, 8)) === Number(d.slice(8));
}

/** "0123456749" -> "0123.456.749"; returns the input unchanged when it is not 10 digits. */
export function formatEnterpriseNumber(input: string): string {
  const d = enterpriseDigits(input);
  if (!/^\d{10}$/.test(d)) return input;
  return `${d.slice(0, 4)}.${d.slice(4, 7)}.${d.slice(7)}`;
}

/** Normal form to store: 10 digits, or null when invalid. */
export function normalizeEnterpriseNumber(input: string): string | null {
  return isValidEnterpriseNumber(input) ? enterpriseDigits(input) : null;
}
