/**
 * Prepared statements cached per connection: preparing is far slower than running, and the sync
 * pull runs the same few statements for every row of a 2000-row page.
 */
import type { Statement } from 'better-sqlite3';
import type { CacheDb } from '../features/types.js';

const caches = new WeakMap<CacheDb, Map<string, Statement>>();

export function stmt(db: CacheDb, sql: string): Statement {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = db.prepare(sql)));
  return statement;
}
