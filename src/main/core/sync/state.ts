/** Small typed access to the core's key/value state table (cursor, client id, last sync...). */
import { stmt } from '../cache/statements.js';
import { randomUUID } from 'node:crypto';
import type { CacheDb } from '../features/types.js';

export type StateKey = 'client_id' | 'cursor' | 'last_sync_at' | 'ready' | 'session_user' | 'bulk' | `bulk:${string}`;

export function getState(db: CacheDb, key: StateKey): string | null {
  const row = stmt(db, 'SELECT value FROM core_state WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function setState(db: CacheDb, key: StateKey, value: string | null): void {
  if (value === null) stmt(db, 'DELETE FROM core_state WHERE key = ?').run(key);
  else stmt(db, 'INSERT INTO core_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}

/** The persistent id of this installation's outbox (a uuid, created once). */
export function clientId(db: CacheDb): string {
  const existing = getState(db, 'client_id');
  if (existing) return existing;
  const id = randomUUID();
  setState(db, 'client_id', id);
  return id;
}
