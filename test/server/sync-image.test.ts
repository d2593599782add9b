/**
 * A fresh desktop's first sync from the server's prebuilt image (server/sync/image.ts,
 * main/core/sync/image.ts), SQLite and PostgreSQL, with the real desktop cache and HTTP client:
 * the first desktop of a view takes the pages and starts the build, the next one takes the image
 * and ends with the same rows, the same search results and the same cursor; a change after it
 * arrives; a wrong hash, a foreign schema, a mistyped row or a file that is no database change
 * nothing and the pages follow; the route refuses what it must.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openCache } from '../../src/main/core/cache/db.js';
import { migrateCache } from '../../src/main/core/cache/migrate.js';
import { searchDirectory } from '../../src/main/core/features/directory/search.js';
import type { BackendClient, CacheDb } from '../../src/main/core/features/types.js';
import { createHttpClient } from '../../src/main/core/sync/http.js';
import { adoptImage, buildImage, cacheMigrationSets, cacheSchemaHash, ImageRejected, rowRules } from '../../src/main/core/sync/image.js';
import { pullAll, type ImageOutcome } from '../../src/main/core/sync/pull.js';
import { getState } from '../../src/main/core/sync/state.js';
import { DirectorySearchInput } from '../../src/shared/contract/directory.js';
import { IMAGE_PATH, IMAGE_SHA256_HEADER, PROTOCOL_HEADER, PROTOCOL_VERSION, RowSchemas } from '../../src/shared/sync/protocol.js';
import { serverFeatures } from '../../src/server/features/index.js';
import { ImageStore } from '../../src/server/sync/image.js';
import { recordChange } from '../../src/server/sync/changes.js';
import { SnapshotCache } from '../../src/server/sync/snapshot.js';
import { allFeatures, directoryChanges, migratedCache, tempDir } from '../core/helpers.js';
import { api, KINDS, skipKind, startServer, type TestServer } from './helpers.js';

const QUERIES = ['a', 'jan', 'de', 'van', 'peeters', '0475', 'poper', 'ict'];

/** Every ordinary table of a cache (not the search index's own, not the core's state), sorted. */
function tables(db: CacheDb): Record<string, unknown[]> {
  const names = db
    .prepare(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT IN ('core_state', 'core_outbox', 'cache_migrations') ORDER BY name",
    )
    .pluck()
    .all() as string[];
  const fts = (db.prepare("SELECT name FROM sqlite_schema WHERE sql LIKE 'CREATE VIRTUAL%'").pluck().all() as string[]).map((n) => `${n}_`);
  const out: Record<string, unknown[]> = {};
  for (const name of names.filter((n) => !fts.some((prefix) => n.startsWith(prefix)))) {
    const rows = db.prepare(`SELECT * FROM "${name}" ORDER BY 1, 2`).raw().all();
    // pid is the cache's own row number: the same people, numbered in another order.
    out[name] = name === 'dir_people' ? (rows as unknown[][]).map((r) => r.slice(1)).sort((a, b) => String(a[0]).localeCompare(String(b[0]))) : rows;
  }
  return out;
}

function searches(db: CacheDb): unknown[] {
  return QUERIES.map((query) => searchDirectory(db, DirectorySearchInput.parse({ query, limit: 20 })).items.map((p) => p.id));
}

