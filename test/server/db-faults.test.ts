/**
 * Passing database faults are never final and never crash the backend.
 *   - PostgreSQL terminates the connection of a RUNNING query (restart, failover, an admin,
 *     idle_in_transaction_session_timeout): the request is answered 503 `unavailable` with
 *     Retry-After, the process carries on, the next request works.
 *   - The same during a push: the command is answered `retry` (nothing stored), the commands
 *     after it are not attempted (order kept); pushed again, each is applied exactly once.
 *   - SQLite busy (another writer holds the lock past busy_timeout): `retry` too.
 * The fault is real: a test connection holds an advisory lock the request waits for, and the
 * test terminates exactly that backend (found in pg_stat_activity), or holds a real write lock.
 */
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directoryFeature } from '../../src/server/features/directory/index.js';
import { isTransientDbError } from '../../src/server/db/errors.js';
import { openDatabase } from '../../src/server/db/open.js';
import { sql } from 'kysely';
import { PushResponse, type Command } from '../../src/shared/sync/protocol.js';
import { api, skipKind, startServer, type Api, type TestServer } from './helpers.js';
import { testingFeature, WAIT_LOCK_KEY } from './testing-feature.js';

const cmd = (seq: number, type: string, payload: Record<string, unknown>): Command => ({ seq, type, payload, createdAt: '2026-11-30T09:00:00.000Z' });

