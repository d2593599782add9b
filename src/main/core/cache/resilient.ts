/**
 * Opening the cache on a bad day. The cache is a copy of the server's data, so it can always be
 * fetched again — except the outbox (what the user did that the server has not seen yet) and the
 * client id its sequence numbers belong to. So:
 *
 *   corrupt or not a database (SQLITE_CORRUPT, SQLITE_NOTADB, a failing quick_check, or a marker
 *   left when corruption showed up while running): the pending outbox, the client id and the
 *   signed-in user are read out of the broken file as far as it still reads, the file is moved
 *   aside (cache.broken-<time>.sqlite), a fresh cache is created and they are put back; the next
 *   sync fills the rest. The user is told in one sentence.
 *
 *   read-only or full data folder (SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_FULL, EACCES, EROFS,
 *   ENOSPC): a copy in memory of the existing cache is used for this session (what was cached
 *   stays readable, syncing works until the app closes), else an empty in-memory cache; the
 *   message names the folder.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { CacheDb } from '../features/types.js';
import type { Logger } from '../logging/logger.js';
import { openCache } from './db.js';

export type CacheNoticeCode = 'cache_rebuilt' | 'data_folder_unwritable';

export interface CacheNotice {
  code: CacheNoticeCode;
  /** The data folder, for the message. */
  folder: string;
  /** Pending outbox commands kept (cache_rebuilt). */
  kept: number;
}

export interface OpenedCache {
  db: CacheDb;
  notice: CacheNotice | null;
}

const CORRUPT = /^SQLITE_(CORRUPT|NOTADB)/;
const UNWRITABLE = /^(SQLITE_(READONLY|CANTOPEN|FULL|IOERR|PERM)|EACCES|EPERM|EROFS|ENOSPC)/;

function codeOf(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
}

export function isCorruption(err: unknown): boolean {
  return CORRUPT.test(codeOf(err));
}

export function isUnwritable(err: unknown): boolean {
  return UNWRITABLE.test(codeOf(err));
}

/** The marker a running core leaves when it meets corruption: the next start rebuilds. */
export function corruptionMarker(file: string): string {
  return `${file}.corrupt`;
}

export function markCorrupt(file: string): void {
  try {
    writeFileSync(corruptionMarker(file), new Date().toISOString());
  } catch {
    // an unwritable folder: nothing more to do, the next open will find the corruption itself
  }
}

interface Salvage {
  outbox: Record<string, unknown>[];
  state: { key: string; value: string }[];
}

/** What can still be read of the outbox and the few state keys that must survive. */
function salvage(file: string, nativeBinding?: string): Salvage {
  const out: Salvage = { outbox: [], state: [] };
  let broken: Database.Database | null = null;
  try {
    broken = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    try {
      out.outbox = broken.prepare("SELECT * FROM core_outbox WHERE status = 'pending' ORDER BY seq").all() as Record<string, unknown>[];
    } catch {
      // the outbox pages are damaged too: nothing to keep
    }
    try {
      out.state = broken.prepare("SELECT key, value FROM core_state WHERE key IN ('client_id', 'session_user')").all() as Salvage['state'];
    } catch {
      // keep going without
    }
  } catch {
    // not even openable
  } finally {
    broken?.close();
  }
  return out;
}

function moveAside(file: string, at: Date): void {
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  const target = join(dirname(file), `cache.broken-${stamp}.sqlite`);
  renameSync(file, target);
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix);
  }
  rmSync(corruptionMarker(file), { force: true });
}

function restore(db: CacheDb, saved: Salvage): number {
  db.transaction(() => {
    for (const s of saved.state) db.prepare('INSERT INTO core_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(s.key, s.value);
    const columns = new Set((db.prepare('PRAGMA table_info(core_outbox)').all() as { name: string }[]).map((c) => c.name));
    for (const row of saved.outbox) {
      const keys = Object.keys(row).filter((k) => columns.has(k));
      db.prepare(`INSERT INTO core_outbox (${keys.join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`).run(...keys.map((k) => row[k]));
    }
  })();
  return saved.outbox.length;
}

export function openCacheResilient(
  file: string,
  migrate: (db: CacheDb) => void,
  options: { nativeBinding?: string; log: Logger; now?: () => Date },
): OpenedCache {
  const { log } = options;
  const folder = dirname(file);
  const existed = existsSync(file);
  let db: CacheDb | null = null;
  try {
    if (existsSync(corruptionMarker(file))) throw Object.assign(new Error('corruption seen while running'), { code: 'SQLITE_CORRUPT' });
    db = openCache(file, { nativeBinding: options.nativeBinding });
    if (existed) {
      const check = db.pragma('quick_check(1)', { simple: true });
      if (check !== 'ok') throw Object.assign(new Error('quick_check failed'), { code: 'SQLITE_CORRUPT' });
    }
    migrate(db);
    return { db, notice: null };
  } catch (err) {
    try {
      db?.close();
    } catch {
      // already unusable
    }
    const code = codeOf(err);
    if (CORRUPT.test(code)) {
      log.error('cache is corrupt: rebuilding it, the outbox is kept', { code });
      const saved = salvage(file, options.nativeBinding);
      moveAside(file, (options.now ?? (() => new Date()))());
      const fresh = openCache(file, { nativeBinding: options.nativeBinding });
      migrate(fresh);
      const kept = restore(fresh, saved);
      return { db: fresh, notice: { code: 'cache_rebuilt', folder, kept } };
    }
    if (UNWRITABLE.test(code)) {
      log.error('data folder is not writable: read-only cache for this session', { code });
      if (existed) {
        try {
          // A copy in memory of what the file holds: readable (and syncable for this session)
          // without writing a byte into the folder. WAL mode is switched off in the copy's header.
          const bytes = readFileSync(file);
          bytes[18] = 1;
          bytes[19] = 1;
          const copy = new Database(bytes, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) as CacheDb;
          migrate(copy);
          return { db: copy, notice: { code: 'data_folder_unwritable', folder, kept: 0 } };
        } catch {
          // unreadable too: an empty cache for this session
        }
      }
      const memory = openCache(':memory:');
      migrate(memory);
      return { db: memory, notice: { code: 'data_folder_unwritable', folder, kept: 0 } };
    }
    throw err;
  }
}
