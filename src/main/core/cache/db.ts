/**
 * Opens the cache: one SQLite file in the data folder, WAL, foreign keys off (synced rows arrive in
 * any order), a busy timeout so a second process waits instead of failing.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { CacheDb } from '../features/types.js';

export function openCache(file: string, options: { nativeBinding?: string } = {}): CacheDb {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // 64 MB page cache and memory-mapped reads: the directory of 100,000 people and its search
  // words (~60 MB) then stay in memory; with SQLite's 2 MB default a first sync thrashes.
  db.pragma('cache_size = -65536');
  db.pragma('mmap_size = 268435456');
  db.pragma('temp_store = memory');
  return db;
}
