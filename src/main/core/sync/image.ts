/**
 * A first sync from a prebuilt directory image (issue 12: a fresh cache in about the time of a plain
 * upsert). The server applies the snapshot pages of a view's shared collections (people, photos,
 * departments, municipalities ...) into a fresh cache with THIS code (`buildImage`: the same
 * migrations, the same validated `applyPage`, the same bulk finish), and serves that SQLite file
 * with its SHA-256 and the cursor of the phase after the snapshot. A fresh desktop downloads it,
 * checks it (`adoptImage`) and copies its tables into its own cache in one transaction with that
 * cursor: SQLite's transfer of whole b-trees, nothing re-indexed. The pull then goes on from the
 * cursor (the user's own collections, then the log), as after any page.
 *
 * What the desktop checks before anything is written: the file's SHA-256 (a cut or damaged
 * download); that its schema (every table, index and trigger, and the migrations applied) is its
 * own; that every column of every copied ordinary table holds its declared type; that a copied
 * table is not one of the core's own (state, outbox, migrations). Any mismatch leaves the cache as
 * it was and the pull takes the pages instead. Field formats and lengths were checked by the
 * server's builder with its zod schemas (`applyPage`), which are this desktop's: the schema hash
 * the server matches also covers the row rules (`rowRules`); the copy itself is one transaction
 * with the cursor, so a kill -9 leaves a cache without the image and the next start asks again.
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { z } from 'zod';
import { Collection, RowSchemas, type PullResponse } from '../../../shared/sync/protocol.js';
import { openCache } from '../cache/db.js';
import { coreMigrations } from '../cache/core-migrations.js';
import { migrateCache, type MigrationSet } from '../cache/migrate.js';
import { features as registry } from '../features/index.js';
import type { CacheDb, CoreFeature } from '../features/types.js';
import { pendingCommands, featureOfCommand } from './outbox.js';
import { applyPage, clearSynced } from './pull.js';
import { getState, setState } from './state.js';

/** The schema hash of a fresh cache of this build (what the server's images are made with). */
export function freshCacheSchemaHash(features: readonly CoreFeature<never>[] = allCoreFeatures()): string {
  const db = openCache(':memory:');
  try {
    migrateCache(db, cacheMigrationSets(features));
    return cacheSchemaHash(db);
  } finally {
    db.close();
  }
}

/** The migrations of a cache: the core's, then every feature's. */
export function cacheMigrationSets(features: readonly CoreFeature<never>[]): MigrationSet[] {
  return [{ name: 'core', migrations: coreMigrations }, ...features];
}

