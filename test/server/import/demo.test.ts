/**
 * The demo dataset is loaded through the import: every demo person is linked to the source "demo",
 * each municipality has its "demo" source and run, and importing the same demo batch again through
 * applyImport changes nothing (zero writes, zero sync changes) — the seed and a real import agree.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../src/server/db/migrator.js';
import { openDatabase, type ServerDatabase } from '../../../src/server/db/open.js';
import { demoBatch, demoDirectory, seedDemo, DEMO_SOURCE } from '../../../src/server/demo/seed.js';
import { MUNICIPALITIES } from '../../../src/server/demo/organisation.js';
import { Prng } from '../../../src/server/demo/prng.js';
import { serverFeatures } from '../../../src/server/features/index.js';
import { applyImport } from '../../../src/server/import/merge.js';
import { listSources } from '../../../src/server/import/municipalities.js';
import type { ImportTables } from '../../../src/server/import/tables.js';
import { freshStore, KINDS, skipKind, TODAY, type TestStore } from '../helpers.js';
import { changeLog } from './fixtures.js';

for (const kind of KINDS) {
  describe.skipIf(skipKind(kind))(`demo seed through the import (${kind})`, () => {
    let store: TestStore;
    let db: ServerDatabase;
    afterEach(async () => {
      await db?.close();
      await store?.drop();
    });

    it('links every demo person to the "demo" source, records a run per municipality, and a re-import of the same data is a no-op', async () => {
      store = await freshStore(kind);
      db = await openDatabase(store.url ?? undefined, { file: store.options.file });
      await migrateToLatest(db.kysely);
      const summary = await seedDemo(db.kysely, serverFeatures, { size: 400, today: TODAY });
      const links = await db.kysely.withTables<ImportTables>().selectFrom('import_person_sources').select(['source', 'source_id', 'person_id']).execute();
      expect(links).toHaveLength(summary.people);
      expect(links.every((l) => l.source === DEMO_SOURCE && l.source_id === l.person_id)).toBe(true);
      const sources = await listSources(db.kysely);
      expect(sources.map((s) => s.municipalityId).sort()).toEqual(MUNICIPALITIES.map((m) => m.id).sort());
      expect(sources.reduce((n, s) => n + (s.lastRun?.added ?? 0), 0)).toBe(summary.people);

      const directory = demoDirectory(new Prng(20261128), 400, TODAY);
      const before = await changeLog(db);
      const people = await db.kysely.selectFrom('people').selectAll().orderBy('id').execute();
      for (const m of MUNICIPALITIES) {
        const batch = demoBatch(directory, m.id);
        const s = await applyImport(db.kysely, { municipalityId: m.id, source: DEMO_SOURCE, batch, now: new Date('2026-12-01T00:00:00Z') });
        expect(s).toMatchObject({ added: 0, changed: 0, removed: 0, unchanged: batch.records.length, rejected: 0 });
      }
      expect(await changeLog(db)).toEqual(before);
      expect(await db.kysely.selectFrom('people').selectAll().orderBy('id').execute()).toEqual(people);
    });
  });
}
