/**
 * Syncs from scratch served from shared snapshot pages (src/server/sync/snapshot.ts), SQLite and
 * PostgreSQL, every feature: users of one view get the same bytes built once, another view its
 * own; changes made during and after the snapshot arrive; per-user collections arrive complete;
 * a sync resumes from a mid-snapshot cursor after the cache was emptied; the end result equals a
 * sync from a server without snapshots (the log page by page).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverFeatures } from '../../src/server/features/index.js';
import { recordChange } from '../../src/server/sync/changes.js';
import { SnapshotCache } from '../../src/server/sync/snapshot.js';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, PullResponse } from '../../src/shared/sync/protocol.js';
import { api, KINDS, skipKind, startServer, type Api, type TestServer } from './helpers.js';
import { ALL_COLLECTIONS, pullQuery } from './pull-loop.js';
import { SyncClient } from './sync-client.js';

const LIMIT = 40;

/** The phase a cursor is in: 's' snapshot, 'r' rest, 'log'. */
function phaseOf(cursor: string): string {
  const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { p?: string };
  return c.p ?? 'log';
}

function contents(client: SyncClient): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [collection, rows] of [...client.rows].sort(([a], [b]) => a.localeCompare(b))) {
    if (rows.size === 0) continue;
    out[collection] = Object.fromEntries([...rows].sort(([a], [b]) => a.localeCompare(b)));
  }
  return out;
}

async function rawPull(url: string, token: string, cursor: string | null, gzip = true): Promise<{ status: number; text: string; encoding: string | null }> {
  const res = await fetch(url + pullQuery(cursor, LIMIT, ALL_COLLECTIONS), {
    headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), authorization: `Bearer ${token}`, 'accept-encoding': gzip ? 'gzip' : 'identity' },
  });
  return { status: res.status, text: await res.text(), encoding: res.headers.get('content-encoding') };
}

