/**
 * Up-to-date pulls answered from memory (src/server/sync/up-to-date.ts) and sessions cached per
 * token (src/server/auth/session-cache.ts) never hide a committed change or a revocation beyond
 * their documented bounds:
 *   - a change committed through ANOTHER connection pool (as another backend process would; no poke
 *     of this process) is in the very next pull: no waiting, the pull waits for the LISTEN barrier;
 *   - a log row written without NOTIFY (which no code path does) is NOT seen while the memo holds, and
 *     is seen as soon as a notification for its tenant arrived: proves the memo answers and that
 *     the notification is what invalidates it;
 *   - LISTEN connection terminated: the memo is not used until listening again;
 *   - an epoch change (restore) NOTIFYs '*': the next pull says reset;
 *   - a pull the memo cannot answer (a cursor it does not know, or whose entry a notification made
 *     stale) does not wait for the LISTEN barrier; one it may answer waits; a stale entry sends the
 *     pull straight to the full pull;
 *   - the cursor of a full pull that ended up to date is remembered: the next pull is a memo answer;
 *   - logout / an admin's disable in this process: 401 at once; a session deleted by another
 *     process: 401 once the cache's TTL has passed on the server's clock (a test clock, no sleeping).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDisabled } from '../../src/server/admin/accounts.js';
import { hashToken } from '../../src/server/auth/accounts.js';
import { openDatabase, type ServerDatabase } from '../../src/server/db/open.js';
import { recordChange } from '../../src/server/sync/changes.js';
import type { ScopeWithVersion } from '../../src/server/auth/scope.js';
import { decodeCursor } from '../../src/server/sync/cursor.js';
import { NOTIFIER_APPLICATION_NAME, type ChangeListener, type ChangeNotifier } from '../../src/server/sync/notifier.js';
import { enableUpToDateMemo, upToDate, upToDateMemoHits } from '../../src/server/sync/up-to-date.js';
import { api, KINDS, skipKind, startServer, until, type Api, type TestServer } from './helpers.js';
import { SyncClient } from './sync-client.js';

/** Pulls until nothing is held back (PostgreSQL's cluster-wide horizon); returns every change seen. */
async function pullThrough(client: SyncClient): Promise<Array<{ id: string; op: string }>> {
  const seen: Array<{ id: string; op: string }> = [];
  await until(async () => {
    const page = await client.pullPage();
    seen.push(...page.changes);
    return page.held || page.hasMore ? undefined : true;
  }, 'the pull to catch up');
  return seen;
}