/** Polls a condition (never a timed assertion): up to ~10 s in 50 ms steps. */
async function until<T>(probe: () => Promise<T | null | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe.skipIf(skipKind('postgres'))('PostgreSQL drops a connection in use', () => {
  let t: TestServer;
  let http: Api;
  let token: string;
  let holder: pg.Client;
  let watcher: pg.Client;

  beforeAll(async () => {
    t = await startServer('postgres', { features: [directoryFeature, testingFeature] });
    http = api(t.url);
    token = (await http.login('admin')).token;
    holder = new pg.Client({ connectionString: t.store.url! });
    watcher = new pg.Client({ connectionString: t.store.url! });
    await holder.connect();
    await watcher.connect();
  });
  afterAll(async () => {
    await holder?.end().catch(() => undefined);
    await watcher?.end().catch(() => undefined);
    await t?.stop();
  });

  /** Hold the lock, start `request`, terminate the backend that waits for it, release; return the answer. */
  async function terminateWhileRunning<T>(request: () => Promise<T>): Promise<T> {
    await holder.query('SELECT pg_advisory_lock($1)', [WAIT_LOCK_KEY]);
    try {
      const answer = request();
      const pid = await until(async () => {
        const res = await watcher.query<{ pid: number }>(
          "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%pg_advisory_xact_lock(4242)%' AND pid <> pg_backend_pid()",
        );
        return res.rows[0]?.pid;
      }, 'the request to wait for the lock');
      await watcher.query('SELECT pg_terminate_backend($1)', [pid]);
      return await answer;
    } finally {
      await holder.query('SELECT pg_advisory_unlock($1)', [WAIT_LOCK_KEY]);
    }
  }

  it('answers the running request 503 unavailable with Retry-After and goes on serving', async () => {
    const res = await terminateWhileRunning(() =>
      fetch(`${t.url}/api/v1/testing/wait-lock`, { headers: { 'x-pop-protocol': '1', authorization: `Bearer ${token}` } }),
    );
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await res.json()).toMatchObject({ error: 'unavailable', message: expect.stringContaining('databank') });
    // The process is alive and the pool replaced the connection.
    const again = await http.get('/api/v1/testing/wait-lock', token);
    expect(again).toMatchObject({ status: 200, body: { ok: true } });
    expect((await http.get('/api/v1/me', token)).status).toBe(200);
  });

  it('push: the command waits (retry, nothing stored), the next ones are not attempted; pushed again each applies once', async () => {
    const clientId = randomUUID();
    const commands = [cmd(1, 'testing.increment', { id: 'before-fault', by: 1 }), cmd(2, 'testing.waitLock', { id: 'faulted' }), cmd(3, 'testing.increment', { id: 'after-fault', by: 1 })];
    const res = await terminateWhileRunning(() => http.post('/api/v1/sync/push', { clientId, commands }, token));
    expect(res.status).toBe(200);
    const results = PushResponse.parse(res.body).results;
    expect(results.map((r) => [r.status, r.status === 'applied' ? null : r.reason])).toEqual([
      ['applied', null],
      ['retry', 'unavailable'],
      ['retry', 'not_attempted'],
    ]);
    const stored = await t.server.db.kysely.selectFrom('sync_commands').select('seq').where('client_id', '=', clientId).execute();
    expect(stored.map((r) => r.seq)).toEqual([1]);
    // The desktop sends the same three again: the first is a replay, the others apply now, once.
    const again = PushResponse.parse((await http.post('/api/v1/sync/push', { clientId, commands }, token)).body).results;
    expect(again.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const counters = await t.server.db.kysely.withTables<{ test_counter: { id: string; value: number } }>().selectFrom('test_counter').selectAll().where('id', 'in', ['before-fault', 'faulted', 'after-fault']).orderBy('id').execute();
    expect(counters).toEqual([
      { id: 'after-fault', value: 1 },
      { id: 'before-fault', value: 1 },
      { id: 'faulted', value: 1 },
    ]);
  });

  it('a connection PostgreSQL terminated mid-query leaves the pool with its failed query, not after its socket closes', async () => {
    // The race behind a CI failure: the failed query's connection went back to the pool as idle
    // before node-postgres saw the socket close, and the next request was handed the dying one.
    const db = await openDatabase(t.store.url!, { poolSize: 1 });
    try {
      const marker = `pop_terminate_${randomUUID().replace(/-/g, '')}`;
      const running = sql`SELECT pg_sleep(30), ${marker}::text AS marker`.execute(db.kysely).catch((e: unknown) => e);
      const pid = await until(async () => {
        const res = await watcher.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE query LIKE '%pg_sleep(30)%' AND pid <> pg_backend_pid() AND state = 'active'");
        return res.rows[0]?.pid;
      }, 'the sleeping query');
      await watcher.query('SELECT pg_terminate_backend($1)', [pid]);
      const failure = await running;
      expect(isTransientDbError(failure)).toBe(true);
      // At once, in the same turn as the failure: the dying connection is no longer the pool's.
      expect(db.poolStats?.().total).toBe(0);
      const next = await sql<{ one: number }>`SELECT 1 AS one`.execute(db.kysely);
      expect(next.rows).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
    }
  });

  it('classifies real PostgreSQL faults as passing, and a rule violation as not', async () => {
    const c = new pg.Client({ connectionString: t.store.url! });
    await c.connect();
    const timeout = await c.query("SET statement_timeout = '10ms'; SELECT pg_sleep(1)").catch((e: unknown) => e);
    expect(isTransientDbError(timeout)).toBe(true); // 57014
    await c.query('RESET statement_timeout');
    const unique = await c.query("CREATE TEMP TABLE u (x int primary key); INSERT INTO u VALUES (1), (1)").catch((e: unknown) => e);
    expect(isTransientDbError(unique)).toBe(false); // 23505: a rule, not a passing fault
    await c.end();
    const refused = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:1/x', connectionTimeoutMillis: 2000 });
    expect(isTransientDbError(await refused.connect().catch((e: unknown) => e))).toBe(true); // ECONNREFUSED
  });
});

describe('SQLite busy', () => {
  let t: TestServer;
  let http: Api;
  let token: string;
  beforeAll(async () => {
    t = await startServer('sqlite', { features: [directoryFeature, testingFeature] });
    http = api(t.url);
    token = (await http.login('admin')).token;
  });
  afterAll(async () => t?.stop());

  it('a write lock held by another process past busy_timeout: retry, nothing stored; later applied once', async () => {
    const other = new Database(t.store.options.file!);
    other.pragma('busy_timeout = 0');
    other.exec('BEGIN IMMEDIATE');
    const clientId = randomUUID();
    const commands = [cmd(1, 'testing.increment', { id: 'busy', by: 1 })];
    let results;
    try {
      results = PushResponse.parse((await http.post('/api/v1/sync/push', { clientId, commands }, token)).body).results;
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(results[0]).toMatchObject({ status: 'retry', reason: 'unavailable' });
    const again = PushResponse.parse((await http.post('/api/v1/sync/push', { clientId, commands }, token)).body).results;
    expect(again[0]).toEqual({ seq: 1, status: 'applied', result: { value: 1 } });
  }, 30_000);

  it('classifies SQLITE_BUSY as passing and a constraint as not', () => {
    const a = new Database(':memory:');
    a.exec('CREATE TABLE u (x integer primary key)');
    a.exec('INSERT INTO u VALUES (1)');
    let constraint: unknown;
    try {
      a.exec('INSERT INTO u VALUES (1)');
    } catch (e) {
      constraint = e;
    }
    expect(isTransientDbError(constraint)).toBe(false);
    expect(isTransientDbError(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }))).toBe(true);
    a.close();
  });
});
