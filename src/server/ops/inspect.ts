/**
 * What a database holds, for the manifest and for verify: every table of ours with its row count,
 * the applied migrations (kysely_migration) and the server epoch. On PostgreSQL it reads inside
 * the caller's transaction (the backup's exported snapshot), so the counts match the dump exactly.
 */
import Database from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';

export interface DatabaseContents {
  tables: Record<string, number>;
  migrations: string[];
  epoch: string | null;
}

/** Tables of the current schema (PostgreSQL). */
export async function pgTables(db: Kysely<unknown>): Promise<string[]> {
  const rows = await sql<{ name: string }>`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`.execute(db);
  return rows.rows.map((r) => r.name);
}

export async function inspectPg(db: Kysely<unknown>): Promise<DatabaseContents> {
  const tables: Record<string, number> = {};
  for (const name of await pgTables(db)) {
    const r = await sql<{ n: string | number }>`SELECT count(*) AS n FROM ${sql.id(name)}`.execute(db);
    tables[name] = Number(r.rows[0]?.n ?? 0);
  }
  const migrations = 'kysely_migration' in tables ? (await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db)).rows.map((r) => r.name) : [];
  const epoch = 'server_meta' in tables ? ((await sql<{ value: string }>`SELECT value FROM server_meta WHERE key = 'epoch'`.execute(db)).rows[0]?.value ?? null) : null;
  return { tables, migrations, epoch };
}

export function sqliteTables(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

export function inspectSqlite(db: Database.Database): DatabaseContents {
  const tables: Record<string, number> = {};
  for (const name of sqliteTables(db)) {
    tables[name] = (db.prepare(`SELECT count(*) AS n FROM "${name.replace(/"/g, '""')}"`).get() as { n: number }).n;
  }
  const migrations = 'kysely_migration' in tables ? (db.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map((r) => r.name) : [];
  const epoch = 'server_meta' in tables ? ((db.prepare("SELECT value FROM server_meta WHERE key = 'epoch'").get() as { value: string } | undefined)?.value ?? null) : null;
  return { tables, migrations, epoch };
}

/** Opens a SQLite file read-only, inspects it (and checks its integrity when asked), closes it. */
export function inspectSqliteFile(file: string, options: { integrity?: boolean } = {}): DatabaseContents & { integrity: string | null } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = options.integrity ? (db.prepare('PRAGMA integrity_check').pluck().all() as string[]).join('; ') : null;
    return { ...inspectSqlite(db), integrity };
  } finally {
    db.close();
  }
}
