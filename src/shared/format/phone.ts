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
