/**
 * openDatabase(url?, { file }): PostgreSQL when `url` starts with postgres:// (or postgresql://),
 * otherwise a SQLite file (better-sqlite3, WAL). Both behind the same Kysely<ServerDb>.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DialectName } from '../features/types.js';
import type { ServerDb } from './schema.js';

export interface ServerDatabase {
  kysely: Kysely<ServerDb>;
  dialect: DialectName;
  /** The PostgreSQL connection string (LISTEN needs its own connection), else null. */
  url: string | null;
  /** The SQLite file, else null. */
  file: string | null;
  /** Connections for the metrics: the PostgreSQL pool's counts; SQLite has one connection (idle: null). */
  poolStats?(): { total: number; idle: number | null; waiting: number };
  close(): Promise<void>;
}

export interface OpenOptions {
  /** SQLite file (created with its folder when missing); ':memory:' for a throw-away database. */
  file?: string;
  /**
   * Told when PostgreSQL drops a pooled connection, idle or in use (restart, failover, an admin
   * terminating it, idle_in_transaction_session_timeout). The pool replaces it; a query that was
   * running on it fails with a transient error (db/errors.ts) and is answered as such.
   */
  onIdleError?: (err: Error) => void;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
}

export const DEFAULT_SQLITE_FILE = '.data/server/pop-index.sqlite';

export function isPostgresUrl(url: string | undefined | null): url is string {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

/** int8 (count(*), bigint sequences) as JS numbers: our values stay far below 2^53. */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 && format !== 'binary') return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export async function openDatabase(url?: string, options: OpenOptions = {}): Promise<ServerDatabase> {
  if (isPostgresUrl(url)) {
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, types: pgTypes });
    // An idle connection that PostgreSQL drops (restart, admin termination) is emitted here; without
    // a listener it would crash the process. The pool replaces it on the next query.
    pool.on('error', (err) => options.onIdleError?.(err));
    // A connection checked out of the pool has no pool listener: when PostgreSQL terminates it
    // mid-query, node-postgres emits 'error' on the client, which without a listener of its own
    // would crash the whole backend. The running query still fails (and is answered 503/retry);
    // pg-pool drops the broken client when it is released.
    pool.on('connect', (client) => {
      client.on('error', (err) => options.onIdleError?.(err));
    });
    // Fail fast with a clear message when the server is unreachable.
    const client = await pool.connect().catch(async (err: unknown) => {
      await pool.end().catch(() => undefined);
      throw new Error(`Cannot connect to PostgreSQL (${redactUrl(url)}): ${err instanceof Error ? err.message : String(err)}`);
    });
    client.release();
    const kysely = new Kysely<ServerDb>({ dialect: new PostgresDialect({ pool: dropOnFatal(pool) }) });
    const poolStats = () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount });
    return { kysely, dialect: 'postgres', url, file: null, poolStats, close: () => kysely.destroy() };
  }
  if (url) throw new Error(`Unsupported database URL (expected postgres://...): ${redactUrl(url)}`);
  const file = options.file ?? DEFAULT_SQLITE_FILE;
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  // REPLACE / INSERT OR REPLACE delete the old row: with recursive triggers on, that delete meets the
  // append-only tables' DELETE triggers instead of silently rewriting a row.
  sqlite.pragma('recursive_triggers = ON');
  const kysely = new Kysely<ServerDb>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { kysely, dialect: 'sqlite', url: null, file, poolStats: () => ({ total: 1, idle: null, waiting: 0 }), close: () => kysely.destroy() };
}

/**
 * A FATAL error (an admin or a failover terminating the backend: 57P01, a server shutting down)
 * ends the connection on PostgreSQL's side, but node-postgres learns that only from the socket's
 * close, a moment later. Kysely releases the connection of the failed query at once, so pg-pool
 * took it back as idle and could hand the dying connection to the next request (a CI failure:
 * the request after a terminated one answered 503 too). Each checked-out client is wrapped: after
 * a FATAL error its release passes that error, and pg-pool drops a client released with an error.
 */
function dropOnFatal(pool: pg.Pool): { connect(): Promise<pg.PoolClient>; end(): Promise<void> } {
  return {
    async connect() {
      const client = await pool.connect();
      let fatal: unknown = null;
      const wrapped = Object.create(client) as pg.PoolClient;
      wrapped.query = ((...args: Parameters<pg.PoolClient['query']>) => {
        const result = (client.query as (...a: unknown[]) => unknown)(...args);
        if (!(result instanceof Promise)) return result;
        return result.catch((err: unknown) => {
          const severity = (err as { severity?: unknown } | null)?.severity;
          if (severity === 'FATAL' || severity === 'PANIC') fatal = err;
          throw err;
        });
      }) as pg.PoolClient['query'];
      wrapped.release = () => client.release(fatal instanceof Error ? fatal : undefined);
      return wrapped;
    },
    end: () => pool.end(),
  };
}

/**
 * Kysely prepares every query anew; on a busy server (a pull every second from each desktop) that
 * was a tenth of the CPU. Statements are kept by their SQL (the same query builder gives the same
 * text); schema changes clear the cache. Kysely runs one query at a time on this connection.
 */
function withStatementCache(sqlite: Database.Database): { prepare(sql: string): Database.Statement; close(): void } {
  const cache = new Map<string, Database.Statement>();
  return {
    prepare(text) {
      if (/^\s*(create|alter|drop)\b/i.test(text)) {
        cache.clear();
        return sqlite.prepare(text);
      }
      let stmt = cache.get(text);
      if (!stmt) {
        if (cache.size >= 1000) cache.clear();
        stmt = sqlite.prepare(text);
        cache.set(text, stmt);
      }
      return stmt;
    },
    close: () => sqlite.close(),
  };
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
