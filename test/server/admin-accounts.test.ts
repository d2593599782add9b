/**
 * Accounts and roles on SQLite and PostgreSQL: the service (src/server/admin/accounts.ts), the
 * Beheer routes (403 for non-admins and for another municipality, 400 on bad input), the accounts
 * command line in-process (runAdmin), the append-only admin log and the migration.
 */
import { dirname, join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AdminError, adminLog, getAccount, grantRole, listAccounts, setDeputy, setDisabled, setRoles, type Actor } from '../../src/server/admin/accounts.js';
import { runAdmin } from '../../src/server/admin/cli.js';
import { migrateTo } from '../../src/server/db/migrator.js';
import { openDatabase, type ServerDatabase } from '../../src/server/db/open.js';
import { directoryFeature } from '../../src/server/features/directory/index.js';
import { serverFeatures } from '../../src/server/features/index.js';
import { AccountList, AdminAccount, AdminLogPage } from '../../src/shared/domain/admin.js';
import { ApprovalRequest } from '../../src/shared/domain/approvals.js';
import { api, freshStore, KINDS, skipKind, startServer, type Api, type TestServer, type TestStore } from './helpers.js';
import { SyncClient } from './sync-client.js';

const NOW = new Date('2026-11-30T08:00:00.000Z');

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