function quoted(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Every feature of this build (the server's builder uses them all); read when called (import cycles). */
const allCoreFeatures = (): readonly CoreFeature<never>[] => registry as readonly CoreFeature<never>[];

/** Tables of the core that an image never writes: the state (cursor, client id), the outbox, the migrations. */
const CORE_TABLES = new Set(['core_state', 'core_outbox', 'cache_migrations']);

/** The schema of a cache (or of an attached image): its DDL and its migrations, in a fixed order. */
function schemaOf(db: CacheDb, schema: string): string {
  const ddl = db.prepare(`SELECT type, name, tbl_name, sql FROM "${schema}".sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name`).raw().all();
  const migrations = db.prepare(`SELECT feature, version FROM "${schema}".cache_migrations ORDER BY feature, version`).raw().all();
  return JSON.stringify([ddl, migrations]);
}

/**
 * The rules a synced row must meet (`RowSchemas`: fields, types, lengths, patterns, enums), as
 * JSON Schema. An image's rows were checked by the BUILDER's rules, not re-checked by the desktop
 * (that is the time an image saves): a desktop whose rules differ (another build, the same tables)
 * must not take it. Custom refinements cannot be written out: a change in one alone goes unseen.
 */
export function rowRules(schemas: Record<string, z.ZodType> = RowSchemas): string {
  return JSON.stringify(Object.entries(schemas).map(([name, schema]) => [name, z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' })]));
}
let ownRules: string | null = null;

/**
 * A short hash of a cache's schema and of the row rules of this build: the desktop sends it, the
 * server has an image only for its own.
 */
export function cacheSchemaHash(db: CacheDb, rules: string = (ownRules ??= rowRules())): string {
  return createHash('sha256').update(schemaOf(db, 'main')).update('\0').update(rules).digest('base64url').slice(0, 22);
}

export interface ImageBuilder {
  /** Apply one snapshot page (validated row by row, as a desktop does). */
  apply(page: z.input<typeof PullResponse>): void;
  /** Finish the bulk load and close the file (single file: no WAL left beside it). */
  finish(): { rows: number; quarantined: number; schema: string };
  /** Close without finishing (a failed build): the caller removes the file. */
  abort(): void;
}

/** A fresh cache file at `file` filled page by page: the server's side of an image. */
export function buildImage(file: string, now: () => Date, features: readonly CoreFeature<never>[] = allCoreFeatures()): ImageBuilder {
  const db = openCache(file);
  migrateCache(db, cacheMigrationSets(features));
  let rows = 0;
  let quarantined = 0;
  let first = true;
  return {
    apply(page) {
      const outcome = applyPage(db, features, { ...page, hasMore: true, reset: false }, now(), { fresh: first });
      first = false;
      rows += outcome.applied;
      quarantined += outcome.quarantined.length;
    },
    finish() {
      db.transaction(() => {
        if (getState(db, 'bulk') === '1') for (const feature of features) feature.bulk?.finish(db);
        // Nothing of the builder's own state goes with the image (the desktop never copies core tables anyway).
        db.exec('DELETE FROM core_state');
        // Each search index as one merged segment: a smaller file, and every desktop's searches read one b-tree.
        for (const name of searchIndexes(db)) db.prepare(`INSERT INTO ${quoted(name)} (${quoted(name)}) VALUES ('optimize')`).run();
      })();
      const schema = cacheSchemaHash(db);
      db.pragma('journal_mode = DELETE');
      // No free pages in what every desktop downloads.
      db.exec('VACUUM');
      db.close();
      return { rows, quarantined, schema };
    },
    abort() {
      if (db.open) db.close();
    },
  };
}

/** The FTS5 search indexes of a cache. */
function searchIndexes(db: CacheDb): string[] {
  return db.prepare("SELECT name FROM main.sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%' ORDER BY name").pluck().all() as string[];
}

/** Where a cache's image is downloaded to (beside it, removed after the copy). */
export function imageFileOf(cacheFile: string): string {
  return `${cacheFile}.image`;
}

/** Remove what a download cut off by a kill left beside the cache. */
export function removeImageLeftovers(cacheFile: string): void {
  const file = imageFileOf(cacheFile);
  for (const leftover of [file, `${file}-journal`]) {
    try {
      rmSync(leftover, { force: true });
    } catch {
      // an unwritable data folder: the cache says so elsewhere
    }
  }
}

export class ImageRejected extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageRejected';
  }
}

/** SQLite types a column of this declared type may hold (NULL too unless NOT NULL). */
function allowedTypes(declared: string, notNull: boolean): string[] | null {
  const type = declared.toUpperCase();
  let allowed: string[];
  if (type.includes('INT')) allowed = ['integer'];
  else if (type.includes('CHAR') || type.includes('CLOB') || type.includes('TEXT')) allowed = ['text'];
  else if (type.includes('BLOB')) allowed = ['blob'];
  else if (type.includes('REAL') || type.includes('FLOA') || type.includes('DOUB')) allowed = ['real', 'integer'];
  else return null;
  return notNull ? allowed : [...allowed, 'null'];
}

/**
 * FTS5 keeps each index's structure (its segments) in memory per connection, and reloads it only
 * when another connection changed the file or a transaction that wrote to it rolls back. The copy
 * wrote the shadow tables underneath it from this connection: a write that rolls back makes every
 * search index of this connection read its structure again (else its next write would reuse the
 * copied segments' ids).
 */
function forgetSearchStructure(db: CacheDb): void {
  for (const name of searchIndexes(db)) {
    db.exec('BEGIN');
    try {
      db.exec(`DELETE FROM main.${quoted(name)} WHERE rowid = -1`);
    } finally {
      db.exec('ROLLBACK');
    }
  }
}

export interface Adopted {
  tables: number;
  rows: number;
}

/**
 * Copy an image's tables into this fresh cache and set `cursor`, in one transaction; throws
 * `ImageRejected` (nothing written) when the image is not one this cache can take.
 */
export function adoptImage(db: CacheDb, features: readonly CoreFeature<never>[], file: string, cursor: string): Adopted {
  if (getState(db, 'cursor') !== null || getState(db, 'bulk') === '1') throw new ImageRejected('the cache is not fresh');
  db.prepare('ATTACH DATABASE ? AS pop_image').run(file);
  try {
    let schemaMatches = false;
    try {
      schemaMatches = schemaOf(db, 'pop_image') === schemaOf(db, 'main');
    } catch {
      throw new ImageRejected('the image is not a cache file');
    }
    if (!schemaMatches) throw new ImageRejected("the image's schema is not this cache's");
    const tables = (
      db
        .prepare("SELECT name, sql FROM pop_image.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
        .all() as { name: string; sql: string }[]
    ).filter((t) => !t.sql.startsWith('CREATE VIRTUAL') && !CORE_TABLES.has(t.name));
    const virtual = (db.prepare("SELECT name FROM pop_image.sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'").pluck().all() as string[]).map((n) => `${n}_`);
    const filled = tables.filter((t) => db.prepare(`SELECT EXISTS (SELECT 1 FROM pop_image.${quoted(t.name)})`).pluck().get() === 1);
    // Every column of an ordinary table holds its declared type (shadow tables of the search index
    // are SQLite's own format: a damaged one makes searches fail, and the cache is then rebuilt).
    for (const table of filled) {
      if (virtual.some((prefix) => table.name.startsWith(prefix))) continue;
      const columns = db.prepare(`SELECT name, type, "notnull" AS required FROM pragma_table_info(?, 'pop_image')`).all(table.name) as { name: string; type: string; required: number }[];
      const checks = columns.flatMap((c) => {
        const allowed = allowedTypes(c.type, c.required === 1);
        return allowed ? [`typeof(${quoted(c.name)}) NOT IN (${allowed.map((a) => `'${a}'`).join(', ')})`] : [];
      });
      if (checks.length === 0) continue;
      const bad = db.prepare(`SELECT count(*) FROM pop_image.${quoted(table.name)} WHERE ${checks.join(' OR ')}`).pluck().get() as number;
      if (bad > 0) throw new ImageRejected(`${bad} rows of ${table.name} in the image hold values of another type than their column's`);
    }
    let rows = 0;
    // Straight into the file rather than into the WAL and then a checkpoint (every page written
    // twice): a fresh cache's new pages need no rollback journal either. Only when this is the
    // file's only connection (else the mode stays WAL and the copy goes through it).
    let direct = false;
    try {
      direct = db.pragma('main.journal_mode = DELETE', { simple: true }) === 'delete';
    } catch {
      // SQLITE_BUSY: another connection has the file open
    }
    // The search index's shadow tables are read-only in better-sqlite3's defensive mode: off for
    // this one transaction, back on right after.
    db.unsafeMode(true);
    try {
      db.transaction(() => {
        clearSynced(db, features);
        for (const table of filled) {
          db.exec(`DELETE FROM main.${quoted(table.name)}`);
          rows += db.prepare(`INSERT INTO main.${quoted(table.name)} SELECT * FROM pop_image.${quoted(table.name)}`).run().changes;
        }
        setState(db, 'cursor', cursor);
        for (const command of pendingCommands(db, 10_000)) featureOfCommand(features, command.type)?.reapplyPending?.(db, command);
      })();
    } finally {
      db.unsafeMode(false);
      if (direct) db.pragma('main.journal_mode = WAL');
    }
    forgetSearchStructure(db);
    return { tables: filled.length, rows };
  } finally {
    db.exec('DETACH DATABASE pop_image');
  }
}

/** Every synced collection: what a copied image may have changed (as after a `reset`). */
export const IMAGE_COLLECTIONS: readonly Collection[] = Collection.options;
