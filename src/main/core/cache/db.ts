/**
 * Opens the cache: one SQLite file in the data folder, WAL, foreign keys off (synced rows arrive in
 * any order), a busy timeout so a second process waits instead of failing.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { CacheDb } from '../features/types.js';

export function openCache(file: string): CacheDb {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  return db;
}
