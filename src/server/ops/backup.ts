/**
 * makeBackup(db, { outDir }): a consistent backup of the running backend's database into a new
 * dated folder of `outDir` (pop-index-2026-11-30T020000Z/), written under a temp name and renamed
 * when complete: a folder with that name is always a whole backup.
 *   PostgreSQL: pg_dump --format=custom of a snapshot exported by a REPEATABLE READ transaction
 *               that also counts the rows, so manifest and dump describe the same instant.
 *   SQLite:     better-sqlite3's online backup API (the server keeps writing meanwhile), then the
 *               copy is switched to a rollback journal so reading it never writes next to it.
 * With recipients the database file is encrypted with age while it is written (PostgreSQL: the
 * dump is streamed through the encrypter; SQLite: the copy is made in the system temp folder and
 * removed after), so no plaintext copy lands in the backup folder.
 */
import { chmodSync, createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { redactUrl, type ServerDatabase } from '../db/open.js';
import { SERVER_VERSION } from '../version.js';
import { backupName, describeFile } from './files.js';
import { inspectPg, inspectSqliteFile, type DatabaseContents } from './inspect.js';
import { encryptTo } from './keys.js';
import { BackupError, MANIFEST_FILE, type Manifest } from './manifest.js';
import { runPgTool } from './pgtools.js';

export interface BackupOptions {
  outDir: string;
  /** age recipients (age1...); none: not encrypted. */
  recipients?: readonly string[];
  now?: Date;
}

export interface BackupResult {
  dir: string;
  manifest: Manifest;
}

export const SQLITE_FILE = 'pop-index.sqlite';
export const PG_FILE = 'pop-index.pgdump';

export async function makeBackup(db: ServerDatabase, options: BackupOptions): Promise<BackupResult> {
  const now = options.now ?? new Date();
  const recipients = options.recipients ?? [];
  mkdirSync(options.outDir, { recursive: true });
  let name = backupName(now);
  for (let i = 2; existsSync(join(options.outDir, name)); i++) name = `${backupName(now)}-${i}`;
  const staging = join(options.outDir, `.tmp-${name}-${randomBytes(4).toString('hex')}`);
  mkdirSync(staging, { mode: 0o700 });
  try {
    const { file, contents } = db.dialect === 'postgres' ? await dumpPg(db, staging, recipients) : await copySqlite(db, staging, recipients);
    if (!('kysely_migration' in contents.tables)) {
      const where = db.dialect === 'postgres' ? redactUrl(db.url!) : db.file!;
      throw new BackupError(`${where} holds no Pop Index database (no tables of ours): check DATABASE_URL or --data-dir`);
    }
    const manifest: Manifest = {
      format: 'pop-index-backup',
      formatVersion: 1,
      appVersion: SERVER_VERSION,
      dialect: db.dialect,
      createdAt: now.toISOString(),
      epoch: contents.epoch ?? 'none',
      migrations: contents.migrations,
      tables: contents.tables,
      database: await describeFile(staging, file),
      encryption: recipients.length > 0 ? { scheme: 'age', recipients: [...recipients] } : null,
    };
    writeFileSync(join(staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    const dir = join(options.outDir, name);
    renameSync(staging, dir);
    return { dir, manifest };
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}

async function dumpPg(db: ServerDatabase, staging: string, recipients: readonly string[]): Promise<{ file: string; contents: DatabaseContents }> {
  const file = recipients.length > 0 ? `${PG_FILE}.age` : PG_FILE;
  const dest = join(staging, file);
  const contents = await db.kysely
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const snapshot = (await sql<{ id: string }>`SELECT pg_export_snapshot() AS id`.execute(trx)).rows[0]!.id;
      const contents = await inspectPg(trx as unknown as Kysely<unknown>);
      await runPgTool('pg_dump', db.url!, {
        args: ['--format=custom', `--snapshot=${snapshot}`, '--no-sync'],
        stdout: (out) => (recipients.length > 0 ? encryptTo(out, dest, recipients) : pipeline(out, createWriteStream(dest, { mode: 0o600 }))),
      });
      return contents;
    });
  return { file, contents };
}

async function copySqlite(db: ServerDatabase, staging: string, recipients: readonly string[]): Promise<{ file: string; contents: DatabaseContents }> {
  if (!db.file || db.file === ':memory:') throw new BackupError('An in-memory SQLite database cannot be backed up');
  const encrypt = recipients.length > 0;
  const plainDir = encrypt ? mkdtempSync(join(tmpdir(), 'pop-backup-')) : staging;
  const plain = join(plainDir, SQLITE_FILE);
  try {
    const source = new Database(db.file, { fileMustExist: true });
    try {
      // Large steps: a step reads one consistent state; small steps restart whenever the server writes.
      await source.backup(plain, { progress: ({ totalPages }) => Math.max(totalPages, 100) });
    } finally {
      source.close();
    }
    chmodSync(plain, 0o600);
    const copy = new Database(plain);
    copy.pragma('journal_mode = DELETE');
    copy.close();
    const contents = inspectSqliteFile(plain);
    if (!encrypt) return { file: SQLITE_FILE, contents };
    await encryptTo(createReadStream(plain), join(staging, `${SQLITE_FILE}.age`), recipients);
    return { file: `${SQLITE_FILE}.age`, contents };
  } finally {
    if (encrypt) rmSync(plainDir, { recursive: true, force: true });
  }
}