for (const kind of KINDS) {
  describe.skipIf(skipKind(kind))(`first sync from a prebuilt image (${kind})`, () => {
    let t: TestServer;
    const store = new ImageStore({ minRows: 0 });
    const dirs: { cleanup(): void }[] = [];
    let token = '';

    beforeAll(async () => {
      t = await startServer(kind, { features: serverFeatures, oidc: null, pullSnapshots: new SnapshotCache({ maxAgeMs: 60_000 }), syncImages: store });
      token = (await api(t.url).login('demo')).token;
    });
    afterAll(async () => {
      await t?.stop();
      for (const d of dirs) d.cleanup();
    });

    function desktop(): CacheDb {
      const d = tempDir('pop-image-');
      dirs.push(d);
      return migratedCache(d.dir);
    }
    const client = (): BackendClient => createHttpClient({ baseUrl: () => t.url, token: () => token });

    async function sync(db: CacheDb, backend: BackendClient = client()): Promise<ImageOutcome[]> {
      const outcomes: ImageOutcome[] = [];
      await pullAll(db, backend, allFeatures, { now: () => new Date(), onImage: (o) => outcomes.push(o) });
      return outcomes;
    }

    it('the first desktop takes the pages and starts the build; the next takes the image and ends the same', async () => {
      const first = desktop();
      expect(await sync(first)).toEqual([{ taken: false, reason: 'image_not_ready' }]);
      await store.settled();
      expect(store.stats.builds).toBe(1);
      expect(store.stats.failures).toBe(0);

      // Changed after the image was built: an update and a delete, which the image does not hold.
      const [renamed, removed] = (await t.server.db.kysely.selectFrom('people').select('id').where('municipality_id', '=', 'poperinge').orderBy('id').limit(2).execute()).map((r) => r.id);
      await t.server.db.kysely.transaction().execute(async (trx) => {
        await trx.updateTable('people').set({ first_name: 'Zwanhilde' }).where('id', '=', renamed!).execute();
        await recordChange(trx, { collection: 'people', id: renamed!, tenant: 'poperinge' });
        await trx.deleteFrom('person_photos').where('person_id', '=', removed!).execute();
        await trx.updateTable('people').set({ manager_id: null }).where('manager_id', '=', removed!).execute();
        await trx.deleteFrom('people').where('id', '=', removed!).execute();
        await recordChange(trx, { collection: 'people', id: removed!, tenant: 'poperinge', deleted: true });
        await recordChange(trx, { collection: 'personPhotos', id: removed!, tenant: 'poperinge', deleted: true });
      });

      const second = desktop();
      const outcomes = await sync(second);
      expect(outcomes).toHaveLength(1);
      expect(outcomes[0]).toMatchObject({ taken: true });
      expect((outcomes[0] as { rows: number }).rows).toBeGreaterThan(300);
      expect(store.stats.served).toBe(1);
      await sync(first);
      // The same rows, searches and cursor as the desktop that took the pages and then the log.
      expect(tables(second)).toEqual(tables(first));
      expect((tables(second).dir_people ?? []).length).toBeGreaterThan(250);
      expect(searches(second)).toEqual(searches(first));
      expect(searches(second).flat().length).toBeGreaterThan(20);
      expect(getState(second, 'cursor')).toBe(getState(first, 'cursor'));
      expect(getState(second, 'ready')).toBe('1');
      expect(getState(second, 'bulk')).toBeNull();
      expect(searchDirectory(second, DirectorySearchInput.parse({ query: 'zwanhil', limit: 5 })).items.map((p) => p.id)).toEqual([renamed]);
      expect(second.prepare('SELECT count(*) FROM dir_people WHERE id = ?').pluck().get(removed)).toBe(0);
    });

    it('a download that does not match its SHA-256 changes nothing, and the pages follow', async () => {
      const real = client();
      const lying: BackendClient = {
        request: real.request.bind(real),
        download: async (path, options) => {
          const got = await real.download!(path, options);
          return { ...got, headers: { ...got.headers, [IMAGE_SHA256_HEADER]: '0'.repeat(64) } };
        },
      };
      const db = desktop();
      expect(await sync(db, lying)).toEqual([{ taken: false, reason: 'sha256_mismatch' }]);
      const reference = desktop();
      await sync(reference);
      expect(tables(db)).toEqual(tables(reference));
    });

    it('answers 404 for another schema or a small view, 401 without a session', async () => {
      const get = (query: string, auth = true) =>
        fetch(`${t.url}${IMAGE_PATH}?${query}`, { headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), ...(auth ? { authorization: `Bearer ${token}` } : {}) } });
      const collections = 'departments,municipalities,people';
      const mismatch = await get(`collections=${collections}&schema=other`);
      expect(mismatch.status).toBe(404);
      expect(((await mismatch.json()) as { error: string }).error).toBe('image_schema_mismatch');
      expect((await get(`collections=${collections}&schema=${store.schema}`, false)).status).toBe(401);
      expect((await get(`collections=${collections}&schema=a%20b`)).status).toBe(400);
    });
  });
}

