/**
 * Money as integer euro cents (never floats in storage or on the wire), shown per locale:
 * nl-BE "€ 1.234,50", fr-BE "1 234,50 €", en "€1,234.50" (whatever Intl gives for that locale).
 * Runs anywhere: no imports.
 */

export const MONEY_LOCALES = ['nl-BE', 'fr-BE', 'en'] as const;
export type MoneyLocale = (typeof MONEY_LOCALES)[number];

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: string): Intl.NumberFormat {
  let f = formatters.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR', minimumFractionDigits: 2, maximumFractionDigits: 2 });
    formatters.set(locale, f);
  }
  return f;
}

/** Format cents for display; non-breaking spaces from Intl become plain spaces. */
export function formatMoney(cents: number, locale: string = 'nl-BE'): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`money: integer cents expected, got ${cents}`);
  return formatter(locale).format(cents / 100).replace(/[\u00a0\u202f]/g, ' ');
}

/** Round half away from zero to whole cents (for quantity x unit price). */
export function roundCents(value: number): number {
  if (!Number.isFinite(value)) throw new RangeError('money: finite number expected');
  return Math.sign(value) * Math.round(Math.abs(value));
}

/** VAT on a net amount in cents at a percentage (6, 12, 21), rounded to the cent. */
export function vatCents(netCents: number, ratePercent: number): number {
  return roundCents((netCents * ratePercent) / 100);
}

/**
 * Parse what a Belgian user types: "1.234,50", "1234,5", "€ 12", "1234.50" -> cents.
 * Returns null for anything that is not an amount.
 */
export function parseMoney(input: string): number | null {
  let s = input.replace(/[€\s\u00a0\u202f]|EUR/gi, '');
  if (!/^-?[\d.,]+$/.test(s)) return null;
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  if (lastComma > lastDot) s = s.replace(/\./g, '').replace(',', '.');
  else if (lastDot > lastComma && lastComma >= 0) s = s.replace(/,/g, '');
  else if (lastComma < 0 && (s.match(/\./g) ?? []).length > 1) s = s.replace(/\./g, '');
  else if (lastComma < 0 && /\.\d{3}$/.test(s)) s = s.replace('.', '');
  if (!/^-?\d+(\.\d{1,2})?$/.test(s)) return null;
  const [whole, frac = ''] = s.replace('-', '').split('.');
  const cents = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  return s.startsWith('-') ? -cents : cents;
}

/* Amounts as people type them in a form (nl-BE first, and what a pasted English figure looks like). */

/** "1.450,50" -> 1450.5; "2,5" -> 2.5; "1.000" -> 1000; "12.5" -> 12.5; "1,450.50" -> 1450.5; '' or junk -> null. */
export function parseDecimal(input: string): number | null {
  let s = input.trim().replace(/\s/g, '').replace(/^€/, '').replace(/€$/, '');
  if (!/^-?[\d.,]+$/.test(s)) return null;
  const comma = s.lastIndexOf(',');
  const dot = s.lastIndexOf('.');
  if (comma >= 0 && dot >= 0) s = comma > dot ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, ''); // the last one is the decimal mark
  else if (comma >= 0) s = s.replace(',', '.');
  else if (/^-?\d{1,3}(\.\d{3})+$/.test(s)) s = s.replace(/\./g, '');
  if (!/^-?\d+(\.\d+)?$/.test(s)) return null;
  return Number(s);
}

/** Euro amount as typed -> cents (null when not an amount or more than 2 decimals). */
export function parseCents(input: string): number | null {
  const n = parseDecimal(input);
  if (n === null) return null;
  const cents = Math.round(n * 100);
  return Math.abs(cents - n * 100) < 1e-6 ? cents : null;
}

/** Cents -> "1450,50" for the input field (no thousands separator: easy to edit). */
export function centsToInput(cents: number): string {
  return (cents / 100).toFixed(2).replace('.', ',');
}
