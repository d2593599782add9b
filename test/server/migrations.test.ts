/**
 * Migrations on SQLite and PostgreSQL, each with its test: migrate to N-1, insert, migrate to N,
 * assert. Plus: every registered migration (all features) applies to a fresh database, twice.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { allMigrations, migrateTo, migrateToLatest } from '../../src/server/db/migrator.js';
import { openDatabase, type ServerDatabase } from '../../src/server/db/open.js';
import { directoryFeature } from '../../src/server/features/directory/index.js';
import { serverFeatures } from '../../src/server/features/index.js';
import { recordChange } from '../../src/server/sync/changes.js';
import { freshStore, KINDS, skipKind, type TestStore } from './helpers.js';

const features = [directoryFeature];

for (const kind of KINDS) {
  describe.skipIf(skipKind(kind))(`migrations (${kind})`, () => {
    let store: TestStore;
    let db: ServerDatabase;
    const open = async () => {
      store = await freshStore(kind);
      db = await openDatabase(store.url ?? undefined, { file: store.options.file });
      return db.kysely;
    };
    afterEach(async () => {
      await db?.close();
      await store?.drop();
    });

    it('orders the migrations by name: core, directory, then features', () => {
      const names = allMigrations(serverFeatures).map((m) => m.name);
      expect(names.slice(0, 3)).toEqual(['2026_11_28_000_core', '2026_11_28_001_directory', '2026_11_28_002_sync_order']);
      expect([...names].sort()).toEqual(names);
    });

    it('2026_11_28_000_core: creates the epoch, the change counter and empty sync tables', async () => {
      const k = await open();
      await migrateTo(k, '2026_11_28_000_core', features);
      const meta = await k.selectFrom('server_meta').selectAll().orderBy('key').execute();
      expect(meta.map((m) => m.key)).toEqual(['epoch', 'sync_seq']);
      expect(meta[0]!.value).toMatch(/^[0-9a-f-]{36}$/);
      await k.insertInto('users').values({ id: 'u1', municipality_id: 'm', username: 'a', display_name: 'A', password_hash: null, person_id: null, roles: '[]', created_at: 'now' }).execute();
      await expect(k.insertInto('users').values({ id: 'u2', municipality_id: 'm', username: 'a', display_name: 'B', password_hash: null, person_id: null, roles: '[]', created_at: 'now' }).execute()).rejects.toThrow();
    });

    it('2026_11_30_003_command_hash: keeps stored outcomes (hash null, matched by type as before) and adds the column', async () => {
      const k = await open();
      await migrateTo(k, '2026_11_28_002_sync_order', features);
      await sql`INSERT INTO sync_commands (user_id, client_id, seq, type, status, result, applied_at) VALUES ('u1', 'c1', 1, 'letters.reserve', 'applied', '{"number":"2026/00001"}', 'now')`.execute(k);
      await migrateTo(k, '2026_11_30_003_command_hash', features);
      const rows = await k.selectFrom('sync_commands').selectAll().execute();
      expect(rows).toEqual([{ user_id: 'u1', client_id: 'c1', seq: 1, type: 'letters.reserve', status: 'applied', result: '{"number":"2026/00001"}', applied_at: 'now', command_hash: null }]);
      await k.updateTable('sync_commands').set({ command_hash: 'abc' }).execute();
      expect((await k.selectFrom('sync_commands').select('command_hash').executeTakeFirstOrThrow()).command_hash).toBe('abc');
    });

    it('2026_11_28_001_directory: keeps the accounts and change log of N-1 and adds the directory', async () => {
      const k = await open();
      await migrateTo(k, '2026_11_28_000_core', features);
      await k.insertInto('users').values({ id: 'u1', municipality_id: 'poperinge', username: 'kept', display_name: 'Kept', password_hash: null, person_id: 'p1', roles: '["staff"]', created_at: 'now' }).execute();
      await k.transaction().execute((trx) => recordChange(trx, { collection: 'people', id: 'p1', tenant: 'poperinge' }));
      await migrateTo(k, '2026_11_28_001_directory', features);
      expect(await k.selectFrom('users').select('username').execute()).toEqual([{ username: 'kept' }]);
      expect(await k.selectFrom('sync_changes').select(['row_id', 'deleted']).execute()).toEqual([{ row_id: 'p1', deleted: 0 }]);
      await k.insertInto('municipalities').values({ id: 'poperinge', name: 'Poperinge', postcode: '8970', regional: 1, email_domain: 'poperinge.be' }).execute();
      await k
        .insertInto('people')
        .values({ id: 'p1', municipality_id: 'poperinge', department_id: 'd', first_name: 'A', last_name: 'B', job_title: '', manager_id: null, office: '', desk_phone: null, mobile_phone: null, extension: null, email: 'a.b@poperinge.be', birth_month: null, birth_day: null, birthday_visible: 0, regional_visible: 0, birthday_regional: 0, updated_at: 'now' })
        .execute();
      await sql`INSERT INTO people (id, municipality_id, department_id, first_name, last_name, job_title, office, email, updated_at) VALUES ('p2', 'poperinge', 'd', 'C', 'D', '', '', 'c.d@poperinge.be', 'now')`.execute(k);
      const p = await k.selectFrom('people').selectAll().where('id', '=', 'p2').executeTakeFirstOrThrow();
      expect([p.birthday_visible, p.regional_visible, p.birthday_regional]).toEqual([0, 0, 0]); // opt-in: off by default
    });

    it('2026_11_28_002_sync_order: keeps the change log and lets pulls walk (xid, seq) in order', async () => {
      const k = await open();
      await migrateTo(k, '2026_11_28_001_directory', features);
      await k.transaction().execute(async (trx) => {
        for (let i = 0; i < 5; i++) await recordChange(trx, { collection: 'people', id: `p${i}`, tenant: i % 2 ? 'ieper' : 'poperinge' });
      });
      await migrateTo(k, '2026_11_28_002_sync_order', features);
      const rows = await k.selectFrom('sync_changes').select(['row_id', 'tenant']).orderBy('seq').execute();
      expect(rows.map((r) => r.row_id)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
      const indexes =
        kind === 'postgres'
          ? (await sql<{ name: string }>`SELECT indexname AS name FROM pg_indexes WHERE tablename = 'sync_changes'`.execute(k)).rows
          : (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'sync_changes'`.execute(k)).rows;
      const names = indexes.map((i) => i.name);
      expect(names).toContain('sync_changes_order');
      expect(names).not.toContain('sync_changes_tenant_order');
    });

    // Several backend processes on one PostgreSQL may start at the same moment.
    if (kind === 'postgres')
      it('two servers starting at once on an empty database migrate and seed it once', async () => {
        store = await freshStore(kind);
        const { createServer } = await import('../../src/server/app.js');
        const start = () => createServer({ ...store.options, features, seed: { size: 200, today: '2026-11-28' }, oidc: null });
        const [a, b] = await Promise.all([start(), start()]);
        try {
          const n = await a.db.kysely.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
          expect(Number(n.n)).toBe(8);
        } finally {
          await a.close();
          await b.close();
        }
      });

    it('applies every registered migration (all features) to a fresh database; running again is a no-op', async () => {
      const k = await open();
      await migrateToLatest(k, serverFeatures);
      await migrateToLatest(k, serverFeatures);
      const done = await k.selectFrom('kysely_migration' as never).select('name' as never).execute();
      expect(done.length).toBe(allMigrations(serverFeatures).length);
    });
  });
}