describe('a build that fails (sqlite)', () => {
  let t: TestServer;
  const failures: unknown[] = [];
  const store = new ImageStore(
    { minRows: 0 },
    (err) => failures.push(err),
    async () => {
      throw new Error('disk full');
    },
  );
  beforeAll(async () => {
    t = await startServer('sqlite', { features: serverFeatures, oidc: null, syncImages: store });
  });
  afterAll(async () => t?.stop());

  it('is told once, not retried at every fresh desktop, and the pages serve them meanwhile', async () => {
    const token = (await api(t.url).login('demo')).token;
    const d = tempDir('pop-image-fail-');
    try {
      const outcomes: ImageOutcome[] = [];
      for (const name of ['a', 'b']) {
        const db = migratedCache(join(d.dir, name));
        await pullAll(db, createHttpClient({ baseUrl: () => t.url, token: () => token }), allFeatures, { now: () => new Date(), onImage: (o) => outcomes.push(o) });
        await store.settled();
        expect(db.prepare('SELECT count(*) FROM dir_people').pluck().get()).toBeGreaterThan(250);
        expect(getState(db, 'ready')).toBe('1');
        db.close();
      }
      expect(outcomes).toEqual([
        { taken: false, reason: 'image_not_ready' },
        { taken: false, reason: 'no_image' },
      ]);
      expect(store.stats.failures).toBe(1);
      expect(failures.map((e) => (e as Error).message)).toEqual(['disk full']);
    } finally {
      d.cleanup();
    }
  });
});

