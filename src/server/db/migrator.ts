/**
 * The one migrator: the core migration plus every feature's, sorted by name, recorded by Kysely in
 * `kysely_migration` (PostgreSQL: under an advisory lock, so several processes may start at once).
 */
import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import { serverFeatures } from '../features/index.js';
import type { ServerFeature, ServerMigration } from '../features/types.js';
import { importMigrations } from '../import/migrations.js';
import { dialectOf } from './dialect.js';
import { coreMigration } from './migrations/2026_11_28_000_core.js';
import { syncOrderMigration } from './migrations/2026_11_28_002_sync_order.js';
import { commandHashMigration } from './migrations/2026_11_30_003_command_hash.js';
import { loginAttemptsMigration } from './migrations/2026_11_30_004_login_attempts.js';
import { photosMigration } from './migrations/2026_11_30_030_photos.js';
import { adminMigration } from './migrations/2026_11_30_020_admin.js';
import type { ServerDb } from './schema.js';

export function allMigrations(features: readonly ServerFeature[] = serverFeatures): ServerMigration[] {
  const list = [
    coreMigration,
    syncOrderMigration,
    commandHashMigration,
    loginAttemptsMigration,
    ...importMigrations,
    photosMigration,
    adminMigration,
    ...features.flatMap((f) => f.migrations),
  ];
  const seen = new Set<string>();
  for (const m of list) {
    if (seen.has(m.name)) throw new Error(`Two migrations are named ${m.name}`);
    seen.add(m.name);
  }
  return list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function migrator(db: Kysely<ServerDb>, features: readonly ServerFeature[]): Migrator {
  const dialect = dialectOf(db);
  const migrations: Record<string, Migration> = {};
  for (const m of allMigrations(features)) migrations[m.name] = { up: (k: Kysely<unknown>) => m.up(k, dialect) };
  return new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
}

function check(result: MigrationResultSet): void {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    const cause = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`Migration ${failed} failed: ${cause}`);
  }
}

export async function migrateToLatest(db: Kysely<ServerDb>, features: readonly ServerFeature[] = serverFeatures): Promise<void> {
  check(await migrator(db, features).migrateToLatest());
}

/** For migration tests: run up to and including `name`. */
export async function migrateTo(db: Kysely<ServerDb>, name: string, features: readonly ServerFeature[] = serverFeatures): Promise<void> {
  check(await migrator(db, features).migrateTo(name));
}

/** Names of the migrations this build has that the database has not applied (empty: current). */
export async function pendingMigrations(db: Kysely<ServerDb>, features: readonly ServerFeature[] = serverFeatures): Promise<string[]> {
  let applied = new Set<string>();
  try {
    const rows = await db.selectFrom('kysely_migration' as never).select('name' as never).execute();
    applied = new Set(rows.map((r) => (r as { name: string }).name));
  } catch {
    // no migration table yet: everything is pending
  }
  return allMigrations(features)
    .map((m) => m.name)
    .filter((n) => !applied.has(n));
}
