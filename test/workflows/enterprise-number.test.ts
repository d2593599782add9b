import { describe, expect, it } from 'vitest';
import { enterpriseCheck, formatEnterpriseNumber, isValidEnterpriseNumber, normalizeEnterpriseNumber } from '../../src/shared/format/enterprise-number.js';

describe('enterprise number (ondernemingsnummer)', () => {
  it('checks mod 97 on the first 8 digits', () => {
    expect(enterpriseCheck('01234567')).toBe(49);
    expect(isValidEnterpriseNumber('0123456749')).toBe(true);
    expect(isValidEnterpriseNumber('0123.456.749')).toBe(true);
    expect(isValidEnterpriseNumber('BE 0123 456 749')).toBe(true);
    expect(isValidEnterpriseNumber('123456749')).toBe(true); // old 9-digit form
    expect(isValidEnterpriseNumber('0123456748')).toBe(false);
    expect(isValidEnterpriseNumber('2123456749')).toBe(false); // must start with 0 or 1
    expect(isValidEnterpriseNumber('01234567')).toBe(false);
    expect(isValidEnterpriseNumber('')).toBe(false);
  });
  it('a remainder of 0 gives check 97', () => {
    // 97 * 10309 = 999973 -> first 8 "00999973" has remainder 0
    expect(enterpriseCheck('00999973')).toBe(97);
    expect(isValidEnterpriseNumber('0099997397')).toBe(true);
  });
  it('formats and normalises', () => {
    expect(formatEnterpriseNumber('0123456749')).toBe('0123.456.749');
    expect(formatEnterpriseNumber('BE0123456749')).toBe('0123.456.749');
    expect(formatEnterpriseNumber('12')).toBe('12');
    expect(normalizeEnterpriseNumber('BE 0123.456.749')).toBe('0123456749');
    expect(normalizeEnterpriseNumber('0123.456.748')).toBeNull();
  });
});