describe.skipIf(skipKind('postgres'))('up-to-date pulls from memory (postgres)', () => {
  let t: TestServer;
  let http: Api;
  let token: string;
  let other: ServerDatabase;
  let raw: pg.Client;
  let personId: string;

  beforeAll(async () => {
    t = await startServer('postgres');
    http = api(t.url);
    token = (await http.login('demo')).token;
    // Another connection pool on the same database: what another backend process would write.
    other = await openDatabase(t.store.url!);
    raw = new pg.Client({ connectionString: t.store.url! });
    await raw.connect();
    personId = (await other.kysely.selectFrom('people').select('id').where('municipality_id', '=', 'poperinge').orderBy('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await raw?.end().catch(() => undefined);
    await other?.close();
    await t?.stop();
  });

  /** Syncs, then pulls until the memo answered (so the next pull is a memo answer unless invalidated). */
  async function upToDateFromMemo(client: SyncClient): Promise<void> {
    await client.sync();
    const before = upToDateMemoHits(t.server.db);
    await until(async () => {
      const page = await client.pullPage();
      expect(page.changes).toEqual([]);
      return upToDateMemoHits(t.server.db) > before ? true : undefined;
    }, 'a pull answered from memory');
  }

  const renameElsewhere = async (title: string) => {
    await other.kysely.transaction().execute(async (trx) => {
      await trx.updateTable('people').set({ job_title: title }).where('id', '=', personId).execute();
      await recordChange(trx, { collection: 'people', id: personId, tenant: 'poperinge' });
    });
  };

  /** A log row stamped WITHOUT the NOTIFY recordChange sends (no code path does this). */
  const silentChange = async (title: string) => {
    await raw.query('BEGIN');
    await raw.query('UPDATE people SET job_title = $1 WHERE id = $2', [title, personId]);
    await raw.query(
      `UPDATE sync_changes SET seq = nextval('sync_change_seq'), xid = pg_current_xact_id(), deleted = 0 WHERE collection = 'people' AND row_id = $1`,
      [personId],
    );
    await raw.query('COMMIT');
  };

  it('a change committed by another connection is in the very next pull', async () => {
    const client = new SyncClient(http, token, 2000);
    await upToDateFromMemo(client);
    await renameElsewhere('Eerst elders gewijzigd');
    // No wait for the notification: the pull itself waits for the LISTEN barrier.
    const page = await client.pullPage();
    const seen = [...page.changes, ...(page.held ? await pullThrough(client) : [])];
    expect(seen).toEqual([expect.objectContaining({ op: 'upsert', id: personId, data: expect.objectContaining({ jobTitle: 'Eerst elders gewijzigd' }) })]);
  });

  it('the cursor of a page of changes that ends up to date is remembered: the next pull is a memo answer', async () => {
    const client = new SyncClient(http, token, 2000);
    await upToDateFromMemo(client);
    await renameElsewhere('Gewijzigd, dan onthouden');
    // Until the page that brings the change and holds nothing back (the cluster may hold it a moment).
    let seen = false;
    await until(async () => {
      const page = await client.pullPage();
      seen ||= page.changes.some((c) => c.id === personId);
      return seen && !page.held && !page.hasMore ? true : undefined;
    }, 'the change, nothing held');
    const hits = upToDateMemoHits(t.server.db);
    expect((await client.pullPage()).changes).toEqual([]);
    expect(upToDateMemoHits(t.server.db)).toBe(hits + 1);
  });

  it('the memo answers until a notification for the tenant arrives, and not after', async () => {
    const client = new SyncClient(http, token, 2000);
    await upToDateFromMemo(client);
    await silentChange('Stil gewijzigd');
    const hits = upToDateMemoHits(t.server.db);
    expect((await client.pullPage()).changes).toEqual([]); // from memory: nobody said anything changed
    expect(upToDateMemoHits(t.server.db)).toBe(hits + 1);
    await raw.query(`SELECT pg_notify('pop_changes', 'poperinge')`);
    const seen = await pullThrough(client);
    expect(seen).toEqual([expect.objectContaining({ op: 'upsert', id: personId })]);
    expect(client.get('people', personId)).toMatchObject({ jobTitle: 'Stil gewijzigd' });
  });

  it('a notification for another tenant leaves the memo alone', async () => {
    const client = new SyncClient(http, token, 2000);
    await upToDateFromMemo(client);
    // demo (poperinge, not regional) sees poperinge only.
    await raw.query(`SELECT pg_notify('pop_changes', 'tenant-nobody-sees')`);
    const hits = upToDateMemoHits(t.server.db);
    expect((await client.pullPage()).changes).toEqual([]);
    expect(upToDateMemoHits(t.server.db)).toBe(hits + 1);
  });

  it('while the LISTEN connection is down the memo is not used', async () => {
    const client = new SyncClient(http, token, 2000);
    await upToDateFromMemo(client);
    await silentChange('Gewijzigd terwijl niemand luisterde');
    // Ends the notifier's connection (waits until that backend is gone): its notifications are lost.
    const { rows } = await raw.query<{ ok: boolean }>(
      `SELECT pg_terminate_backend(pid, 10000) AS ok FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`,
      [NOTIFIER_APPLICATION_NAME],
    );
    expect(rows).toEqual([{ ok: true }]);
    const hits = upToDateMemoHits(t.server.db);
    const seen = await pullThrough(client);
    expect(seen).toEqual([expect.objectContaining({ op: 'upsert', id: personId })]);
    expect(upToDateMemoHits(t.server.db)).toBe(hits);
    // Listening again (the notifier reconnects by itself): the memo answers again.
    await upToDateFromMemo(client);
  });

  it('an epoch change (restore) notifies everyone: the next pull says reset', async () => {
    const client = new SyncClient(http, token, 2000);
    await upToDateFromMemo(client);
    await raw.query('BEGIN');
    await raw.query(`UPDATE server_meta SET value = 'epoch-after-restore' WHERE key = 'epoch'`);
    await raw.query(`SELECT pg_notify('pop_changes', '*')`); // what restoreBackup does
    await raw.query('COMMIT');
    const page = await client.pullPage();
    expect(page.reset).toBe(true);
  });
});

/** A notifier this test drives: counts barrier waits (each answers "listening"). */
function countingNotifier(): ChangeNotifier & { emit(tenant: string): void; barriers: number } {
  const listeners = new Set<ChangeListener>();
  const n = {
    barriers: 0,
    subscribe: (l: ChangeListener) => (listeners.add(l), () => void listeners.delete(l)),
    poke: () => undefined,
    barrier: async () => {
      n.barriers += 1;
      return true;
    },
    connection: () => 1,
    close: async () => listeners.clear(),
    emit: (tenant: string) => {
      for (const l of listeners) l(new Set([tenant]));
    },
  };
  return n;
}

describe.skipIf(skipKind('postgres'))('the LISTEN barrier only when the memo may answer (postgres)', () => {
  let t: TestServer;
  beforeAll(async () => {
    // The server's own memo off: this test's memo, with a notifier it drives, is the only one.
    t = await startServer('postgres', { pullMemo: false });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('an unknown cursor runs the statement at once, a stale one goes to the full pull; a remembered one waits for the barrier', async () => {
    const http = api(t.url);
    const client = new SyncClient(http, (await http.login('demo')).token, 2000);
    await client.sync();
    const from = decodeCursor(client.cursor!);
    const scope = { visibleTenants: ['poperinge'], version: from.s } as unknown as ScopeWithVersion;
    const notifier = countingNotifier();
    const off = enableUpToDateMemo(t.server.db, notifier);
    try {
      const ask = () => upToDate(t.server.db, true, scope, from);
      // Not known to the memo: the statement answers (again while the cluster holds changes back).
      await until(async () => ((await ask())?.held === false ? true : undefined), 'an up-to-date answer with nothing held');
      expect(notifier.barriers).toBe(0);
      // Remembered now: the memo may answer, so the pull waits for the barrier first.
      const hits = upToDateMemoHits(t.server.db);
      expect(await ask()).toMatchObject({ held: false, changes: [] });
      expect(notifier.barriers).toBe(1);
      expect(upToDateMemoHits(t.server.db)).toBe(hits + 1);
      // A notification for the tenant made the entry stale: no barrier, no statement, the full
      // pull answers (null); the entry is gone, so the statement answers the next one.
      notifier.emit('poperinge');
      expect(await ask()).toBeNull();
      expect(notifier.barriers).toBe(1);
      await until(async () => ((await ask())?.held === false ? true : undefined), 'an up-to-date answer with nothing held');
      expect(notifier.barriers).toBe(1);
      expect(upToDateMemoHits(t.server.db)).toBe(hits + 1);
    } finally {
      off();
    }
  });
});

describe.each(KINDS)('sessions cached per token (%s)', (kind) => {
  let t: TestServer;
  let http: Api;
  let clock: number;
  const TTL = 5_000;

  beforeAll(async () => {
    if (skipKind(kind)) return;
    clock = Date.parse('2026-11-30T10:00:00Z');
    t = await startServer(kind, { now: () => new Date(clock), authCacheMs: TTL });
    http = api(t.url);
  });
  afterAll(async () => {
    await t?.stop();
  });

  const pullStatus = async (token: string) => (await http.get('/api/v1/sync/pull?limit=1', token)).status;

  it.skipIf(skipKind(kind))('logout: the token is refused at once', async () => {
    const { token } = await http.login('demo');
    expect(await pullStatus(token)).toBe(200);
    expect(await pullStatus(token)).toBe(200); // cached now
    expect((await http.post('/api/v1/auth/logout', undefined, token)).status).toBe(204);
    expect(await pullStatus(token)).toBe(401);
  });

  it.skipIf(skipKind(kind))('an account disabled by an admin in this process: refused at once', async () => {
    const { token, user } = await http.login('ieper');
    expect(await pullStatus(token)).toBe(200);
    await setDisabled(t.server.db.kysely, { name: 'test', municipalityId: user.municipalityId, roles: ['admin'], userId: 'someone-else' }, { id: user.id }, true, new Date(clock));
    expect(await pullStatus(token)).toBe(401);
  });

  it.skipIf(skipKind(kind))('a session deleted by another process: refused once the cache TTL has passed', async () => {
    const { token } = await http.login('demo');
    expect(await pullStatus(token)).toBe(200);
    const other = await openDatabase(t.store.url ?? undefined, { file: t.store.options.file ?? undefined });
    try {
      await other.kysely.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
    } finally {
      await other.close();
    }
    // This process was not told: the cached session answers for a while (each entry lives between
    // half the TTL and the TTL, spread so that sessions cached together are not read again together)
    // and never past the TTL (the documented bound).
    clock += TTL / 2 - 1;
    expect(await pullStatus(token)).toBe(200);
    clock += TTL / 2 + 1;
    expect(await pullStatus(token)).toBe(401);
  });
});
