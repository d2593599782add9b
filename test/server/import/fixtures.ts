/**
 * Import test fixtures: a migrated database (SQLite or PostgreSQL, every feature's tables) with a
 * municipality, and real CSV files written to a temp folder in the encodings HR packages use.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { migrateToLatest } from '../../../src/server/db/migrator.js';
import { openDatabase, type ServerDatabase } from '../../../src/server/db/open.js';
import { addMunicipality } from '../../../src/server/import/municipalities.js';
import { freshStore, type Kind, type TestStore } from '../helpers.js';

export interface ImportDb {
  store: TestStore;
  db: ServerDatabase;
  dir: string;
  close(): Promise<void>;
}

export async function importDb(kind: Kind, municipalities: Array<{ id: string; name: string }> = [{ id: 'poperinge', name: 'Poperinge' }]): Promise<ImportDb> {
  const store = await freshStore(kind);
  const db = await openDatabase(store.url ?? undefined, { file: store.options.file });
  await migrateToLatest(db.kysely);
  for (const m of municipalities) await addMunicipality(db.kysely, { ...m, regional: true });
  const dir = mkdtempSync(join(tmpdir(), 'pop-import-'));
  return {
    store,
    db,
    dir,
    close: async () => {
      await db.close();
      await store.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const HEADER = ['Personeelsnummer', 'Voornaam', 'Achternaam', 'Functie', 'Dienst', 'E-mail', 'Telefoon', 'GSM', 'Intern', 'Bureau', 'Geboortedatum', 'Leidinggevende'];

export interface CsvOptions {
  delimiter?: ';' | ',';
  encoding?: 'utf-8' | 'utf-8-bom' | 'windows-1252';
  header?: string[];
}

const quote = (v: string, d: string): string => (v.includes(d) || v.includes('"') || v.includes('\n') ? `"${v.replace(/"/g, '""')}"` : v);

/** Writes a real CSV file (CRLF, as Excel does) and returns its path. Windows-1252 only for Latin-1 text (é, ë). */
export function writeCsv(dir: string, name: string, rows: string[][], options: CsvOptions = {}): string {
  const d = options.delimiter ?? ';';
  const text = [options.header ?? HEADER, ...rows].map((r) => r.map((v) => quote(v, d)).join(d)).join('\r\n') + '\r\n';
  const enc = options.encoding ?? 'utf-8-bom';
  const body = enc === 'windows-1252' ? Buffer.from(text, 'latin1') : Buffer.concat([enc === 'utf-8-bom' ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
  const path = join(dir, name);
  writeFileSync(path, body);
  return path;
}

/** A staff row in HEADER order. */
export function row(id: string, first: string, last: string, extra: Partial<{ job: string; dept: string; email: string; phone: string; gsm: string; ext: string; office: string; birth: string; manager: string }> = {}): string[] {
  const email = extra.email ?? `${first}.${last}@poperinge.be`.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/\s/g, '');
  return [id, first, last, extra.job ?? 'Medewerker', extra.dept ?? 'ICT', email, extra.phone ?? '057 34 66 00', extra.gsm ?? '', extra.ext ?? '6600', extra.office ?? 'Stadhuis', extra.birth ?? '', extra.manager ?? ''];
}

/** The change log's size and highest sequence: an unchanged re-run must move neither. */
export async function changeLog(db: ServerDatabase): Promise<{ rows: number; maxSeq: number }> {
  const r = await sql<{ n: number | string; m: number | string | null }>`SELECT COUNT(*) AS n, MAX(seq) AS m FROM sync_changes`.execute(db.kysely);
  return { rows: Number(r.rows[0]!.n), maxSeq: Number(r.rows[0]!.m ?? 0) };
}
