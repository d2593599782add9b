/**
 * `meetings.*`: a Gelinkt-Notuleren-style LBLOD page of 20 zittingen x 50 agendapunten (1,000 items,
 * every tenth closed; fictional) through parseLblod + applyMeetingImport into an empty municipality,
 * then the same page again (unchanged: must cause 0 sync changes), then the page with one title
 * changed (must cause exactly 1). SQLite always; PostgreSQL too when the test server is reachable.
 *   npx tsx bench/import-meetings.ts          (alone; `npm run bench -- --only meetings`)
 *   BENCH_MEETINGS=5 npx tsx bench/import-meetings.ts   (5 zittingen)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { migrateToLatest } from '../src/server/db/migrator.js';
import { openDatabase, type ServerDatabase } from '../src/server/db/open.js';
import { applyMeetingImport } from '../src/server/import/meetings/merge.js';
import { parseLblod } from '../src/server/import/meetings/parse-lblod.js';
import { addMunicipality } from '../src/server/import/municipalities.js';

const ITEMS = 50;

/** A publication of `zittingen` council meetings with ITEMS items each (deterministic). */
export function lblodPage(zittingen: number, changedTitle = false): Uint8Array {
  const parts = [
    '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Agenda</title></head><body>',
    '<div prefix="besluit: http://data.vlaanderen.be/ns/besluit# dct: http://purl.org/dc/terms/ prov: http://www.w3.org/ns/prov# schema: http://schema.org/ skos: http://www.w3.org/2004/02/skos/core# xsd: http://www.w3.org/2001/XMLSchema#">',
  ];
  for (let z = 0; z < zittingen; z++) {
    const month = String(1 + (z % 12)).padStart(2, '0');
    parts.push(
      `<div about="http://data.lblod.info/id/zittingen/bench-${z}" typeof="besluit:Zitting"><h1>Agenda voor <span property="besluit:isGehoudenDoor" resource="http://data.lblod.info/id/bestuursorganen/bench-gr" typeof="besluit:Bestuursorgaan"><span property="skos:prefLabel">Gemeenteraad Bench</span><span property="besluit:classificatie" resource="http://data.vlaanderen.be/id/concept/BestuursorgaanClassificatieCode/5ab0e9b8a3b2ca7c5e000005"></span></span> op <span property="besluit:geplandeStart" datatype="xsd:dateTime" content="${2027 + Math.floor(z / 12)}-${month}-15T19:30:00+01:00">15/${month}</span></h1><p property="prov:atLocation">Raadzaal, stadhuis</p><ul>`,
    );
    for (let n = 1; n <= ITEMS; n++) {
      const title = changedTitle && z === 0 && n === 1 ? 'Goedkeuring van de notulen (gewijzigd)' : `Agendapunt ${n}: een dossier van de dienst met een titel van gewone lengte`;
      parts.push(
        `<li property="besluit:behandelt" resource="http://data.lblod.info/id/agendapunten/bench-${z}-${n}" typeof="besluit:Agendapunt"><span property="schema:position" datatype="xsd:integer" content="${n}"></span><span property="besluit:geplandOpenbaar" datatype="xsd:boolean" content="${n % 10 === 0 ? 'false' : 'true'}"></span><h2><span property="dct:title">${title}</span></h2><p property="dct:description">Toelichting bij punt ${n}: de voorgeschiedenis en het voorstel van beslissing.</p></li>`,
      );
    }
    parts.push('</ul></div>');
  }
  parts.push('</div></body></html>');
  return new TextEncoder().encode(parts.join('\n'));
}

async function maxSeq(db: ServerDatabase): Promise<number> {
  const r = await sql<{ m: number | string | null }>`SELECT MAX(seq) AS m FROM sync_changes`.execute(db.kysely);
  return Number(r.rows[0]!.m ?? 0);
}

export interface MeetingsBenchResult {
  database: string;
  parseMs: number;
  firstMs: number;
  rerunMs: number;
  rerunSyncChanges: number;
  changedMs: number;
  changedSyncChanges: number;
  rows: number;
}

async function once(database: ServerDatabase, name: string, page: Uint8Array, changed: Uint8Array): Promise<MeetingsBenchResult> {
  await migrateToLatest(database.kysely);
  await addMunicipality(database.kysely, { id: 'bench', name: 'Bench', postcode: '8970', emailDomain: 'bench.example' });
  let t = performance.now();
  const batch = await parseLblod(page);
  const parseMs = performance.now() - t;
  t = performance.now();
  const first = await applyMeetingImport(database.kysely, { municipalityId: 'bench', batch });
  const firstMs = performance.now() - t;
  let before = await maxSeq(database);
  t = performance.now();
  const again = await applyMeetingImport(database.kysely, { municipalityId: 'bench', batch: await parseLblod(page) });
  const rerunMs = performance.now() - t;
  const rerunSyncChanges = (await maxSeq(database)) - before;
  before = await maxSeq(database);
  t = performance.now();
  const third = await applyMeetingImport(database.kysely, { municipalityId: 'bench', batch: await parseLblod(changed) });
  const changedMs = performance.now() - t;
  const changedSyncChanges = (await maxSeq(database)) - before;
  if (again.added || again.changed || again.removed || third.changed !== 1) throw new Error(`bench: unexpected summaries ${JSON.stringify({ first, again, third })}`);
  return { database: name, parseMs, firstMs, rerunMs, rerunSyncChanges, changedMs, changedSyncChanges, rows: first.added };
}

export async function benchMeetingsImport(zittingen = Number(process.env.BENCH_MEETINGS ?? 20)): Promise<MeetingsBenchResult[]> {
  const page = lblodPage(zittingen);
  const changed = lblodPage(zittingen, true);
  const results: MeetingsBenchResult[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'pop-bench-meetings-'));
  const sqlite = await openDatabase(undefined, { file: join(dir, 'bench.sqlite') });
  try {
    results.push(await once(sqlite, 'sqlite', page, changed));
  } finally {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const { freshStore, PG_AVAILABLE } = await import('../test/server/helpers.js');
  if (PG_AVAILABLE) {
    const store = await freshStore('postgres');
    const pg = await openDatabase(store.url!);
    try {
      results.push(await once(pg, 'postgres', page, changed));
    } finally {
      await pg.close();
      await store.drop();
    }
  }
  console.log(`\nmeetings: LBLOD page of ${zittingen} zittingen x ${ITEMS} items (${(page.byteLength / 1024).toFixed(0)} KiB)`);
  for (const r of results) {
    console.log(
      `  ${r.database.padEnd(8)} parse ${r.parseMs.toFixed(0)} ms; first import ${r.firstMs.toFixed(0)} ms (${r.rows} rows); unchanged re-import ${r.rerunMs.toFixed(0)} ms, sync changes ${r.rerunSyncChanges}${r.rerunSyncChanges === 0 ? '' : ' <- MUST BE 0'}; one title changed ${r.changedMs.toFixed(0)} ms, sync changes ${r.changedSyncChanges}${r.changedSyncChanges === 1 ? '' : ' <- MUST BE 1'}`,
    );
  }
  return results;
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) await benchMeetingsImport();
