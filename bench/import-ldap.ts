/**
 * import.ldap_10k_ms: 10,000 inetOrgPerson entries (generated LDIF, deterministic) in a private
 * slapd (test/server/import/slapd.ts), read with readLdap (paged, 500 a page) and merged with
 * applyImport into a fresh SQLite database (and PostgreSQL when the test server is reachable): a
 * first run, then an unchanged re-run, which must cause 0 sync changes.
 *   npm run bench                       (after the typeahead bench)
 *   npx tsx bench/import-ldap.ts        (only this one; BENCH_LDAP_SIZE=2000 for a quick run)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { migrateToLatest } from '../src/server/db/migrator.js';
import { openDatabase, type ServerDatabase } from '../src/server/db/open.js';
import { FIRST_NAMES_F, FIRST_NAMES_M, LAST_NAMES } from '../src/server/demo/names.js';
import { Prng } from '../src/server/demo/prng.js';
import { readLdap, type LdapBatch } from '../src/server/import/ldap.js';
import { applyImport } from '../src/server/import/merge.js';
import { addMunicipality } from '../src/server/import/municipalities.js';
import { summaryLine } from '../src/server/import/report.js';
import { PEOPLE_BASE, personDn, personLdif, READER_PW, SLAPD_AVAILABLE, startSlapd } from '../test/server/import/slapd.js';

const DEPARTMENTS = ['Burgerzaken', 'Dienst ICT', 'Financiën', 'Technische dienst', 'Personeelsdienst', 'Secretariaat', 'Cultuur', 'Sport', 'Welzijn', 'Ruimtelijke ordening'];

/** n people: department heads report to the director, everyone else to a head of their department. */
export function generateLdif(n: number, seed = 9): string {
  const rng = new Prng(seed);
  const out: string[] = [];
  const heads = new Map<string, string>();
  for (let i = 0; i < n; i++) {
    const uid = `p${String(i).padStart(6, '0')}`;
    const givenName = rng.pick(rng.chance(0.5) ? FIRST_NAMES_F : FIRST_NAMES_M);
    const sn = rng.pick(LAST_NAMES);
    const dep = i === 0 ? 'Directie' : DEPARTMENTS[i % DEPARTMENTS.length]!;
    let manager: string | undefined;
    if (i > 0) {
      manager = heads.get(dep) ?? personDn('p000000');
      if (!heads.has(dep)) heads.set(dep, personDn(uid));
    }
    out.push(
      personLdif({
        uid,
        givenName,
        sn,
        mail: `${uid}@poperinge.test`,
        title: i === 0 ? 'Algemeen directeur' : heads.get(dep) === personDn(uid) ? 'Diensthoofd' : 'Medewerker',
        departmentNumber: dep,
        telephoneNumber: `057 ${String(rng.int(10, 99))} ${String(rng.int(10, 99))} ${String(rng.int(10, 99))}`,
        mobile: rng.chance(0.6) ? `047${rng.int(0, 9)} ${rng.int(10, 99)} ${rng.int(10, 99)} ${rng.int(10, 99)}` : undefined,
        roomNumber: `Stadhuis ${rng.int(0, 3)}.${String(rng.int(1, 40)).padStart(2, '0')}`,
        employeeNumber: `P${String(i).padStart(5, '0')}`,
        manager,
      }),
    );
  }
  return out.join('');
}

export interface LdapImportRun {
  /** "sqlite" or "postgres". */
  store: string;
  read: { first: number; rerun: number };
  apply: { first: number; rerun: number };
  firstSyncChanges: number;
  rerunSyncChanges: number;
  firstSummary: string;
  rerunSummary: string;
}

export interface LdapImportBench {
  entries: number;
  loadMs: number;
  pages: number;
  runs: LdapImportRun[];
}

/** A fresh database with the municipality, and applyImport timed with the sync changes it caused. */
interface Target {
  store: string;
  apply(batch: LdapBatch): Promise<{ ms: number; syncChanges: number; summary: string }>;
  close(): Promise<void>;
}

