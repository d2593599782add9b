/**
 * Belgian phone formatting: store E.164, show the national form.
 * "+3257346578" -> "057 34 65 78", "+32475123456" -> "0475 12 34 56".
 */

/** Belgian area codes of two digits after the leading 0 (zone 02, 03, 04, 09); others are 0xx. */
const TWO_DIGIT_ZONES = new Set(['2', '3', '4', '9']);

export function formatPhone(e164: string): string {
  if (!e164.startsWith('+32')) return e164;
  const national = '0' + e164.slice(3);
  if (/^04\d{8}$/.test(national)) {
    // mobile: 04xx xx xx xx
    return `${national.slice(0, 4)} ${national.slice(4, 6)} ${national.slice(6, 8)} ${national.slice(8)}`;
  }
  if (national.length === 9) {
    if (TWO_DIGIT_ZONES.has(national[1]!)) {
      // 02 123 45 67
      return `${national.slice(0, 2)} ${national.slice(2, 5)} ${national.slice(5, 7)} ${national.slice(7)}`;
    }
    // 057 34 65 78
    return `${national.slice(0, 3)} ${national.slice(3, 5)} ${national.slice(5, 7)} ${national.slice(7)}`;
  }
  return national;
}

/** The digits a user may type to find a number: "057 34" -> "05734"; "+32 57" -> "05 7". */
export function phoneDigits(input: string): string {
  const digits = input.replace(/[^\d+]/g, '');
  if (digits.startsWith('+32')) return '0' + digits.slice(3);
  if (digits.startsWith('0032')) return '0' + digits.slice(4);
  return digits.replace(/\+/g, '');
}

/** "tel:" URI for click-to-call (E.164 keeps it unambiguous for softphones). */
export function telUri(e164: string): string {
  return `tel:${e164}`;
}

/**
 * A phone number as people write it ("057 34 65 78", "057/34.65.78", "+32 (0)57 34 65 78",
 * "0032 475 12 34 56", "0475123456") to E.164, or null when it is not a valid number.
 * Belgian numbers: 8 digits after the 0 for fixed lines, 9 for mobiles (04xx). Numbers with
 * another country code are accepted as E.164 when they have 7 to 15 digits.
 */
export function toE164(input: string): string | null {
  let s = input.trim().replace(/\(0\)/g, '').replace(/[\s./()-]/g, '');
  if (s.startsWith('00')) s = '+' + s.slice(2);
  if (!/^\+?\d+$/.test(s)) return null;
  if (!s.startsWith('+')) {
    if (!s.startsWith('0')) return null;
    s = '+32' + s.slice(1);
  }
  if (s.startsWith('+32')) {
    const national = s.slice(3);
    if (/^4[5-9]\d{7}$/.test(national)) return s; // mobile 04xx xx xx xx
    if (/^[1-35-9]\d{7}$/.test(national)) return s; // fixed line 0x(x) ...
    return null;
  }
  return /^\+[1-9]\d{6,14}$/.test(s) ? s : null;
}
