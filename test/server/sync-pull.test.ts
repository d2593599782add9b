/**
 * Pull on SQLite and PostgreSQL: pagination and progress, tenant and right scoping (a user never
 * receives rows of another tenant or rows they may not see), tombstones, revoked visibility as
 * deletes, reset on another server epoch or a changed scope.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/server/auth/accounts.js';
import { directoryFeature } from '../../src/server/features/directory/index.js';
import type { ServerFeature, SyncedCollection } from '../../src/server/features/types.js';
import { recordChange } from '../../src/server/sync/changes.js';
import { PullResponse } from '../../src/shared/sync/protocol.js';
import { expectedDirectory } from './expected.js';
import { api, KINDS, skipKind, startServer, type Api, type TestServer } from './helpers.js';
import { SyncClient } from './sync-client.js';

/** Departments only for admins: a right that can be lost. */
const gatedDepartments: SyncedCollection = {
  async load(ctx, ids) {
    if (!ctx.scope.user.roles.includes('admin')) return [];
    return directoryFeature.collections.departments!.load(ctx, ids);
  },
};
const features: ServerFeature[] = [{ ...directoryFeature, collections: { ...directoryFeature.collections, departments: gatedDepartments } }];

function checkClient(client: SyncClient, expected: Awaited<ReturnType<typeof expectedDirectory>>, departments = true): void {
  expect(client.ids('municipalities')).toEqual(expected.municipalities);
  expect(client.ids('people')).toEqual(expected.people);
  expect(client.ids('departments')).toEqual(departments ? expected.departments : []);
  for (const id of expected.people) {
    const b = client.get('people', id)!.birthday as { month: number; day: number } | null;
    expect(b ? `${b.month}-${b.day}` : undefined).toBe(expected.birthdays.get(id));
  }
}