describe('adopting an image refuses what it must, and changes nothing then', () => {
  let d: { dir: string; cleanup(): void };
  let image: string;
  beforeAll(() => {
    d = tempDir('pop-image-adopt-');
    // A real image, made by the server's builder from one snapshot page.
    image = join(d.dir, 'image.sqlite');
    const builder = buildImage(image, () => new Date(), allFeatures);
    builder.apply({ protocol: PROTOCOL_VERSION, reset: false, cursor: 'c', hasMore: true, remaining: 0, held: false, changes: directoryChanges() });
    expect(builder.finish()).toMatchObject({ rows: directoryChanges().length, quarantined: 0, schema: cacheSchemaHash(migratedCache(join(d.dir, 'probe'))) });
  });
  afterAll(() => d.cleanup());

  function fresh(name: string): CacheDb {
    return migratedCache(join(d.dir, name));
  }
  const people = (db: CacheDb) => db.prepare('SELECT count(*) FROM dir_people').pluck().get();

  it('takes a good one', () => {
    const db = fresh('good');
    expect(adoptImage(db, allFeatures, image, 'cursor-1')).toMatchObject({ rows: expect.any(Number) });
    expect(people(db)).toBe(6);
    expect(getState(db, 'cursor')).toBe('cursor-1');
    expect(searchDirectory(db, DirectorySearchInput.parse({ query: 'peeters', limit: 5 })).items.map((p) => p.id)).toEqual(['p2']);
    // Defensive mode is back on after the copy, and the cache in WAL again.
    expect(() => db.exec("INSERT INTO dir_search_data (id, block) VALUES (999999, x'00')")).toThrow();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('takes it through the WAL while another connection has the cache open', () => {
    const db = fresh('shared');
    const other = openCache(join(d.dir, 'shared', 'cache.sqlite'));
    expect(other.prepare('SELECT count(*) FROM dir_people').pluck().get()).toBe(0);
    adoptImage(db, allFeatures, image, 'cursor-2');
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(other.prepare('SELECT count(*) FROM dir_people').pluck().get()).toBe(6);
    expect(searchDirectory(other, DirectorySearchInput.parse({ query: 'peeters', limit: 5 })).items.map((p) => p.id)).toEqual(['p2']);
    other.close();
    db.close();
  });

  it('refuses another schema, a mistyped row, a file that is no database, a cache that is not fresh', () => {
    const cases: [string, (file: string) => void, RegExp][] = [
      [
        'schema',
        (file) => {
          const db = openCache(file);
          db.exec('CREATE TABLE dir_extra (x TEXT)');
          db.pragma('journal_mode = DELETE');
          db.close();
        },
        /schema/,
      ],
      [
        'type',
        (file) => {
          const db = openCache(file);
          db.exec("UPDATE dir_people SET first_name = x'00ff'");
          db.pragma('journal_mode = DELETE');
          db.close();
        },
        /another type/,
      ],
      ['garbage', (file) => writeFileSync(file, Buffer.alloc(8192, 7)), /not a cache file|not a database/],
    ];
    for (const [name, spoil, message] of cases) {
      const file = join(d.dir, `${name}.sqlite`);
      copyFileSync(image, file);
      spoil(file);
      const db = fresh(name);
      let error: unknown = null;
      try {
        adoptImage(db, allFeatures, file, 'cursor-x');
      } catch (err) {
        error = err;
      }
      expect(error, name).not.toBeNull();
      if (error instanceof ImageRejected) expect(error.message).toMatch(message);
      else expect(String((error as Error).message)).toMatch(message);
      expect(people(db)).toBe(0);
      expect(getState(db, 'cursor')).toBeNull();
      db.close();
    }
    const synced = fresh('synced');
    synced.prepare("INSERT INTO core_state (key, value) VALUES ('cursor', 'c')").run();
    expect(() => adoptImage(synced, allFeatures, image, 'cursor-y')).toThrow(/not fresh/);
    synced.close();
  });

  it('names the same schema hash on the builder and on a desktop of the same build', () => {
    const a = openCache(':memory:');
    migrateCache(a, cacheMigrationSets(allFeatures));
    const b = fresh('hash');
    expect(cacheSchemaHash(b)).toBe(cacheSchemaHash(a));
    b.exec('CREATE INDEX extra ON dir_people(email)');
    expect(cacheSchemaHash(b)).not.toBe(cacheSchemaHash(a));
    a.close();
    b.close();
  });

  it('names another hash for a build whose row rules differ, on the same tables', () => {
    const db = fresh('rules');
    expect(cacheSchemaHash(db, rowRules())).toBe(cacheSchemaHash(db));
    // A build that allows longer e-mail addresses, or stops allowing a phone format: same tables, other rows.
    const longerEmail = rowRules({ ...RowSchemas, people: (RowSchemas.people as z.ZodObject).extend({ email: z.string().max(500) }) });
    const noMobile = rowRules({ ...RowSchemas, people: (RowSchemas.people as z.ZodObject).omit({ mobilePhone: true }) });
    expect(new Set([cacheSchemaHash(db), cacheSchemaHash(db, longerEmail), cacheSchemaHash(db, noMobile)]).size).toBe(3);
    db.close();
  });
});

describe('the download of an image (sync/http.ts, a plain HTTP server)', () => {
  const tmpDl = tempDir('pop-image-download-');
  const MB = 1024 * 1024;
  // Every 4 KiB stamped with its offset: a piece written twice, lost or out of order changes the file.
  const seed = createHash('sha256').update('seed').digest();
  const big = Buffer.alloc(13 * MB + 12_345);
  for (let i = 0; i < big.length; i += seed.length) seed.copy(big, i, 0, Math.min(seed.length, big.length - i));
  for (let i = 0; i < big.length; i += 4096) big.writeUInt32BE(i, i);
  let server: Server;
  let url = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      const mode = new URL(req.url ?? '/', 'http://x').pathname;
      if (mode === '/whole') {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(big.length), 'x-test': 'yes' });
        // In pieces of 256 KiB, as a file stream sends them.
        let at = 0;
        const next = () => {
          while (at < big.length) {
            const piece = big.subarray(at, at + 256 * 1024);
            at += piece.length;
            if (!res.write(piece)) return void res.once('drain', next);
          }
          res.end();
        };
        next();
      } else if (mode === '/cut') {
        // 6 MB of the 13 announced, then the connection is gone (the server died).
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(big.length) });
        res.write(big.subarray(0, 6 * MB), () => setTimeout(() => res.socket?.destroy(), 50));
      } else {
        // No length announced, more than the desktop takes.
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(big);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    tmpDl.cleanup();
  });
  const client = () => createHttpClient({ baseUrl: () => url, token: () => null });

  it('writes every byte in order, with the SHA-256 of what arrived and the headers', async () => {
    const file = join(tmpDl.dir, 'whole.image');
    let headers: Record<string, string> | null = null;
    const got = await client().download!('/whole', { file, maxBytes: 64 * MB, onHeaders: (h) => (headers = h) });
    expect(got.bytes).toBe(big.length);
    expect(got.sha256).toBe(createHash('sha256').update(big).digest('hex'));
    expect(readFileSync(file).equals(big)).toBe(true);
    expect(headers).toMatchObject({ 'x-test': 'yes' });
  });

  it('a connection that breaks off halfway is "offline" and leaves no write running', async () => {
    const file = join(tmpDl.dir, 'cut.image');
    await expect(client().download!('/cut', { file, maxBytes: 64 * MB })).rejects.toMatchObject({ reason: 'offline' });
    // The file is closed (every write settled): it can be removed and is at most what arrived.
    expect(statSync(file).size).toBeLessThanOrEqual(6 * MB);
    rmSync(file);
  });

  it('a file larger than the desktop takes is refused', async () => {
    const file = join(tmpDl.dir, 'large.image');
    await expect(client().download!('/large', { file, maxBytes: 5 * MB })).rejects.toMatchObject({ reason: 'bad_response', message: expect.stringMatching(/too large/) });
  });
});
