/**
 * A fresh cache's first sync runs in bulk (secondary indexes dropped, search documents built at the
 * end): the result is the same cache as page-by-page upserts give, and a kill -9 in the middle
 * resumes from the last applied page, still in bulk, to the same cache.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type PopServer } from '../../src/server/app.js';
import type { BackendClient, CacheDb } from '../../src/main/core/features/types.js';
import { createHttpClient } from '../../src/main/core/sync/http.js';
import { applyPage, pullAll } from '../../src/main/core/sync/pull.js';
import { getState } from '../../src/main/core/sync/state.js';
import { sortKeyMemoSize } from '../../src/main/core/features/directory/bulk.js';
import { searchDirectory } from '../../src/main/core/features/directory/search.js';
import { DirectorySearchInput } from '../../src/shared/contract/directory.js';
import { LoginResponse, type Change } from '../../src/shared/sync/protocol.js';
import { allFeatures, migratedCache, tempDir } from './helpers.js';

const tmp = tempDir('pop-bulk-');
const child = join(import.meta.dirname, 'bulk-sync-child.ts');
let server: PopServer;
let url: string;
let token: string;

beforeAll(async () => {
  server = await createServer({ file: join(tmp.dir, 'server.sqlite'), databaseUrl: null, seed: { size: 400 }, oidc: null, updatesDir: null });
  url = await server.listen(0, '127.0.0.1');
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-pop-protocol': '1' }, body: JSON.stringify({ username: 'demo', password: 'demo' }) });
  token = LoginResponse.parse(await res.json()).token;
});
afterAll(async () => {
  await server?.close();
  tmp.cleanup();
});

/** Queries a user types, over every kind of searchable field (names, title, municipality, numbers, e-mail). */
const QUERIES = ['a', 'an', 'de', 'van', 'jan p', 'ma', 'medewerker', 'poperinge', 'ieper', '057', '047', '3456', '66', 'be', 'diensthoofd', 'el va'];

/** The cache as a user sees it: rows, search documents and results (by person id), indexes, sync state. */
function contents(db: CacheDb) {
  const people = db.prepare('SELECT * FROM dir_people ORDER BY id').all().map((r) => ({ ...(r as Record<string, unknown>), pid: undefined }));
  // The FTS5 tables are contentless: compare who has documents, and what the searches find.
  const documents = ['dir_search', 'dir_search_names'].map((t) => db.prepare(`SELECT p.id FROM ${t} s JOIN dir_people p ON p.pid = s.rowid ORDER BY 1`).all());
  const words = { documents, results: QUERIES.map((query) => searchDirectory(db, DirectorySearchInput.parse({ query, limit: 50 })).items.map((i) => i.id)) };
  const indexes = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name LIKE 'dir_%' ORDER BY name").all();
  const counts = Object.fromEntries(['dir_municipalities', 'dir_departments', 'dir_person_photos'].map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]));
  return { people, words, indexes, counts, bulk: getState(db, 'bulk'), ready: getState(db, 'ready'), saved: db.prepare("SELECT key FROM core_state WHERE key LIKE 'bulk:%'").all() };
}

/** The reference: every change the server sends, applied page by page the ordinary way (no bulk). */
async function reference(): Promise<ReturnType<typeof contents>> {
  const changes: Change[] = [];
  const recorder: BackendClient = {
    async request(method, path, options) {
      const page = await createHttpClient({ baseUrl: () => url, token: () => token }).request(method, path, options);
      changes.push(...(page as { changes: Change[] }).changes);
      return page;
    },
  };
  const scratch = migratedCache(join(tmp.dir, `scratch-${Math.random()}`));
  await pullAll(scratch, recorder, allFeatures, { now: () => new Date() });
  scratch.close();
  const db = migratedCache(join(tmp.dir, `reference-${Math.random()}`));
  for (let i = 0; i < changes.length; i += 500) {
    applyPage(db, allFeatures, { protocol: 1, reset: false, cursor: `r${i}`, hasMore: i + 500 < changes.length, remaining: null, changes: changes.slice(i, i + 500) }, new Date());
  }
  expect(getState(db, 'bulk')).toBeNull();
  const result = contents(db);
  db.close();
  return result;
}

function runChild(dataDir: string, killAfterPage: number | null): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, dataDir, url, token, '37'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.stdout.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n').filter(Boolean)) {
        lines.push(line);
        if (killAfterPage !== null && line === `PAGE ${killAfterPage}`) proc.kill('SIGKILL');
      }
    });
    proc.on('exit', (code, signal) => {
      if (killAfterPage === null && code !== 0) reject(new Error(`child failed (${code}): ${stderr}`));
      else if (killAfterPage !== null && signal !== 'SIGKILL') reject(new Error(`child was not killed (${code}): ${stderr}`));
      else resolve(lines);
    });
  });
}

describe('bulk first sync', () => {
  it('gives the same cache as page-by-page upserts: rows, search words and every index', async () => {
    const expected = await reference();
    expect(expected.people.length).toBeGreaterThan(300);
    expect(expected.words.documents[0]).toHaveLength(expected.people.length);
    expect(expected.words.results.filter((r) => r.length > 0).length).toBeGreaterThan(QUERIES.length / 2);
    const db = migratedCache(join(tmp.dir, 'fresh'));
    const pages: number[] = [];
    const memo: number[] = [];
    await pullAll(db, createHttpClient({ baseUrl: () => url, token: () => token }), allFeatures, {
      now: () => new Date(),
      limit: 100,
      onProgress: () => {
        // While the bulk load runs, the secondary indexes are away and their SQL is kept.
        pages.push((db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND name = 'dir_people_last_first'").get() as { n: number }).n);
        memo.push(sortKeyMemoSize());
      },
    });
    expect(pages.slice(0, -1).every((n) => n === 0)).toBe(true);
    expect(pages.at(-1)).toBe(1);
    // The sort keys memoized during the load are not kept once it is over (a name per person).
    expect(Math.max(...memo)).toBeGreaterThan(0);
    expect(memo.at(-1)).toBe(0);
    expect(contents(db)).toEqual(expected);
    expect(contents(db).bulk).toBeNull();
    expect(contents(db).saved).toEqual([]);
    db.close();
  });

  it('killed (kill -9) in the middle: resumes from the last applied page, in bulk, to the same cache', async () => {
    const expected = await reference();
    const dataDir = join(tmp.dir, 'killed');
    const lines = await runChild(dataDir, 3);
    expect(lines.slice(0, 3)).toEqual(['PAGE 1', 'PAGE 2', 'PAGE 3']);
    expect(lines).not.toContain('DONE');
    let db = migratedCache(dataDir);
    const half = contents(db);
    expect(half.bulk).toBe('1');
    expect(half.ready).toBeNull();
    expect(half.saved).toHaveLength(1);
    expect(getState(db, 'cursor')).not.toBeNull();
    db.close();
    // A second start runs to the end.
    const again = await runChild(dataDir, null);
    expect(again.at(-1)).toBe('DONE');
    db = migratedCache(dataDir);
    expect(contents(db)).toEqual(expected);
    db.close();
  });
});