for (const kind of KINDS) {
  describe.skipIf(skipKind(kind))(`sync pull (${kind})`, () => {
    let t: TestServer;
    let http: Api;
    const db = () => t.server.db.kysely;

    beforeAll(async () => {
      // Scope changes below are made in SQL by hand, as another process would: with the session cache on they
      // reach a pull within AUTH_CACHE_MS (that bound is tested in pull-memo.test.ts); here at once.
      t = await startServer(kind, { features, authCacheMs: 0 });
      http = api(t.url);
      // A user of Lo-Reninge (not regional) to check isolation both ways.
      await db()
        .insertInto('users')
        .values({ id: 'u-lo', municipality_id: 'lo-reninge', username: 'lo', display_name: 'Lo', password_hash: await hashPassword('lo-secret'), person_id: null, roles: '["staff"]', created_at: new Date().toISOString() })
        .execute();
    });
    afterAll(async () => t?.stop());

    it('syncs page by page with progress, and the copy equals the server view of that user', async () => {
      const client = new SyncClient(http, (await http.login('demo')).token, 47);
      const first = await client.pullPage();
      expect(first.reset).toBe(false);
      expect(first.changes.every((c) => c.op === 'upsert')).toBe(true);
      expect(first.hasMore).toBe(true);
      let remaining = first.remaining!;
      expect(remaining).toBeGreaterThan(0);
      for (;;) {
        const page = await client.pullPage();
        expect(page.remaining!).toBeLessThan(remaining + 1);
        remaining = page.remaining!;
        if (!page.hasMore) break;
      }
      expect(remaining).toBe(0);
      expect(client.pages).toBeGreaterThan(5);
      checkClient(client, await expectedDirectory(db(), 'poperinge'), false);
      // Caught up: an empty page with the same position.
      const again = await client.pullPage();
      expect(again).toMatchObject({ changes: [], hasMore: false, reset: false, remaining: 0 });
    });

    it('never gives a user rows of a tenant they may not see, nor birthdays without opt-in', async () => {
      const ieper = new SyncClient(http, (await http.login('ieper')).token, 500);
      await ieper.sync();
      const exp = await expectedDirectory(db(), 'ieper');
      checkClient(ieper, exp, false);
      const tenants = new Set([...ieper.rows.get('people')!.values()].map((p) => p.municipalityId));
      expect(tenants.has('lo-reninge')).toBe(false);
      expect(tenants.has('poperinge')).toBe(true); // regional, opted in
      const optedOut = await db().selectFrom('people').select('id').where('municipality_id', '=', 'poperinge').where('regional_visible', '=', 0).execute();
      expect(optedOut.length).toBeGreaterThan(0);
      for (const p of optedOut) expect(ieper.get('people', p.id)).toBeUndefined();

      const lo = new SyncClient(http, (await http.login('lo', 'lo-secret')).token, 500);
      await lo.sync();
      expect(lo.ids('municipalities')).toEqual(['lo-reninge']);
      const loTenants = new Set([...lo.rows.get('people')!.values()].map((p) => p.municipalityId));
      expect([...loTenants]).toEqual(['lo-reninge']);
    });

    it('sends updates, deletions as tombstones and revoked visibility as deletes', async () => {
      const client = new SyncClient(http, (await http.login('demo')).token, 500);
      await client.sync();
      const [own] = await db().selectFrom('people').select(['id']).where('municipality_id', '=', 'poperinge').orderBy('id', 'desc').limit(1).execute();
      const [regional] = await db().selectFrom('people').select(['id']).where('municipality_id', '=', 'ieper').where('regional_visible', '=', 1).limit(1).execute();
      expect(client.get('people', regional!.id)).toBeDefined();
      await db().transaction().execute(async (trx) => {
        await trx.updateTable('people').set({ job_title: 'Stafmedewerker' }).where('id', '=', own!.id).execute();
        await recordChange(trx, { collection: 'people', id: own!.id, tenant: 'poperinge' });
      });
      await client.sync();
      expect(client.get('people', own!.id)!.jobTitle).toBe('Stafmedewerker');

      await db().transaction().execute(async (trx) => {
        await trx.deleteFrom('people').where('id', '=', own!.id).execute();
        await recordChange(trx, { collection: 'people', id: own!.id, tenant: 'poperinge', deleted: true });
        await trx.updateTable('people').set({ regional_visible: 0 }).where('id', '=', regional!.id).execute();
        await recordChange(trx, { collection: 'people', id: regional!.id, tenant: 'ieper' });
      });
      const page = await client.pullPage();
      expect(page.changes).toEqual(
        expect.arrayContaining([
          { op: 'delete', collection: 'people', id: own!.id },
          { op: 'delete', collection: 'people', id: regional!.id },
        ]),
      );
      expect(client.get('people', own!.id)).toBeUndefined();
      expect(client.get('people', regional!.id)).toBeUndefined();
      checkClient(client, await expectedDirectory(db(), 'poperinge'), false);
      // The change log stays compact: one row per (collection, id).
      const log = await db().selectFrom('sync_changes').select((eb) => eb.fn.countAll<number>().as('n')).where('row_id', '=', own!.id).executeTakeFirstOrThrow();
      expect(Number(log.n)).toBe(1);
    });

    it('answers reset when the server epoch changed (restored database) and re-syncs from scratch', async () => {
      const client = new SyncClient(http, (await http.login('demo')).token, 500);
      await client.sync();
      const before = client.ids('people');
      client.rows.get('people')!.set('ghost', { id: 'ghost' }); // something a restored server never had
      // What a restore does (ops/restore.ts): the new epoch, and on PostgreSQL NOTIFY '*' in the same
      // transaction (a backend's pull memo may remember the client's up-to-date cursor).
      await db()
        .transaction()
        .execute(async (trx) => {
          await trx.updateTable('server_meta').set({ value: 'restored-epoch' }).where('key', '=', 'epoch').execute();
          if (kind === 'postgres') await sql`SELECT pg_notify('pop_changes', '*')`.execute(trx);
        });
      const page = await client.pullPage();
      expect(page.reset).toBe(true);
      await client.sync();
      expect(client.ids('people')).toEqual(before);
      expect(client.resets).toBe(1);
    });

    it('answers reset when the server epoch changed, also when changes follow the cursor', async () => {
      const client = new SyncClient(http, (await http.login('demo')).token, 500);
      await client.sync();
      const before = client.ids('people');
      const [person] = await db().selectFrom('people').select(['id']).where('municipality_id', '=', 'poperinge').orderBy('id').limit(1).execute();
      await db()
        .transaction()
        .execute(async (trx) => {
          await trx.updateTable('people').set({ job_title: 'Na het herstel' }).where('id', '=', person!.id).execute();
          await recordChange(trx, { collection: 'people', id: person!.id, tenant: 'poperinge' });
          await trx.updateTable('server_meta').set({ value: 'restored-epoch-2' }).where('key', '=', 'epoch').execute();
        });
      const page = await client.pullPage();
      expect(page.reset).toBe(true);
      await client.sync();
      expect(client.ids('people')).toEqual(before);
      expect(client.get('people', person!.id)).toMatchObject({ jobTitle: 'Na het herstel' });
      expect(client.resets).toBe(1);
    });

    it('losing a right removes its rows at the next pull (scope change -> reset)', async () => {
      await db().updateTable('users').set({ roles: '["staff","admin"]' }).where('username', '=', 'demo').execute();
      const client = new SyncClient(http, (await http.login('demo')).token, 500);
      await client.sync();
      const exp = await expectedDirectory(db(), 'poperinge');
      checkClient(client, exp, true);
      await db().updateTable('users').set({ roles: '["staff"]' }).where('username', '=', 'demo').execute();
      await client.sync();
      expect(client.resets).toBe(1);
      checkClient(client, exp, false);
    });

    it('a municipality leaving the region disappears from the other municipalities at the next pull', async () => {
      const client = new SyncClient(http, (await http.login('demo')).token, 500);
      await client.sync();
      expect(client.ids('municipalities')).toContain('vleteren');
      await db().updateTable('municipalities').set({ regional: 0 }).where('id', '=', 'vleteren').execute();
      try {
        await client.sync();
        expect(client.ids('municipalities')).not.toContain('vleteren');
        const people = [...client.rows.get('people')!.values()];
        expect(people.some((p) => p.municipalityId === 'vleteren')).toBe(false);
        checkClient(client, await expectedDirectory(db(), 'poperinge'), false);
      } finally {
        await db().updateTable('municipalities').set({ regional: 1 }).where('id', '=', 'vleteren').execute();
      }
    });

    it('refuses a disabled account', async () => {
      const token = (await http.login('lo', 'lo-secret')).token;
      await db().updateTable('users').set({ disabled: 1 }).where('id', '=', 'u-lo').execute();
      expect((await http.get('/api/v1/sync/pull', token)).status).toBe(401);
      expect((await http.post('/api/v1/auth/login', { username: 'lo', password: 'lo-secret' })).status).toBe(401);
    });

    it('validates its own answers against the protocol (limit clamps, cursor round-trips)', async () => {
      const token = (await http.login('demo')).token;
      const res = await http.get('/api/v1/sync/pull?limit=2000', token);
      const page = PullResponse.parse(res.body);
      expect(page.changes.length).toBeLessThanOrEqual(2000);
    });
  });
}
