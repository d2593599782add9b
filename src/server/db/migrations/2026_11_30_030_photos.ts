/**
 * Staff photos in their own table (person_photos), synced as the collection `personPhotos` apart
 * from the people rows. Portable: base64 text, no bytea/blob.
 */
import type { Kysely } from 'kysely';
import type { ServerMigration } from '../../features/types.js';

export const photosMigration: ServerMigration = {
  name: '2026_11_30_030_photos',
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('person_photos')
      .addColumn('person_id', 'text', (c) => c.primaryKey())
      .addColumn('municipality_id', 'text', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('source_hash', 'text', (c) => c.notNull())
      .addColumn('width', 'integer', (c) => c.notNull())
      .addColumn('height', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('person_photos_municipality').on('person_photos').column('municipality_id').execute();
  },
};
