/**
 * Runs the numbered migrations of the core and of every feature, each in its own transaction
 * recorded in `cache_migrations (feature, version)`. A cache written by a newer app (a version we
 * do not know) is refused with a clear error instead of being misread.
 */
import type { CacheDb, CacheMigration } from '../features/types.js';

export interface MigrationSet {
  name: string;
  migrations: CacheMigration[];
}

export interface MigrateOptions {
  /** Stop each named set at this version (tests: migrate to N-1, insert, migrate to N). */
  targets?: Record<string, number>;
}

export class CacheTooNewError extends Error {
  constructor(feature: string, found: number, known: number) {
    super(`The cache was written by a newer Pop Index (${feature} v${found}, this app knows v${known}).`);
    this.name = 'CacheTooNewError';
  }
}

export function appliedVersion(db: CacheDb, feature: string): number {
  const row = db.prepare('SELECT max(version) AS v FROM cache_migrations WHERE feature = ?').get(feature) as { v: number | null };
  return row.v ?? 0;
}

export function migrateCache(db: CacheDb, sets: MigrationSet[], options: MigrateOptions = {}): void {
  db.exec(`CREATE TABLE IF NOT EXISTS cache_migrations (
    feature TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL,
    PRIMARY KEY (feature, version))`);
  for (const set of sets) {
    const sorted = [...set.migrations].sort((a, b) => a.version - b.version);
    sorted.forEach((m, i) => {
      if (m.version !== i + 1) throw new Error(`Migrations of ${set.name} must be numbered 1..N without gaps (found ${m.version})`);
    });
    const current = appliedVersion(db, set.name);
    if (current > sorted.length) throw new CacheTooNewError(set.name, current, sorted.length);
    const target = options.targets?.[set.name] ?? sorted.length;
    for (const migration of sorted) {
      if (migration.version <= current || migration.version > target) continue;
      db.transaction(() => {
        migration.up(db);
        db.prepare('INSERT INTO cache_migrations (feature, version, name, applied_at) VALUES (?, ?, ?, ?)').run(
          set.name,
          migration.version,
          migration.name,
          new Date().toISOString(),
        );
      })();
    }
  }
}