for (const kind of KINDS) {
  describe.skipIf(skipKind(kind))(`sync from a shared snapshot (${kind})`, () => {
    let t: TestServer;
    let plain: TestServer;
    let http: Api;
    let plainHttp: Api;
    const cache = new SnapshotCache({ maxAgeMs: 60_000, gzip: true });
    const db = () => t.server.db.kysely;
    beforeAll(async () => {
      t = await startServer(kind, { features: serverFeatures, oidc: null, pullSnapshots: cache });
      // The same database without snapshots: the reference (the log page by page).
      plain = await startServer(kind, { features: serverFeatures, oidc: null, pullSnapshots: false }, t.store);
      http = api(t.url);
      plainHttp = api(plain.url);
    });
    afterAll(async () => {
      await plain?.stop();
      await t?.stop();
    });

    async function reference(username: string, collections: string | null = ALL_COLLECTIONS): Promise<Record<string, Record<string, unknown>>> {
      const client = new SyncClient(plainHttp, (await plainHttp.login(username)).token, 500, collections);
      await client.sync();
      return contents(client);
    }

    async function snapshotPages(username: string): Promise<string[]> {
      const token = (await http.login(username)).token;
      const texts: string[] = [];
      let cursor: string | null = null;
      for (;;) {
        const page = await rawPull(t.url, token, cursor);
        expect(page.status).toBe(200);
        if (cursor !== null && phaseOf(cursor) !== 's') break;
        texts.push(page.text);
        cursor = (JSON.parse(page.text) as PullResponse).cursor;
      }
      return texts;
    }

    it('gives two users of one municipality the same snapshot pages, built once; another municipality its own', async () => {
      cache.clear();
      const before = cache.stats.builds;
      const demo = await snapshotPages('demo');
      const built = cache.stats.builds - before;
      expect(demo.length).toBeGreaterThan(5);
      expect(built).toBe(demo.length);
      const secretariat = await snapshotPages('secretariaat');
      expect(secretariat).toEqual(demo);
      expect(cache.stats.builds - before).toBe(built);
      const ieper = await snapshotPages('ieper');
      expect(cache.stats.builds - before).toBe(built + ieper.length);
      expect(ieper[0]).not.toEqual(demo[0]);
      // Pages carry no user: nothing of demo's session or scope in them.
      const people = demo.flatMap((p) => (JSON.parse(p) as PullResponse).changes).filter((c) => c.collection === 'people');
      expect(people.length).toBeGreaterThan(100);
    });

    it('ends with the same rows as a sync of the log page by page, for each demo account, also for an older build', async () => {
      for (const username of ['demo', 'secretariaat', 'financien', 'ieper']) {
        const client = new SyncClient(http, (await http.login(username)).token, LIMIT);
        await client.sync();
        const got = contents(client);
        expect(got).toEqual(await reference(username));
        // Per-user collections (letters, orders, approvals, agenda...) arrived too.
        expect(Object.keys(got).length).toBeGreaterThan(4);
      }
      const legacy = new SyncClient(http, (await http.login('demo')).token, LIMIT, null);
      await legacy.sync();
      expect(contents(legacy)).toEqual(await reference('demo', null));
    });

    it('sends gzip to a client that accepts it, the same JSON to one that does not', async () => {
      const token = (await http.login('demo')).token;
      await snapshotPages('demo');
      await new Promise((r) => setTimeout(r, 200));
      const zipped = await rawPull(t.url, token, null, true);
      const plainText = await rawPull(t.url, token, null, false);
      expect(zipped.encoding).toBe('gzip');
      expect(plainText.encoding).toBeNull();
      expect(zipped.text).toBe(plainText.text);
    });

    it('delivers changes made during and after the snapshot: updates, deletes, a privacy opt-out', async () => {
      cache.clear();
      const token = (await http.login('demo')).token;
      const client = new SyncClient(http, token, LIMIT);
      for (let i = 0; i < 3; i++) await client.pullPage();
      expect(phaseOf(client.cursor!)).toBe('s');
      const received = client.ids('people');
      expect(received.length).toBeGreaterThan(3);
      const own = await db().selectFrom('people').select('id').where('municipality_id', '=', 'poperinge').orderBy('id').execute();
      const notYet = own.map((p) => p.id).filter((id) => !received.includes(id));
      const [regionalGot] = await db().selectFrom('people').select('id').where('municipality_id', '=', 'ieper').where('regional_visible', '=', 1).orderBy('id').limit(1).execute();
      const edits = async (n: number) => {
        await db().transaction().execute(async (trx) => {
          // Updated: one the client has, one it has not reached yet.
          for (const id of [received[n]!, notYet[n]!]) {
            await trx.updateTable('people').set({ last_name: `Snapshot${n}` }).where('id', '=', id).execute();
            await recordChange(trx, { collection: 'people', id, tenant: 'poperinge' });
          }
          // Deleted: one it has, one it has not reached yet.
          for (const id of [received[n + 1]!, notYet[notYet.length - 1 - n]!]) {
            await trx.deleteFrom('person_photos').where('person_id', '=', id).execute();
            await trx.updateTable('people').set({ manager_id: null }).where('manager_id', '=', id).execute();
            await trx.deleteFrom('people').where('id', '=', id).execute();
            await recordChange(trx, { collection: 'people', id, tenant: 'poperinge', deleted: true });
            await recordChange(trx, { collection: 'personPhotos', id, tenant: 'poperinge', deleted: true });
          }
        });
      };
      await edits(0);
      // Privacy: an Ieper person opts out of the regional directory (Poperinge may see them no more).
      await db().transaction().execute(async (trx) => {
        await trx.updateTable('people').set({ regional_visible: 0 }).where('id', '=', regionalGot!.id).execute();
        await recordChange(trx, { collection: 'people', id: regionalGot!.id, tenant: 'ieper' });
      });
      // A second fresh client of the same view starts now: same snapshot horizon, cached pages.
      const late = new SyncClient(http, (await http.login('secretariaat')).token, LIMIT);
      const builds = cache.stats.builds;
      await late.pullPage();
      expect(cache.stats.builds).toBe(builds);
      for (let i = 0; i < 3; i++) await client.pullPage();
      await edits(4);
      await client.sync();
      await late.sync();
      expect(client.get('people', regionalGot!.id)).toBeUndefined();
      expect(client.get('people', received[1]!)).toBeUndefined();
      expect(client.get('people', received[0]!)?.lastName).toBe('Snapshot0');
      expect(client.get('people', notYet[4]!)?.lastName).toBe('Snapshot4');
      expect(contents(client)).toEqual(await reference('demo'));
      expect(contents(late)).toEqual(await reference('secretariaat'));
    });

    it('resumes from a mid-snapshot cursor after the cache was emptied (a restart, an eviction)', async () => {
      cache.clear();
      const client = new SyncClient(http, (await http.login('financien')).token, LIMIT);
      for (let i = 0; i < 4; i++) await client.pullPage();
      expect(phaseOf(client.cursor!)).toBe('s');
      cache.clear();
      const builds = cache.stats.builds;
      await client.sync();
      expect(cache.stats.builds).toBeGreaterThan(builds);
      expect(client.resets).toBe(0);
      expect(contents(client)).toEqual(await reference('financien'));
    });

    it('answers reset when a snapshot cursor meets another view, and 400 for a cursor it never gave out', async () => {
      const demo = new SyncClient(http, (await http.login('demo')).token, LIMIT);
      await demo.pullPage();
      const ieper = new SyncClient(http, (await http.login('ieper')).token, LIMIT);
      ieper.cursor = demo.cursor;
      const page = await ieper.pullPage();
      expect(page.reset).toBe(true);
      expect(page.changes).toEqual([]);
      await ieper.sync();
      expect(contents(ieper)).toEqual(await reference('ieper'));

      const token = (await http.login('demo')).token;
      const forged = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
      for (const bad of ['garbage', forged({ p: 'x', e: 'a', k: 'b', h: '1', x: '0', q: 0 }), forged({ p: 's', e: 'a', k: 'b', h: '-1', x: '0', q: 0 }), forged({ p: 's', e: 'a', k: 'b', h: '1', x: '0', q: 0, s: 'extra' })]) {
        const res = await rawPull(t.url, token, bad);
        expect(res.status, bad).toBe(400);
        expect(JSON.parse(res.text)).toMatchObject({ error: 'invalid_cursor' });
      }
    });
  });
}
