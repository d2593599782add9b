import { describe, expect, it } from 'vitest';
import { formatMoney, parseMoney, roundCents, vatCents } from '../../src/shared/format/money.js';

describe('money', () => {
  it('formats EUR cents per locale', () => {
    expect(formatMoney(123450, 'nl-BE')).toBe('€ 1.234,50');
    expect(formatMoney(123450, 'fr-BE')).toBe('1 234,50 €');
    expect(formatMoney(123450, 'en')).toBe('€1,234.50');
    expect(formatMoney(5, 'nl-BE')).toBe('€ 0,05');
    expect(formatMoney(-1999, 'nl-BE')).toBe('€ -19,99');
    expect(formatMoney(300000000)).toBe('€ 3.000.000,00');
  });
  it('refuses non-integer cents', () => {
    expect(() => formatMoney(1.5)).toThrow(/integer cents/);
  });
  it('rounds half away from zero and computes VAT', () => {
    expect(roundCents(2.5)).toBe(3);
    expect(roundCents(-2.5)).toBe(-3);
    expect(vatCents(1000, 21)).toBe(210);
    expect(vatCents(1005, 6)).toBe(60); // 60.3
    expect(vatCents(1025, 6)).toBe(62); // 61.5 -> 62
  });
  it('parses what a Belgian user types', () => {
    expect(parseMoney('1.234,50')).toBe(123450);
    expect(parseMoney('€ 12')).toBe(1200);
    expect(parseMoney('1234,5')).toBe(123450);
    expect(parseMoney('1,234.50')).toBe(123450);
    expect(parseMoney('1.234')).toBe(123400);
    expect(parseMoney('abc')).toBeNull();
    expect(parseMoney('1,2,3')).toBeNull();
  });
});
