/**
 * Belgian national number (rijksregisternummer / INSZ) and BIS number: validation, formatting and
 * a generator of valid fictional numbers for demo data. Runs anywhere (no imports).
 *
 *   YYMMDD SSS CC   shown "YY.MM.DD-SSS.CC"
 *   CC = 97 - (N mod 97), N = the first 9 digits (born before 2000) or "2" + those 9 digits
 *   (born 2000 or later). BIS numbers add 20 or 40 to the month.
 *   The register also hands out numbers whose birth date is not (fully) a date: month 00 or day 00
 *   when it was not known, and a day above 31 when a day's serial numbers ran out. Those are valid
 *   (month/day reported as unknown); after removing the BIS offset a month of 13 to 19 is not, and
 *   a day 1..31 must exist in its month (a typo there is caught).
 *   The century is unknown from the digits: try the 1900 rule, then the 2000 rule.
 *   SSS: 001..997 odd for men, 002..998 even for women.
 */

export type InszErrorCode =
  | 'empty'
  | 'invalid_characters'
  | 'wrong_length'
  | 'bad_serial'
  | 'bad_check_digits'
  | 'impossible_date';

export interface InszInfo {
  /** The 11 digits, without separators. */
  digits: string;
  /** "YY.MM.DD-SSS.CC" */
  formatted: string;
  /** 1900 or 2000: which check-digit rule matched. */
  century: 1900 | 2000;
  /** Birth date parts; month/day null when unknown (00). */
  birth: { year: number; month: number | null; day: number | null };
  /** null for BIS numbers with +20 (sex unknown when the number was given). */
  sex: 'M' | 'F' | null;
  /** 'bis' when the month carries +20 or +40. */
  kind: 'national' | 'bis';
}

export type InszResult = { ok: true; value: InszInfo } | { ok: false; code: InszErrorCode; message: string };

const MESSAGES: Record<InszErrorCode, string> = {
  empty: 'Enter a national number.',
  invalid_characters: 'A national number contains only digits (dots, dashes and spaces are allowed).',
  wrong_length: 'A national number has 11 digits.',
  bad_serial: 'The serial number (digits 7-9) must be between 001 and 998.',
  bad_check_digits: 'The check digits do not match: probably a typo.',
  impossible_date: 'The birth date in this number does not exist.',
};

function fail(code: InszErrorCode): InszResult {
  return { ok: false, code, message: MESSAGES[code] };
}

/** Strip the separators a user may type; null when something else is in there. */
export function inszDigits(input: string): string | null {
  const trimmed = input.trim();
  if (!/^[\d.\-\s/]*$/.test(trimmed)) return null;
  return trimmed.replace(/[.\-\s/]/g, '');
}

/** The check digits for the first 9 digits under one century's rule. */
export function inszCheckDigits(first9: string, century: 1900 | 2000): number {
  const n = BigInt((century === 2000 ? '2' : '') + first9);
  return 97 - Number(n % 97n);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** "85073003328" -> "85.07.30-033.28" (no validation; use parseInsz for that). */
export function formatInsz(digits: string): string {
  return `${digits.slice(0, 2)}.${digits.slice(2, 4)}.${digits.slice(4, 6)}-${digits.slice(6, 9)}.${digits.slice(9, 11)}`;
}

/**
 * Validate a national or BIS number as typed by a user. `today` bounds the 2000 rule: a number
 * whose check digits only fit a birth date in the future is an impossible date.
 */
export function parseInsz(input: string, today: Date = new Date()): InszResult {
  if (input.trim() === '') return fail('empty');
  const digits = inszDigits(input);
  if (digits === null) return fail('invalid_characters');
  if (digits.length !== 11) return fail('wrong_length');

  const yy = Number(digits.slice(0, 2));
  const rawMonth = Number(digits.slice(2, 4));
  const day = Number(digits.slice(4, 6));
  const serial = Number(digits.slice(6, 9));
  const check = Number(digits.slice(9, 11));

  let century: 1900 | 2000;
  if (inszCheckDigits(digits.slice(0, 9), 1900) === check) century = 1900;
  else if (inszCheckDigits(digits.slice(0, 9), 2000) === check) century = 2000;
  else return fail('bad_check_digits');

  if (serial === 0 || serial === 999) return fail('bad_serial');

  const bisOffset = rawMonth >= 40 ? 40 : rawMonth >= 20 ? 20 : 0;
  const month = rawMonth - bisOffset;
  if (month > 12) return fail('impossible_date');
  const year = century + yy;
  const dayKnown = day >= 1 && day <= 31;
  if (month > 0 && dayKnown && day > daysInMonth(year, month)) return fail('impossible_date');
  if (century === 2000) {
    const born = Date.UTC(year, Math.max(month, 1) - 1, dayKnown ? day : 1);
    const now = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
    if (born > now) return fail('impossible_date');
  }

  const sex = bisOffset === 20 ? null : serial % 2 === 1 ? 'M' : 'F';
  return {
    ok: true,
    value: {
      digits,
      formatted: formatInsz(digits),
      century,
      birth: { year, month: month || null, day: dayKnown ? day : null },
      sex,
      kind: bisOffset ? 'bis' : 'national',
    },
  };
}

export function isValidInsz(input: string, today?: Date): boolean {
  return parseInsz(input, today).ok;
}

/** Build the valid number for a birth date and serial (1..998; odd = man, even = woman). */
export function makeInsz(birth: { year: number; month: number; day: number }, serial: number, bis: 0 | 20 | 40 = 0): string {
  if (birth.year < 1900 || birth.year > 2099) throw new RangeError('year must be 1900..2099');
  if (birth.month < 0 || birth.month > 99 - bis || birth.day < 0 || birth.day > 99) throw new RangeError('month and day must be two digits');
  if (!Number.isInteger(serial) || serial < 1 || serial > 998) throw new RangeError('serial must be 1..998');
  const first9 =
    String(birth.year % 100).padStart(2, '0') +
    String(birth.month + bis).padStart(2, '0') +
    String(birth.day).padStart(2, '0') +
    String(serial).padStart(3, '0');
  const check = inszCheckDigits(first9, birth.year >= 2000 ? 2000 : 1900);
  return first9 + String(check).padStart(2, '0');
}

/**
 * A valid fictional national number for demo data. `random` returns [0, 1) (pass a seeded one for
 * deterministic data). A man gets an odd serial, a woman an even one.
 */
export function generateInsz(random: () => number, birth: { year: number; month: number; day: number }, sex: 'M' | 'F'): string {
  const half = Math.floor(random() * 499); // 0..498
  const serial = sex === 'M' ? half * 2 + 1 : half * 2 + 2; // 1..997 odd, 2..998 even
  return makeInsz(birth, serial);
}
