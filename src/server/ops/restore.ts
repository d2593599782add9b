/**
 * restoreBackup(db, dir): a backup into an EMPTY database (no tables: a new `createdb` database, or
 * a SQLite file that does not exist yet); a database with tables is refused, never overwritten.
 * Checksums first; then PostgreSQL: pg_restore --single-transaction (all or nothing); SQLite: the
 * copy is written into place through SQLite's backup API. Then the migrations of this version run
 * (a backup of an older version is brought forward), the change log's PostgreSQL transaction ids
 * are cleared (they belong to the old cluster; a new cluster may be far behind them) and the server
 * epoch changes: every desktop answers `reset`, drops its copy and pulls afresh.
 *
 * verifyBackup(dir): checksums, a trial restore into a scratch database (a temp SQLite file, or a
 * temporary PostgreSQL database on the server of DATABASE_URL, dropped after) and the row counts
 * and migrations against the manifest.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '../db/migrator.js';
import { CHANGES_CHANNEL } from '../sync/changes.js';
import { openDatabase, redactUrl, type ServerDatabase } from '../db/open.js';
import { checkFiles } from './files.js';
import { inspectPg, inspectSqliteFile, pgTables, sqliteTables, type DatabaseContents } from './inspect.js';
import { decryptFile } from './keys.js';
import { BackupError, readManifest, totalRows, type Manifest } from './manifest.js';
import { runPgTool, withDatabase } from './pgtools.js';

const DIALECT_NAME = { sqlite: 'SQLite', postgres: 'PostgreSQL' } as const;

/** Runs `fn` with the plaintext database file of a backup (decrypted into a temp folder when needed). */
async function withPlainFile<T>(dir: string, manifest: Manifest, identities: readonly string[] | null, fn: (file: string) => Promise<T>): Promise<T> {
  const stored = join(dir, manifest.database.name);
  if (!manifest.encryption) return fn(stored);
  if (!identities) throw new BackupError('This backup is encrypted: pass --decrypt-with KEYFILE (the age identity file)');
  const tmp = mkdtempSync(join(tmpdir(), 'pop-restore-'));
  try {
    const plain = join(tmp, 'database');
    await decryptFile(stored, plain, identities);
    return await fn(plain);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function loadInto(dialect: Manifest['dialect'], plain: string, target: { url: string | null; file: string | null }): Promise<void> {
  if (dialect === 'postgres') {
    await runPgTool('pg_restore', target.url!, { args: ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', plain] });
    return;
  }
  const source = new Database(plain, { readonly: true, fileMustExist: true });
  try {
    await source.backup(target.file!, { progress: ({ totalPages }) => Math.max(totalPages, 100) });
  } finally {
    source.close();
  }
}

async function tablesOf(db: ServerDatabase): Promise<string[]> {
  if (db.dialect === 'postgres') return pgTables(db.kysely as unknown as Kysely<unknown>);
  const raw = new Database(db.file!, { fileMustExist: true });
  try {
    return sqliteTables(raw);
  } finally {
    raw.close();
  }
}

export interface RestoreResult {
  manifest: Manifest;
  epoch: string;
}

export async function restoreBackup(db: ServerDatabase, dir: string, options: { identities?: readonly string[] | null } = {}): Promise<RestoreResult> {
  const manifest = readManifest(dir);
  if (manifest.dialect !== db.dialect) {
    throw new BackupError(`This is a ${DIALECT_NAME[manifest.dialect]} backup and the target database is ${DIALECT_NAME[db.dialect]}${manifest.dialect === 'postgres' ? ' (set DATABASE_URL to the new, empty PostgreSQL database)' : ' (unset DATABASE_URL and pass --data-dir of an empty folder)'}`);
  }
  await checkFiles(dir, manifest);
  const existing = await tablesOf(db);
  if (existing.length > 0) {
    const where = db.dialect === 'postgres' ? redactUrl(db.url!) : db.file!;
    throw new BackupError(
      `The target database ${where} is not empty (${existing.length} tables, e.g. ${existing.slice(0, 3).join(', ')}): a restore never overwrites data. Restore into a new empty database (PostgreSQL: createdb NAME and point DATABASE_URL at it; SQLite: --data-dir of an empty folder).`,
    );
  }
  await withPlainFile(dir, manifest, options.identities ?? null, (plain) => loadInto(manifest.dialect, plain, db));
  await migrateToLatest(db.kysely);
  const epoch = randomUUID();
  await db.kysely.transaction().execute(async (trx) => {
    if (db.dialect === 'postgres') await sql`UPDATE sync_changes SET xid = '0'::xid8`.execute(trx);
    await trx.updateTable('server_meta').set({ value: epoch }).where('key', '=', 'epoch').execute();
    // A backend already listening here forgets what it remembered about cursors (sync/up-to-date.ts).
    if (db.dialect === 'postgres') await sql`SELECT pg_notify(${CHANGES_CHANNEL}, '*')`.execute(trx);
  });
  return { manifest, epoch };
}

export interface VerifyResult {
  manifest: Manifest;
  scratch: string;
  contents: DatabaseContents;
}

/**
 * `serverUrl`: a PostgreSQL URL whose server may hold a scratch database (needed for PostgreSQL
 * backups only; the scratch database is created next to that URL's database and dropped after).
 */
export async function verifyBackup(dir: string, options: { identities?: readonly string[] | null; serverUrl?: string | null } = {}): Promise<VerifyResult> {
  const manifest = readManifest(dir);
  await checkFiles(dir, manifest);
  const contents = await withPlainFile(dir, manifest, options.identities ?? null, (plain) => (manifest.dialect === 'postgres' ? trialPg(plain, options.serverUrl ?? null) : trialSqlite(plain)));
  const problems = compare(manifest, contents);
  if (problems.length > 0) throw new BackupError(`The trial restore does not match the manifest: ${problems.slice(0, 5).join('; ')}`);
  return { manifest, scratch: manifest.dialect === 'postgres' ? 'a temporary PostgreSQL database (dropped)' : 'a temporary SQLite file (removed)', contents };
}

function compare(manifest: Manifest, contents: DatabaseContents): string[] {
  const problems: string[] = [];
  const names = new Set([...Object.keys(manifest.tables), ...Object.keys(contents.tables)]);
  for (const name of [...names].sort()) {
    const want = manifest.tables[name];
    const got = contents.tables[name];
    if (want === undefined) problems.push(`table ${name} is not in the manifest`);
    else if (got === undefined) problems.push(`table ${name} is missing`);
    else if (want !== got) problems.push(`${name} has ${got} rows, the manifest says ${want}`);
  }
  if (contents.migrations.join(',') !== manifest.migrations.join(',')) problems.push('the applied migrations differ from the manifest');
  if (problems.length === 0 && totalRows(contents.tables) !== totalRows(manifest.tables)) problems.push('the row total differs');
  return problems;
}

async function trialSqlite(plain: string): Promise<DatabaseContents> {
  const tmp = mkdtempSync(join(tmpdir(), 'pop-verify-'));
  try {
    const file = join(tmp, 'scratch.sqlite');
    await loadInto('sqlite', plain, { url: null, file });
    const contents = inspectSqliteFile(file, { integrity: true });
    if (contents.integrity !== 'ok') throw new BackupError(`The trial restore fails SQLite's integrity check: ${contents.integrity?.slice(0, 300)}`);
    return contents;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function trialPg(plain: string, serverUrl: string | null): Promise<DatabaseContents> {
  if (!serverUrl) throw new BackupError('Verifying a PostgreSQL backup needs a PostgreSQL server for its trial restore: set DATABASE_URL (a scratch database is created there and dropped after)');
  const name = `pop_verify_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (err) {
    await admin.end();
    throw new BackupError(`Cannot create the scratch database on ${redactUrl(serverUrl)}: ${err instanceof Error ? err.message : String(err)} (the user needs CREATEDB)`);
  }
  try {
    const url = withDatabase(serverUrl, name);
    await loadInto('postgres', plain, { url, file: null });
    const scratch = await openDatabase(url, { poolSize: 1 });
    try {
      return await inspectPg(scratch.kysely as unknown as Kysely<unknown>);
    } finally {
      await scratch.close();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}
