import { describe, expect, it } from 'vitest';
import { brusselsDayStart, excelDateTime } from '../../src/server/features/letters/csv.js';

describe('times in exports', () => {
  it('writes Brussels local time as dd/mm/yyyy hh:mm (winter and summer time)', () => {
    expect(excelDateTime('2026-11-30T08:15:00.000Z')).toBe('30/11/2026 09:15');
    expect(excelDateTime('2026-07-01T22:30:00.000Z')).toBe('02/07/2026 00:30');
    expect(excelDateTime(null)).toBe('');
  });
  it('knows when a Brussels day starts, also on the days the clock changes', () => {
    expect(brusselsDayStart('2026-11-30')).toBe('2026-11-29T23:00:00.000Z');
    expect(brusselsDayStart('2026-07-01')).toBe('2026-06-30T22:00:00.000Z');
    expect(brusselsDayStart('2026-03-29')).toBe('2026-03-28T23:00:00.000Z'); // CET at midnight, CEST from 03:00
    expect(brusselsDayStart('2026-10-25')).toBe('2026-10-24T22:00:00.000Z'); // CEST at midnight
  });
});
