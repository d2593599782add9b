/** 2026_11_30_010_import: migrate to N-1, insert, migrate to N, assert (SQLite and PostgreSQL). */
import { afterEach, describe, expect, it } from 'vitest';
import { allMigrations, migrateTo } from '../../../src/server/db/migrator.js';
import { openDatabase, type ServerDatabase } from '../../../src/server/db/open.js';
import type { ImportTables } from '../../../src/server/import/tables.js';
import { serverFeatures } from '../../../src/server/features/index.js';
import { freshStore, KINDS, skipKind, type TestStore } from '../helpers.js';

const NAME = '2026_11_30_010_import';

for (const kind of KINDS) {
  describe.skipIf(skipKind(kind))(`import migration (${kind})`, () => {
    let store: TestStore;
    let db: ServerDatabase;
    afterEach(async () => {
      await db?.close();
      await store?.drop();
    });

    it(`${NAME}: keeps the directory of N-1 and adds sources, runs and source ids`, async () => {
      store = await freshStore(kind);
      db = await openDatabase(store.url ?? undefined, { file: store.options.file });
      const names = allMigrations(serverFeatures).map((m) => m.name);
      const previous = names[names.indexOf(NAME) - 1]!;
      await migrateTo(db.kysely, previous);
      await db.kysely.insertInto('municipalities').values({ id: 'poperinge', name: 'Poperinge', postcode: '8970', regional: 1, email_domain: 'poperinge.be' }).execute();
      await db.kysely
        .insertInto('people')
        .values({ id: 'p1', municipality_id: 'poperinge', department_id: 'd', first_name: 'A', last_name: 'B', job_title: '', manager_id: null, office: '', desk_phone: null, mobile_phone: null, extension: null, email: 'a.b@poperinge.be', birth_month: null, birth_day: null, birthday_visible: 1, regional_visible: 0, birthday_regional: 0, updated_at: 'now' })
        .execute();
      await migrateTo(db.kysely, NAME);
      expect(await db.kysely.selectFrom('people').select(['id', 'birthday_visible']).execute()).toEqual([{ id: 'p1', birthday_visible: 1 }]);
      const k = db.kysely.withTables<ImportTables>();
      await k.insertInto('import_person_sources').values({ municipality_id: 'poperinge', source: 'csv', source_id: '1001', person_id: 'p1' }).execute();
      await expect(k.insertInto('import_person_sources').values({ municipality_id: 'poperinge', source: 'csv', source_id: '1001', person_id: 'p2' }).execute()).rejects.toThrow();
      await k.insertInto('import_person_sources').values({ municipality_id: 'poperinge', source: 'ldap:ad', source_id: '1001', person_id: 'p1' }).execute();
      await k.insertInto('import_sources').values({ id: 's1', municipality_id: 'poperinge', name: 'csv', kind: 'csv', cursor: null, last_run_id: null, created_at: 'now' }).execute();
      await expect(k.insertInto('import_sources').values({ id: 's2', municipality_id: 'poperinge', name: 'csv', kind: 'csv', cursor: null, last_run_id: null, created_at: 'now' }).execute()).rejects.toThrow();
      await k.insertInto('import_runs').values({ id: 'r1', municipality_id: 'poperinge', source: 'csv', started_at: 'a', finished_at: 'b', outcome: 'ok', added: 1, changed: 0, removed: 0, unchanged: 0, rejected: 0, errors: '[]', dry_run: 0 }).execute();
      expect(await k.selectFrom('import_runs').select(['added', 'dry_run', 'errors']).execute()).toEqual([{ added: 1, dry_run: 0, errors: '[]' }]);
    });
  });
}