for (const kind of KINDS) {
  describe.skipIf(skipKind(kind))(`accounts and roles (${kind})`, () => {
    let t: TestServer;
    let http: Api;
    let adminToken: string;
    const admin: Actor = { name: 'admin', municipalityId: 'poperinge', roles: ['staff', 'admin'] };
    const db = () => t.server.db.kysely;
    const userId = async (username: string) => (await db().selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;

    let store: TestStore;
    beforeAll(async () => {
      store = await freshStore(kind);
      // SQLite: the file name the admin CLI opens in --data-dir
      const file = store.options.file ? join(dirname(store.options.file), 'pop-index.sqlite') : undefined;
      t = await startServer(kind, { features: serverFeatures, seed: { size: 120, today: '2026-11-28' }, ...(file ? { file } : {}) }, store);
      http = api(t.url);
      adminToken = (await http.login('admin')).token;
    });
    afterAll(async () => {
      await t?.stop();
      await store?.drop();
    });

    describe('service', () => {
      it('lists and finds the accounts of the own municipality only', async () => {
        const all = await listAccounts(db(), admin, { limit: 100 });
        expect(all.items.map((a) => a.username)).toContain('burgerzaken');
        expect(all.items.every((a) => a.municipalityId === 'poperinge')).toBe(true);
        expect(all.items.map((a) => a.username)).not.toContain('ieper');
        const found = await listAccounts(db(), admin, { q: 'BURGER' });
        expect(found.items.map((a) => a.username)).toEqual(['burgerzaken']);
        expect(found.items[0]).toMatchObject({ roles: ['staff', 'population'], disabled: false, password: true });
        expect(found.items[0]!.person).not.toBeNull();
        expect((await listAccounts(db(), admin, { q: '%' })).total).toBe(0); // wildcards are literal
        const demo = await getAccount(db(), admin, { username: 'demo' });
        expect(demo.deputy).not.toBeNull(); // the demo seed's deputy (the admin's person)
      });

      it('refuses non-admins and admins of another municipality', async () => {
        const staff: Actor = { name: 'demo', municipalityId: 'poperinge', roles: ['staff'] };
        await expect(listAccounts(db(), staff)).rejects.toMatchObject({ code: 'forbidden' });
        await expect(grantRole(db(), staff, { username: 'demo' }, 'dpo', NOW)).rejects.toBeInstanceOf(AdminError);
        const ieperAdmin: Actor = { name: 'x', municipalityId: 'ieper', roles: ['admin'] };
        await expect(getAccount(db(), ieperAdmin, { username: 'demo' })).rejects.toMatchObject({ code: 'forbidden' });
        await expect(setDisabled(db(), ieperAdmin, { username: 'demo' }, true, NOW)).rejects.toMatchObject({ code: 'forbidden' });
        expect((await listAccounts(db(), ieperAdmin, { limit: 100 })).items.map((a) => a.username)).toEqual(['ieper']);
      });

      it('a role change is logged with before and after, and changes what the user sees at the next sync', async () => {
        const login = await http.login('secretariaat');
        const client = new SyncClient(http, login.token);
        await client.sync();
        expect(client.resets).toBe(0);
        await grantRole(db(), admin, { username: 'secretariaat' }, 'dpo', NOW);
        const page = await client.pullPage();
        expect(page.reset).toBe(true); // the scope version changed with the roles
        const log = await adminLog(db(), admin, { target: 'secretariaat' });
        expect(log.items[0]).toMatchObject({ actor: 'admin', action: 'grant', target: 'secretariaat', before: { roles: ['staff', 'secretariat'] }, after: { roles: ['staff', 'secretariat', 'dpo'] } });
        // the same grant again changes nothing and logs nothing
        await grantRole(db(), admin, { username: 'secretariaat' }, 'dpo', NOW);
        expect((await adminLog(db(), admin, { target: 'secretariaat' })).items).toHaveLength(1);
      });

      it('an admin may not take away their own admin role or disable themselves', async () => {
        const self: Actor = { ...admin, userId: await userId('admin') };
        await expect(setRoles(db(), self, { username: 'admin' }, ['staff'], NOW)).rejects.toMatchObject({ code: 'conflict' });
        await expect(setDisabled(db(), self, { username: 'admin' }, true, NOW)).rejects.toMatchObject({ code: 'conflict' });
      });

      it('disabling ends the sessions; enabling lets the user sign in again', async () => {
        const { token } = await http.login('financien');
        expect((await http.get('/api/v1/me', token)).status).toBe(200);
        await setDisabled(db(), admin, { username: 'financien' }, true, NOW);
        expect((await http.get('/api/v1/me', token)).status).toBe(401);
        await expect(http.login('financien')).rejects.toThrow(/401/);
        await setDisabled(db(), admin, { username: 'financien' }, false, NOW);
        expect((await http.login('financien')).token).toBeTruthy();
        const log = await adminLog(db(), admin, { target: 'financien' });
        expect(log.items.map((e) => e.action)).toEqual(['enable', 'disable']);
      });

      it('sets a deputy of the same municipality and puts them on the open approval steps', async () => {
        const demo = await getAccount(db(), admin, { username: 'demo' });
        const dpo = await getAccount(db(), admin, { username: 'dpo' });
        const ieper = await db().selectFrom('people').select('id').where('municipality_id', '=', 'ieper').executeTakeFirstOrThrow();
        await expect(setDeputy(db(), admin, { username: 'demo' }, ieper.id, NOW)).rejects.toMatchObject({ code: 'invalid' });
        await expect(setDeputy(db(), admin, { username: 'demo' }, demo.person!.id, NOW)).rejects.toMatchObject({ code: 'invalid' });
        const after = await setDeputy(db(), admin, { username: 'demo' }, dpo.person!.id, NOW);
        expect(after.deputy).toEqual({ id: dpo.person!.id, name: dpo.person!.name });
        const rows = await db().selectFrom('approval_requests' as never).select('data' as never).execute();
        const waiting = rows
          .map((r) => ApprovalRequest.parse(JSON.parse((r as { data: string }).data)))
          .filter((r) => r.status === 'open')
          .flatMap((r) => r.steps)
          .filter((s) => s.approverId === demo.person!.id && s.state === 'waiting');
        expect(waiting.length).toBeGreaterThan(0);
        expect(waiting.every((s) => s.deputyId === dpo.person!.id)).toBe(true);
        const log = await adminLog(db(), admin, { target: 'demo' });
        expect(log.items[0]).toMatchObject({ action: 'deputy', before: { deputy: demo.deputy }, after: { deputy: { id: dpo.person!.id } } });
        await setDeputy(db(), admin, { username: 'demo' }, demo.deputy!.id, NOW);
      });

      it('a leaver removed by an import keeps no deputy and is nobody\'s deputy', async () => {
        const { approvalsFeature } = await import('../../src/server/features/approvals/index.js');
        const demo = await getAccount(db(), admin, { username: 'demo' });
        const deputyId = demo.deputy!.id;
        await db().transaction().execute((trx) =>
          approvalsFeature.onPeopleRemoved!({ trx, dialect: kind, now: NOW, municipalityId: 'poperinge', removed: [{ personId: deputyId, name: demo.deputy!.name, successorId: null, successorName: null }], warn: () => undefined }),
        );
        expect((await getAccount(db(), admin, { username: 'demo' })).deputy).toBeNull();
        await setDeputy(db(), admin, { username: 'demo' }, deputyId, NOW); // as the demo seed had it
      });

      it('pages the log, newest first', async () => {
        const first = await adminLog(db(), admin, { limit: 2 });
        expect(first.items).toHaveLength(2);
        expect(first.items[0]!.id).toBeGreaterThan(first.items[1]!.id);
        const second = await adminLog(db(), admin, { limit: 2, before: first.nextBefore! });
        expect(second.items[0]!.id).toBeLessThan(first.items[1]!.id);
        expect((await adminLog(db(), { ...admin, municipalityId: 'ieper' })).items).toEqual([]);
      });
    });

    describe('append-only admin log', () => {
      it('refuses UPDATE, DELETE and (SQLite) INSERT OR REPLACE of an existing entry', async () => {
        const [entry] = (await adminLog(db(), admin, { limit: 1 })).items;
        await expect(sql`UPDATE admin_log SET actor = 'someone' WHERE id = ${entry!.id}`.execute(db())).rejects.toThrow(/append-only/);
        await expect(sql`DELETE FROM admin_log WHERE id = ${entry!.id}`.execute(db())).rejects.toThrow(/append-only/);
        if (kind === 'sqlite') {
          await expect(sql`INSERT OR REPLACE INTO admin_log (id, at, actor, municipality_id, action, target) VALUES (${entry!.id}, 'x', 'x', 'poperinge', 'x', 'x')`.execute(db())).rejects.toThrow(/append-only/);
          await expect(sql`REPLACE INTO admin_log (id, at, actor, municipality_id, action, target) VALUES (${entry!.id}, 'x', 'x', 'poperinge', 'x', 'x')`.execute(db())).rejects.toThrow(/append-only/);
        } else {
          await expect(sql`TRUNCATE admin_log`.execute(db())).rejects.toThrow(/append-only/);
          await expect(sql`INSERT INTO admin_log (id, at, actor, municipality_id, action, target) VALUES (${entry!.id}, 'x', 'x', 'poperinge', 'x', 'x')`.execute(db())).rejects.toThrow();
        }
        const again = (await adminLog(db(), admin, { limit: 1 })).items[0];
        expect(again).toEqual(entry);
      });
    });

    describe('routes', () => {
      it('answers 403 to non-admins, whatever they ask', async () => {
        const { token } = await http.login('demo');
        const id = await userId('burgerzaken');
        for (const res of [
          await http.get('/api/v1/admin/accounts', token),
          await http.get(`/api/v1/admin/accounts/${id}`, token),
          await http.post(`/api/v1/admin/accounts/${id}/roles`, { roles: ['staff', 'admin'] }, token),
          await http.post(`/api/v1/admin/accounts/${id}/disabled`, { disabled: true }, token),
          await http.get('/api/v1/admin/log', token),
        ]) {
          expect(res).toMatchObject({ status: 403, body: { error: 'forbidden' } });
        }
        expect((await http.get('/api/v1/admin/accounts')).status).toBe(401);
      });

      it("answers 403 for another municipality's account", async () => {
        const id = await userId('ieper');
        expect((await http.get(`/api/v1/admin/accounts/${id}`, adminToken)).status).toBe(403);
        expect((await http.post(`/api/v1/admin/accounts/${id}/roles`, { roles: ['staff', 'admin'] }, adminToken)).status).toBe(403);
        expect((await http.post(`/api/v1/admin/accounts/${id}/disabled`, { disabled: true }, adminToken)).status).toBe(403);
        const account = await getAccount(db(), { name: 'x', municipalityId: 'ieper', roles: ['admin'] }, { id });
        expect(account).toMatchObject({ roles: ['staff'], disabled: false });
      });

      it('finds, reads and changes an account; the log shows it', async () => {
        const found = AccountList.parse((await http.get('/api/v1/admin/accounts?q=burger', adminToken)).body);
        const id = found.items[0]!.id;
        expect(AdminAccount.parse((await http.get(`/api/v1/admin/accounts/${id}`, adminToken)).body).username).toBe('burgerzaken');
        const changed = await http.post(`/api/v1/admin/accounts/${id}/roles`, { roles: ['staff', 'population', 'population_nrn'] }, adminToken);
        expect(changed.status).toBe(200);
        expect(AdminAccount.parse(changed.body).roles).toEqual(['staff', 'population', 'population_nrn']);
        const log = AdminLogPage.parse((await http.get('/api/v1/admin/log?limit=1', adminToken)).body);
        expect(log.items[0]).toMatchObject({ actor: 'admin', action: 'roles', target: 'burgerzaken', after: { roles: ['staff', 'population', 'population_nrn'] } });
        const self = await userId('admin');
        expect((await http.post(`/api/v1/admin/accounts/${self}/disabled`, { disabled: true }, adminToken)).status).toBe(409);
        const people = (await http.get('/api/v1/admin/people?q=a', adminToken)).body as unknown[];
        expect(people.length).toBeGreaterThan(0);
      });

      it('answers 400 to bad input and never crashes', async () => {
        const id = await userId('burgerzaken');
        const bad: Array<[string, string, unknown]> = [
          ['GET', '/api/v1/admin/accounts?q=%00nul', undefined],
          ['GET', '/api/v1/admin/accounts?limit=-1', undefined],
          ['GET', '/api/v1/admin/accounts?unknown=1', undefined],
          ['GET', '/api/v1/admin/accounts/bad%00id', undefined],
          ['GET', '/api/v1/admin/log?before=abc', undefined],
          ['GET', '/api/v1/admin/people?q=%00', undefined],
          ['POST', `/api/v1/admin/accounts/${id}/roles`, { roles: ['emperor'] }],
          ['POST', `/api/v1/admin/accounts/${id}/roles`, { roles: 'admin' }],
          ['POST', `/api/v1/admin/accounts/${id}/roles`, { roles: ['staff'], extra: 1 }],
          ['POST', `/api/v1/admin/accounts/${id}/deputy`, { deputyId: 'x\u0000y' }],
          ['POST', `/api/v1/admin/accounts/${id}/disabled`, { disabled: 'yes' }],
        ];
        for (const [method, path, body] of bad) {
          const res = method === 'GET' ? await http.get(path, adminToken) : await http.post(path, body, adminToken);
          expect({ path, status: res.status }).toEqual({ path, status: 400 });
        }
        const raw = await fetch(`${t.url}/api/v1/admin/accounts/${id}/roles`, {
          method: 'POST',
          headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json', 'x-pop-protocol': '1' },
          body: '{"roles": ["sta\\u0000ff"',
        });
        expect(raw.status).toBe(400);
        expect((await http.get('/api/v1/admin/accounts/no-such-account', adminToken)).status).toBe(404);
        expect((await http.get('/api/v1/health')).status).toBe(200);
      });
    });

    describe('command line', () => {
      const run = async (argv: string[]) => {
        const c = capture();
        const dataDir = store.options.file ? dirname(store.options.file) : undefined;
        const code = await runAdmin([...argv, ...(dataDir ? ['--data-dir', dataDir] : [])], c.io, { databaseUrl: store.url, now: () => NOW, actor: 'cli:tester' });
        return { code, out: c.out, err: c.err };
      };

      it('lists accounts (text and --json)', async () => {
        const text = await run(['accounts', 'list', '--municipality', 'poperinge']);
        expect(text.code).toBe(0);
        expect(text.out.some((l) => l.startsWith('dpo: staff, dpo'))).toBe(true);
        const json = await run(['accounts', 'list', '--municipality', 'poperinge', '--json']);
        const list = JSON.parse(json.out[0]!) as Array<{ username: string; roles: string[] }>;
        expect(list.find((a) => a.username === 'dpo')?.roles).toEqual(['staff', 'dpo']);
        expect(list.some((a) => a.username === 'ieper')).toBe(false);
      });

      it('grants, revokes, disables and enables, each logged with the CLI actor', async () => {
        expect(await run(['accounts', 'grant', 'DPO', 'secretariat', '--municipality', 'poperinge'])).toMatchObject({ code: 0, out: ['dpo: staff, secretariat, dpo'] });
        expect((await run(['accounts', 'revoke', 'dpo', 'secretariat', '--municipality', 'poperinge'])).code).toBe(0);
        expect((await run(['accounts', 'disable', 'dpo', '--municipality', 'poperinge'])).out[0]).toMatch(/disabled/);
        expect((await run(['accounts', 'enable', 'dpo', '--municipality', 'poperinge'])).code).toBe(0);
        const log = await adminLog(db(), admin, { target: 'dpo' });
        expect(log.items.map((e) => [e.actor, e.action])).toEqual([
          ['cli:tester', 'enable'],
          ['cli:tester', 'disable'],
          ['cli:tester', 'revoke'],
          ['cli:tester', 'grant'],
        ]);
      });

      it('says clearly what is wrong: unknown role (2), unknown user (1), other municipality (1), missing option (2)', async () => {
        const role = await run(['accounts', 'grant', 'dpo', 'emperor', '--municipality', 'poperinge']);
        expect(role.code).toBe(2);
        expect(role.err[0]).toMatch(/Unknown role "emperor"\. Roles: staff, secretariat/);
        const user = await run(['accounts', 'grant', 'nobody', 'dpo', '--municipality', 'poperinge']);
        expect(user).toMatchObject({ code: 1, err: ['No such account'] });
        const other = await run(['accounts', 'disable', 'ieper', '--municipality', 'poperinge']);
        expect(other.code).toBe(1);
        expect(other.err[0]).toMatch(/another municipality/);
        expect((await run(['accounts', 'list', '--municipality', 'atlantis'])).code).toBe(1);
        expect((await run(['accounts', 'list'])).code).toBe(2);
        expect((await run(['accounts', 'grant', 'dpo', '--municipality', 'poperinge'])).code).toBe(2);
        expect((await getAccount(db(), { name: 'x', municipalityId: 'ieper', roles: ['admin'] }, { username: 'ieper' })).disabled).toBe(false);
      });
    });
  });

  describe.skipIf(skipKind(kind))(`migration 2026_11_30_020_admin (${kind})`, () => {
    let store: TestStore;
    let database: ServerDatabase;
    afterEach(async () => {
      await database?.close();
      await store?.drop();
    });

    it('keeps the accounts of N-1, adds idp_roles (empty), the admin log and the deputies', async () => {
      store = await freshStore(kind);
      database = await openDatabase(store.url ?? undefined, { file: store.options.file });
      const k = database.kysely;
      await migrateTo(k, '2026_11_28_002_sync_order', [directoryFeature]);
      await k.insertInto('users').values({ id: 'u1', municipality_id: 'm', username: 'kept', display_name: 'Kept', password_hash: null, person_id: 'p1', roles: '["staff","admin"]', created_at: 'now' }).execute();
      await migrateTo(k, '2026_11_30_020_admin', [directoryFeature]);
      expect(await k.selectFrom('users').select(['username', 'roles', 'idp_roles']).execute()).toEqual([{ username: 'kept', roles: '["staff","admin"]', idp_roles: '[]' }]);
      await k.transaction().execute(async (trx) => {
        await trx.insertInto('admin_log').values({ at: 'now', actor: 'a', municipality_id: 'm', action: 'grant', target: 'kept', before: null, after: '{}' }).execute();
        await trx.insertInto('admin_log').values({ at: 'now', actor: 'a', municipality_id: 'm', action: 'grant', target: 'kept', before: null, after: '{}' }).execute();
      });
      expect((await k.selectFrom('admin_log').select('id').orderBy('id').execute()).map((r) => Number(r.id))).toEqual([1, 2]);
      await k.insertInto('approval_deputies').values({ person_id: 'p1', municipality_id: 'm', deputy_id: 'p2', updated_at: 'now' }).execute();
      await expect(k.insertInto('approval_deputies').values({ person_id: 'p1', municipality_id: 'm', deputy_id: 'p3', updated_at: 'now' }).execute()).rejects.toThrow();
    });
  });
}
