/**
 * The import's tables (core migrations: they run with the backend's own, whatever features are on).
 *   import_sources         per municipality: a source, its kind, the cursor for incremental runs, its last run
 *   import_runs            every run: when, counts, errors (place + reason only), dry or not, outcome
 *   import_person_sources  (municipality, source, source id) -> person: the first matching key
 *   agenda_import_items    which agenda items the meetings import brought in (meetings/migrations.ts)
 */
import { sql, type Kysely } from 'kysely';
import type { ServerMigration } from '../features/types.js';
import { meetingsImportMigration } from './meetings/migrations.js';

export const importMigrations: ServerMigration[] = [
  {
    name: '2026_11_30_010_import',
    async up(db: Kysely<unknown>, dialect) {
      await db.schema
        .createTable('import_sources')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('municipality_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('cursor', 'text')
        .addColumn('last_run_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('import_sources_name', ['municipality_id', 'name'])
        .execute();
      await db.schema
        .createTable('import_runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('municipality_id', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('added', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('changed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('removed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('unchanged', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('rejected', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('errors', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('dry_run', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('import_runs_source').on('import_runs').columns(['municipality_id', 'source', 'started_at']).execute();
      await db.schema
        .createTable('import_person_sources')
        .addColumn('municipality_id', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('person_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('import_person_sources_pk', ['municipality_id', 'source', 'source_id'])
        // SQLite: the primary key is the table (one b-tree instead of two; the demo seed writes 100,000 rows).
        .$call((t) => (dialect === 'sqlite' ? t.modifyEnd(sql`WITHOUT ROWID`) : t))
        .execute();
      await db.schema.createIndex('import_person_sources_person').on('import_person_sources').column('person_id').execute();
    },
  },
  {
    // How to read a source again ("run now" in Beheer, `sources run`): secrets only as references.
    name: '2026_11_30_040_import_source_settings',
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('import_sources').addColumn('settings', 'text').execute();
    },
  },
  meetingsImportMigration,
];
