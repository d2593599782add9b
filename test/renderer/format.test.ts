import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTimeLong, formatDayMonth, formatTime, formatWeekdayDayMonth } from '../../src/renderer/i18n/format.js';
import { formatMoney } from '../../src/shared/format/money.js';
import { formatPhone } from '../../src/shared/format/phone.js';

const march5 = new Date(2026, 2, 5, 15, 30);
const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('formats', () => {
  it('short dates: day without zero, month with zero', () => {
    expect(formatDate(march5, 'nl-BE')).toBe('5/03/2026');
    expect(formatDate(march5, 'fr-BE')).toBe('5/03/2026');
    expect(formatDate(new Date(2026, 11, 24), 'en')).toBe('24/12/2026');
  });

  it('long date and time, 24-hour', () => {
    expect(formatDateTimeLong(march5, 'nl-BE')).toBe('donderdag 5 maart 2026 om 15:30');
    expect(formatDateTimeLong(march5, 'fr-BE')).toBe('jeudi 5 mars 2026 à 15:30');
    expect(formatDateTimeLong(march5, 'en')).toMatch(/^Thursday,? 5 March 2026 at 15:30$/);
    expect(formatTime(new Date(2026, 2, 5, 9, 5), 'nl-BE')).toBe('09:05');
    expect(formatTime(new Date(2026, 2, 5, 21, 0), 'en')).toBe('21:00');
  });

  it('birthdays show day and month only, whatever the time zone', () => {
    expect(formatDayMonth(3, 5, 'nl-BE')).toBe('5 maart');
    expect(formatDayMonth(2, 29, 'fr-BE')).toBe('29 février');
    expect(formatDayMonth(12, 31, 'en')).toBe('31 December');
    expect(formatWeekdayDayMonth(march5, 'nl-BE')).toBe('donderdag 5 maart');
  });

  it('money in euro', () => {
    expect(nbsp(formatMoney(123450, 'nl-BE'))).toBe('€ 1.234,50');
    expect(nbsp(formatMoney(123450, 'fr-BE'))).toBe('1 234,50 €');
    expect(formatMoney(123450, 'en')).toBe('€1,234.50');
  });

  it('phones in the Belgian national form', () => {
    expect(formatPhone('+3257346578')).toBe('057 34 65 78');
    expect(formatPhone('+32475123456')).toBe('0475 12 34 56');
  });
});

describe('weekdays at the start of a heading', () => {
  it('capitalises only the first letter, in every language', async () => {
    const { sentenceStart, formatDateLong } = await import('../../src/renderer/i18n/format.js');
    const day = new Date(2026, 10, 30, 12);
    expect(formatDateLong(day, 'nl-BE')).toBe('maandag 30 november 2026');
    expect(sentenceStart(formatDateLong(day, 'nl-BE'), 'nl-BE')).toBe('Maandag 30 november 2026');
    expect(sentenceStart(formatDateLong(day, 'fr-BE'), 'fr-BE')).toBe('Lundi 30 novembre 2026');
  });
});
