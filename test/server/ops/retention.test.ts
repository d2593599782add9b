/** Retention over dated backup folders: daily / weekly / monthly buckets, the newest always kept. */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupName } from '../../../src/server/ops/files.js';
import { applyRetention, chooseKept } from '../../../src/server/ops/retention.js';

/** One backup a day at 02:00 UTC for `days` days up to 2026-11-30. */
function daily(days: number) {
  const out = [];
  for (let i = 0; i < days; i++) {
    const time = new Date(Date.UTC(2026, 10, 30 - i, 2, 0, 0));
    out.push({ name: backupName(time), time });
  }
  return out;
}

describe('retention', () => {
  it('7 daily, 4 weekly, 12 monthly over a year of nightly backups', () => {
    const kept = [...chooseKept(daily(400), { daily: 7, weekly: 4, monthly: 12 })].sort().reverse();
    // 30 Nov 2026 is a Monday. 7 newest days (24-30 Nov); weeks: the newest of each of the last 4
    // ISO weeks (30, 29, 22, 15 Nov); months: the newest of each of the last 12 months (30 Nov,
    // then the last day of Oct 2026 ... Dec 2025).
    expect(kept.slice(0, 7)).toEqual(daily(7).map((b) => b.name));
    for (const day of ['2026-11-22', '2026-11-15', '2026-10-31', '2026-09-30', '2026-01-31', '2025-12-31']) {
      expect(kept.some((n) => n.startsWith(`pop-index-${day}`))).toBe(true);
    }
    expect(kept.some((n) => n.startsWith('pop-index-2026-11-08'))).toBe(false); // the 5th week
    expect(kept.some((n) => n.startsWith('pop-index-2025-11-30'))).toBe(false); // the 13th month
    expect(kept).toHaveLength(7 + 2 + 11);
  });

  it('several backups a day: the newest of the day counts; the newest overall always stays', () => {
    const t = (h: number) => ({ name: backupName(new Date(Date.UTC(2026, 10, 30, h))), time: new Date(Date.UTC(2026, 10, 30, h)) });
    expect([...chooseKept([t(1), t(5), t(9)], { daily: 1, weekly: 0, monthly: 0 })]).toEqual([t(9).name]);
    expect([...chooseKept([t(1), t(5)], { daily: 0, weekly: 0, monthly: 0 })]).toEqual([t(5).name]);
  });

  it('deletes only complete backup folders that no rule keeps', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pop-retention-'));
    try {
      for (const b of daily(10)) {
        mkdirSync(join(dir, b.name));
        writeFileSync(join(dir, b.name, 'manifest.json'), '{}');
      }
      mkdirSync(join(dir, 'pop-index-2020-01-01T000000Z')); // no manifest: not a finished backup
      mkdirSync(join(dir, 'photos'));
      const now = new Date(Date.UTC(2026, 10, 30, 3));
      mkdirSync(join(dir, '.tmp-pop-index-2026-11-28T020000Z-ab12cd34')); // interrupted two days ago
      utimesSync(join(dir, '.tmp-pop-index-2026-11-28T020000Z-ab12cd34'), new Date(Date.UTC(2026, 10, 28, 2)), new Date(Date.UTC(2026, 10, 28, 2)));
      mkdirSync(join(dir, '.tmp-pop-index-2026-11-30T025900Z-ef56ab78')); // perhaps still running
      utimesSync(join(dir, '.tmp-pop-index-2026-11-30T025900Z-ef56ab78'), now, now);
      const removed = applyRetention(dir, { daily: 3, weekly: 0, monthly: 0 }, now);
      expect(removed).toHaveLength(8);
      expect(readdirSync(dir).sort()).toEqual(['.tmp-pop-index-2026-11-30T025900Z-ef56ab78', 'photos', 'pop-index-2020-01-01T000000Z', ...daily(3).map((b) => b.name)].sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