async function target(store: string, db: ServerDatabase, cleanup: () => Promise<void>): Promise<Target> {
  await migrateToLatest(db.kysely);
  await addMunicipality(db.kysely, { id: 'poperinge', name: 'Poperinge' });
  const maxSeq = async () => Number((await sql<{ n: number | null }>`SELECT MAX(seq) AS n FROM sync_changes`.execute(db.kysely)).rows[0]?.n ?? 0);
  return {
    store,
    async apply(batch) {
      const before = await maxSeq();
      const t = performance.now();
      const summary = await applyImport(db.kysely, { municipalityId: 'poperinge', batch });
      const ms = performance.now() - t;
      const syncChanges = Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM sync_changes WHERE seq > ${before}`.execute(db.kysely)).rows[0]?.n ?? 0);
      return { ms, syncChanges, summary: summaryLine(summary) };
    },
    async close() {
      await db.close();
      await cleanup();
    },
  };
}

/** SQLite (a WAL file in a temp folder), and PostgreSQL when the test server is reachable. */
async function targets(): Promise<Target[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pop-bench-ldap-'));
  const list = [await target('sqlite', await openDatabase(undefined, { file: join(dir, 'pop-index.sqlite') }), async () => rmSync(dir, { recursive: true, force: true }))];
  const { freshStore, PG_AVAILABLE } = await import('../test/server/helpers.js');
  if (PG_AVAILABLE) {
    const store = await freshStore('postgres');
    list.push(await target('postgres', await openDatabase(store.url!), () => store.drop()));
  }
  return list;
}

/** slapd with n entries; per store: readLdap + applyImport, then the same unchanged. */
export async function benchLdapImport(n = 10_000): Promise<LdapImportBench | null> {
  if (!SLAPD_AVAILABLE) return null;
  let t = performance.now();
  const slapd = await startSlapd({ ldif: generateLdif(n) });
  const loadMs = performance.now() - t;
  const stores = await targets();
  try {
    const options = { url: slapd.url, bindDn: slapd.readerDn, password: READER_PW, base: PEOPLE_BASE, profile: 'openldap' as const };
    const runs: LdapImportRun[] = [];
    let pages = 0;
    for (const store of stores) {
      t = performance.now();
      const first = await readLdap(options);
      const readFirst = performance.now() - t;
      if (first.records.length !== n) throw new Error(`read ${first.records.length} of ${n} entries (${first.errors.length} errors)`);
      pages = first.pages;
      const a1 = await store.apply(first);
      t = performance.now();
      const again = await readLdap(options);
      const readAgain = performance.now() - t;
      const a2 = await store.apply(again);
      runs.push({ store: store.store, read: { first: readFirst, rerun: readAgain }, apply: { first: a1.ms, rerun: a2.ms }, firstSyncChanges: a1.syncChanges, rerunSyncChanges: a2.syncChanges, firstSummary: a1.summary, rerunSummary: a2.summary });
    }
    return { entries: n, loadMs, pages, runs };
  } finally {
    for (const store of stores) await store.close();
    await slapd.stop();
  }
}

export function printLdapImportBench(r: LdapImportBench | null): void {
  if (!r) {
    console.log('\nimport.ldap_10k_ms: skipped (slapd not installed)');
    return;
  }
  const f = (ms: number) => `${Math.round(ms)} ms`;
  console.log(`\nimport.ldap_10k_ms (${r.entries} inetOrgPerson entries in a private slapd, loaded with slapadd in ${f(r.loadMs)}; paged search, ${r.pages} pages of 500)`);
  for (const x of r.runs) {
    console.log(`  ${x.store.padEnd(8)} first run      ${f(x.read.first + x.apply.first)}  (readLdap ${f(x.read.first)} + applyImport ${f(x.apply.first)})  ${x.firstSummary}; ${x.firstSyncChanges} sync changes`);
    console.log(`  ${x.store.padEnd(8)} unchanged run  ${f(x.read.rerun + x.apply.rerun)}  (readLdap ${f(x.read.rerun)} + applyImport ${f(x.apply.rerun)})  ${x.rerunSummary}`);
    console.log(`  ${x.store.padEnd(8)} sync changes caused by the unchanged re-run: ${x.rerunSyncChanges} (must be 0)${x.rerunSyncChanges === 0 ? '' : '  <-- NOT 0'}`);
  }
}

/** The whole measurement, printed (part of `npm run bench`). */
export async function runLdapImportBench(n = Number(process.env.BENCH_LDAP_SIZE ?? 10_000)): Promise<LdapImportBench | null> {
  const r = await benchLdapImport(n);
  printLdapImportBench(r);
  return r;
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) await runLdapImportBench();
