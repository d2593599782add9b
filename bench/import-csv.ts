/**
 * `import.csv_10k_ms`: an HR export of 10,000 generated people (Windows-1252, `;`, all columns,
 * managers) through parseCsv + applyImport into an empty municipality, then the same file again
 * (unchanged: must write nothing and cause 0 sync changes). SQLite always; PostgreSQL too when the
 * test server (POP_TEST_PG_URL, default 127.0.0.1:5432) is reachable.
 *   npx tsx bench/import-csv.ts          (alone; `npm run bench` runs it after the typeahead bench)
 *   BENCH_IMPORT_SIZE=2000 npx tsx bench/import-csv.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { migrateToLatest } from '../src/server/db/migrator.js';
import { openDatabase, type ServerDatabase } from '../src/server/db/open.js';
import { emailLocal, FIRST_NAMES_F, FIRST_NAMES_M, LAST_NAMES } from '../src/server/demo/names.js';
import { Prng } from '../src/server/demo/prng.js';
import { parseCsv } from '../src/server/import/csv.js';
import { applyImport } from '../src/server/import/merge.js';
import { addMunicipality } from '../src/server/import/municipalities.js';

const DEPARTMENTS = ['Secretariaat', 'Burgerzaken', 'Financiën', 'Personeel & Organisatie', 'ICT', 'Communicatie', 'Technische dienst', 'Omgeving', 'Cultuur', 'Bibliotheek', 'Sport', 'Jeugd', 'Welzijn en Sociale dienst', 'Kinderopvang'];

/** A Windows-1252 `;` HR export of `size` people (deterministic). */
export function hrExport(size: number): Buffer {
  const rng = new Prng(11_2026);
  const lines = ['Personeelsnummer;Voornaam;Achternaam;Functie;Dienst;E-mail;Telefoon;GSM;Intern;Bureau;Geboortedatum;Leidinggevende'];
  const emails = new Set<string>();
  for (let i = 1; i <= size; i++) {
    const first = rng.pick(rng.chance(0.5) ? FIRST_NAMES_F : FIRST_NAMES_M);
    const last = rng.pick(LAST_NAMES);
    let local = emailLocal(first, last);
    for (let n = 2; emails.has(local); n++) local = `${emailLocal(first, last)}${n}`;
    emails.add(local);
    const manager = i === 1 ? '' : String(10000 + Math.max(1, Math.floor(i / 12)));
    const desk = `057 ${rng.int(20, 99)} ${rng.int(10, 99)} ${rng.int(10, 99)}`;
    const mobile = rng.chance(0.4) ? `0475 ${rng.int(10, 99)} ${rng.int(10, 99)} ${rng.int(10, 99)}` : '';
    const birth = `${rng.int(1, 28)}/${rng.int(1, 12)}/${rng.int(1960, 2004)}`;
    lines.push([10000 + i, first, last, 'Medewerker', rng.pick(DEPARTMENTS), `${local}@bench.example`, desk, mobile, String(rng.int(1000, 9999)), `"Stadhuis; bureau ${rng.int(0, 3)}.${rng.int(10, 40)}"`, birth, manager].join(';'));
  }
  return Buffer.from(lines.join('\r\n') + '\r\n', 'latin1');
}

async function changeCount(db: ServerDatabase): Promise<number> {
  const r = await sql<{ m: number | string | null }>`SELECT MAX(seq) AS m FROM sync_changes`.execute(db.kysely);
  return Number(r.rows[0]!.m ?? 0);
}

export interface ImportBenchResult {
  database: string;
  firstMs: number;
  rerunMs: number;
  rerunSyncChanges: number;
  added: number;
  unchanged: number;
}

async function once(database: ServerDatabase, name: string, file: Buffer): Promise<ImportBenchResult> {
  await migrateToLatest(database.kysely);
  await addMunicipality(database.kysely, { id: 'bench', name: 'Bench', postcode: '8970', emailDomain: 'bench.example' });
  let t = performance.now();
  const first = await applyImport(database.kysely, { municipalityId: 'bench', source: 'csv', batch: parseCsv(file) });
  const firstMs = performance.now() - t;
  const before = await changeCount(database);
  t = performance.now();
  const again = await applyImport(database.kysely, { municipalityId: 'bench', source: 'csv', batch: parseCsv(file) });
  const rerunMs = performance.now() - t;
  const rerunSyncChanges = (await changeCount(database)) - before;
  if (first.rejected || again.added || again.changed || again.removed) throw new Error(`bench: unexpected summaries ${JSON.stringify({ first, again })}`);
  return { database: name, firstMs, rerunMs, rerunSyncChanges, added: first.added, unchanged: again.unchanged };
}

export async function benchImportCsv(size = Number(process.env.BENCH_IMPORT_SIZE ?? 10_000)): Promise<ImportBenchResult[]> {
  const file = hrExport(size);
  const results: ImportBenchResult[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'pop-bench-import-'));
  const sqlite = await openDatabase(undefined, { file: join(dir, 'bench.sqlite') });
  try {
    results.push(await once(sqlite, 'sqlite', file));
  } finally {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const { freshStore, PG_AVAILABLE } = await import('../test/server/helpers.js');
  if (PG_AVAILABLE) {
    const store = await freshStore('postgres');
    const pg = await openDatabase(store.url!);
    try {
      results.push(await once(pg, 'postgres', file));
    } finally {
      await pg.close();
      await store.drop();
    }
  }
  console.log(`\nimport.csv_10k_ms: HR export of ${size} people (Windows-1252, ';'), parse + merge + write, then the same file again`);
  for (const r of results) {
    console.log(`  ${r.database.padEnd(8)} first run ${r.firstMs.toFixed(0)} ms (added ${r.added}), unchanged re-run ${r.rerunMs.toFixed(0)} ms (unchanged ${r.unchanged}), sync changes caused by the re-run: ${r.rerunSyncChanges}${r.rerunSyncChanges === 0 ? '' : '  <- MUST BE 0'}`);
  }
  return results;
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) await benchImportCsv();
