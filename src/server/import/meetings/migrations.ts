/**
 * `2026_11_30_040_meetings_import`: agenda_import_items (item id -> meeting, source, external id).
 * A core migration (listed in ../migrations.ts with the directory import's), additive.
 */
import type { Kysely } from 'kysely';
import type { ServerMigration } from '../../features/types.js';

export const meetingsImportMigration: ServerMigration = {
  name: '2026_11_30_040_meetings_import',
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('agenda_import_items')
      .addColumn('item_id', 'text', (c) => c.primaryKey())
      .addColumn('meeting_id', 'text', (c) => c.notNull())
      .addColumn('municipality_id', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('external_id', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('agenda_import_items_meeting').on('agenda_import_items').columns(['meeting_id', 'source']).execute();
  },
};
