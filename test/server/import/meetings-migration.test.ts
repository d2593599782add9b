/**
 * Migration 2026_11_30_040_meetings_import on SQLite and PostgreSQL: migrate to the one before,
 * store an agenda item, migrate, the item is still there and agenda_import_items takes its link
 * (one link per item: the primary key refuses a second).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { migrateTo } from '../../../src/server/db/migrator.js';
import { openDatabase, type ServerDatabase } from '../../../src/server/db/open.js';
import type { AgendaTables } from '../../../src/server/features/agenda/tables.js';
import type { MeetingImportTables } from '../../../src/server/import/meetings/tables.js';
import { freshStore, KINDS, skipKind, type TestStore } from '../helpers.js';

for (const kind of KINDS) {
  describe.skipIf(skipKind(kind))(`migration 2026_11_30_040_meetings_import (${kind})`, () => {
    let store: TestStore;
    let db: ServerDatabase;
    afterEach(async () => {
      await db?.close();
      await store?.drop();
    });

    it('adds agenda_import_items next to existing agenda rows', async () => {
      store = await freshStore(kind);
      db = await openDatabase(store.url ?? undefined, { file: store.options.file });
      await migrateTo(db.kysely, '2026_11_30_030_photos');
      const k = db.kysely.withTables<AgendaTables & MeetingImportTables>();
      await k
        .insertInto('agenda_items')
        .values({ id: 'agi-1', meeting_id: 'mtg-1', body_id: 'poperinge-gr', municipality_id: 'poperinge', visibility: 'public', department_id: null, position: 1, data: '{}' })
        .execute();
      await migrateTo(db.kysely, '2026_11_30_040_meetings_import');
      expect(await k.selectFrom('agenda_items').select('id').execute()).toEqual([{ id: 'agi-1' }]);
      await k.insertInto('agenda_import_items').values({ item_id: 'agi-1', meeting_id: 'mtg-1', municipality_id: 'poperinge', source: 'meetings:lblod', external_id: 'http://data.lblod.info/id/agendapunten/1' }).execute();
      await expect(
        k.insertInto('agenda_import_items').values({ item_id: 'agi-1', meeting_id: 'mtg-1', municipality_id: 'poperinge', source: 'meetings:ics', external_id: 'x' }).execute(),
      ).rejects.toThrow();
      expect(await k.selectFrom('agenda_import_items').select(['item_id', 'source']).execute()).toEqual([{ item_id: 'agi-1', source: 'meetings:lblod' }]);
    });
  });
}
