import { describe, expect, it } from 'vitest';
import { isoDateToText, localIsoDate, maskDateText, parseDateText, parseTimeText } from '../../src/renderer/i18n/date-input.js';

describe('typed dates (dd/mm/jjjj)', () => {
  it('reads day before month in every usual spelling', () => {
    for (const text of ['05/03/2026', '5/3/2026', '05-03-2026', '5.3.2026', '05032026', ' 5 / 3 / 2026 ']) expect(parseDateText(text), text).toBe('2026-03-05');
    expect(parseDateText('11/01/2026')).toBe('2026-01-11'); // 11 January, never November 1st
  });
  it('refuses days that do not exist and incomplete or US-looking input', () => {
    for (const text of ['31/02/2026', '29/02/2025', '00/01/2026', '12/13/2026', '03/05/26', '2026-03-05', 'abc', '']) expect(parseDateText(text), text).toBeNull();
    expect(parseDateText('29/02/2024')).toBe('2024-02-29');
  });
  it('formats ISO back to dd/mm/jjjj', () => {
    expect(isoDateToText('2026-03-05')).toBe('05/03/2026');
    expect(isoDateToText('')).toBe('');
  });
  it('masks digits while typing, leaves own separators alone', () => {
    expect(maskDateText('05')).toBe('05');
    expect(maskDateText('050')).toBe('05/0');
    expect(maskDateText('05032026')).toBe('05/03/2026');
    expect(maskDateText('05/032')).toBe('05/03/2');
    expect(maskDateText('050320261')).toBe('05/03/2026');
    expect(maskDateText('5/3/2026')).toBe('5/3/2026');
  });
  it('gives today in local time', () => {
    expect(localIsoDate(new Date(2026, 0, 11, 0, 30))).toBe('2026-01-11');
  });
});

describe('typed times (24-hour)', () => {
  it('reads the usual spellings', () => {
    for (const [text, iso] of [['08:30', '08:30'], ['8:30', '08:30'], ['8u30', '08:30'], ['8h30', '08:30'], ['0830', '08:30'], ['8', '08:00'], ['20.15', '20:15'], ['23:59', '23:59']]) expect(parseTimeText(text!), text).toBe(iso);
  });
  it('refuses AM/PM and impossible times', () => {
    for (const text of ['08:30 AM', '24:00', '12:60', '8:3', '']) expect(parseTimeText(text), text).toBeNull();
  });
});
