/**
 * Opens the cache: one SQLite file in the data folder, WAL, foreign keys off (synced rows arrive in
 * any order), a busy timeout so a second process waits instead of failing.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { CacheDb } from '../features/types.js';

/**
 * SQLite's page cache of an open cache, in KiB. 16 MB in steady state: the directory search of
 * 100,000 people keeps its p95/p99 with it (docs/benchmarks.md, "search"), and what the process
 * holds stays near what a plain FTS5 table would need. No memory-mapped reads: with mmap every
 * page a query touches (and the pages around it that the kernel maps in with it) counts in the
 * process, and summaries read rows from pages all over the file; pages not in the page cache come
 * from the OS file cache instead, shared and evictable.
 */
export const PAGE_CACHE_KIB = 16 * 1024;
/**
 * The page cache while a first sync loads in bulk (see `bulkPageCache`): with a small cache the
 * inserts into the people table's id index and the search index build at the end thrash.
 */
export const BULK_PAGE_CACHE_KIB = 64 * 1024;

/** Large page cache while a bulk first sync runs, the normal one otherwise (a reopened cache starts normal). */
export function bulkPageCache(db: CacheDb, bulk: boolean): void {
  db.pragma(`cache_size = -${bulk ? BULK_PAGE_CACHE_KIB : PAGE_CACHE_KIB}`);
}

export function openCache(file: string, options: { nativeBinding?: string } = {}): CacheDb {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  bulkPageCache(db, false);
  db.pragma('mmap_size = 0');
  db.pragma('temp_store = memory');
  return db;
}
