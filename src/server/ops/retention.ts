/**
 * Retention over a folder of dated backups, as restic/borg count it: keep the newest backup of
 * each of the last N days, of the last N ISO weeks and of the last N months (UTC) that have one;
 * a backup kept by any rule stays. The newest backup always stays. Only folders that look like
 * complete backups (name + manifest.json) are considered; nothing else is ever deleted.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { listBackups, type DatedBackup } from './files.js';

export interface Keep {
  daily: number;
  weekly: number;
  monthly: number;
}

function isoWeek(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day); // the Thursday of this week decides the year
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${t.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** The names to keep among `backups` (any order). */
export function chooseKept(backups: readonly DatedBackup[], keep: Keep): Set<string> {
  const newestFirst = [...backups].sort((a, b) => b.time.getTime() - a.time.getTime() || (a.name < b.name ? 1 : -1));
  const kept = new Set<string>();
  if (newestFirst[0]) kept.add(newestFirst[0].name);
  const rules: [number, (d: Date) => string][] = [
    [keep.daily, (d) => d.toISOString().slice(0, 10)],
    [keep.weekly, isoWeek],
    [keep.monthly, (d) => d.toISOString().slice(0, 7)],
  ];
  for (const [n, bucket] of rules) {
    const seen = new Set<string>();
    for (const b of newestFirst) {
      if (seen.size >= n) break;
      const key = bucket(b.time);
      if (seen.has(key)) continue;
      seen.add(key);
      kept.add(b.name);
    }
  }
  return kept;
}

/**
 * Deletes the backups of `outDir` that no rule keeps, and the `.tmp-*` folders of backups that were
 * interrupted more than a day before `now`; returns their names.
 */
export function applyRetention(outDir: string, keep: Keep, now: Date = new Date()): string[] {
  const backups = listBackups(outDir);
  const kept = chooseKept(backups, keep);
  const removed: string[] = [];
  for (const b of backups) {
    if (kept.has(b.name)) continue;
    rmSync(join(outDir, b.name), { recursive: true, force: true });
    removed.push(b.name);
  }
  for (const entry of readdirSync(outDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || !/^\.tmp-pop-index-/.test(entry.name)) continue;
    if (now.getTime() - statSync(join(outDir, entry.name)).mtimeMs < 86_400_000) continue; // maybe still running
    rmSync(join(outDir, entry.name), { recursive: true, force: true });
    removed.push(entry.name);
  }
  return removed;
}
