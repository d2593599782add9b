/**
 * Staff photos through the import: resized to <= 256 px, stored as JPEG without EXIF, written
 * only when the source bytes change (an unchanged re-run: zero sync changes), removed when the
 * source says none and with a leaver; a bad photo is reported and the person still goes in.
 * Synced as `personPhotos` only to who may see the person (SQLite and PostgreSQL).
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { migrateTo } from '../../../src/server/db/migrator.js';
import { openDatabase, type ServerDatabase } from '../../../src/server/db/open.js';
import { demoPhoto } from '../../../src/server/demo/photos.js';
import { directoryFeature } from '../../../src/server/features/directory/index.js';
import { applyImport } from '../../../src/server/import/merge.js';
import { PHOTO_MAX_SIDE, processPhoto, PhotoRejected } from '../../../src/server/import/photo.js';
import type { SourceBatch, SourceRecord } from '../../../src/server/import/types.js';
import { api, freshStore, KINDS, skipKind, startServer, type TestServer, type TestStore } from '../helpers.js';
import { SyncClient } from '../sync-client.js';
import { pullQuery } from '../pull-loop.js';
import { changeLog, importDb, type ImportDb } from './fixtures.js';

/** A big JPEG with EXIF (GPS position, camera, description), as a phone would make it. */
async function bigJpegWithExif(width = 3000, height = 2000): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 40, g: 120, b: 200 } } })
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'Phone 12', ImageDescription: 'at home' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '50/1 51/1 2/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 43/1 30/1' },
    })
    .toBuffer();
}

const person = (id: string, photo: Uint8Array | null | undefined, extra: Partial<SourceRecord> = {}): SourceRecord => ({
  sourceId: id,
  origin: `CN=${id},OU=Staff,DC=poperinge,DC=be`,
  firstName: 'Els',
  lastName: `Photo${id}`,
  email: `els.photo${id}@poperinge.be`,
  jobTitle: 'Medewerker',
  department: 'ICT',
  ...(photo !== undefined ? { photo } : {}),
  ...extra,
});
const batch = (records: SourceRecord[], full = true): SourceBatch => ({ kind: 'ldap:ad', records, errors: [], full, nextCursor: null });

describe('photo processing', () => {
  it('resizes a large JPEG to at most 256 px and drops EXIF (GPS)', async () => {
    const input = await bigJpegWithExif();
    expect((await sharp(input).metadata()).exif).toBeDefined();
    const out = await processPhoto(input);
    const meta = await sharp(out.bytes).metadata();
    expect(meta.format).toBe('jpeg');
    expect(Math.max(meta.width!, meta.height!)).toBe(PHOTO_MAX_SIDE);
    expect(meta.width).toBe(256);
    expect(meta.height).toBe(171);
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(out.bytes.includes(Buffer.from('PhoneMaker'))).toBe(false);
  });

  it('keeps a small photo small, puts transparency on white, turns PNG into JPEG', async () => {
    const png = await sharp({ create: { width: 96, height: 120, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    const out = await processPhoto(png);
    expect(out).toMatchObject({ contentType: 'image/jpeg', width: 96, height: 120 });
    const { data } = await sharp(out.bytes).raw().toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(245); // white, not black
  });

  it('refuses what is not an image, too large, or too many pixels, with a reason', async () => {
    const reason = async (bytes: Uint8Array) => {
      const err = await processPhoto(bytes).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(PhotoRejected);
      return (err as Error).message;
    };
    expect(await reason(new TextEncoder().encode('<html>not a photo</html>'))).toMatch(/not an image/);
    expect(await reason(new Uint8Array(6 * 1024 * 1024))).toMatch(/larger than 5 MB/);
    const wide = await sharp({ create: { width: 12_000, height: 8, channels: 3, background: '#fff' } }).png().toBuffer();
    expect(await reason(wide)).toMatch(/larger than 10000 px/);
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');
    expect(await reason(svg)).toMatch(/format svg is not accepted/);
    const jpeg = await bigJpegWithExif(400, 300);
    expect(await reason(jpeg.subarray(0, 300))).toMatch(/damaged|not an image/);
  });
});

for (const kind of KINDS) {
  describe.skipIf(skipKind(kind))(`photos in the import (${kind})`, () => {
    let t: ImportDb;
    let store: TestStore | undefined;
    let plain: ServerDatabase | undefined;
    afterEach(async () => {
      await t?.close();
      await plain?.close();
      await store?.drop();
      store = undefined;
      plain = undefined;
    });

    const photoRows = (db: ServerDatabase) => db.kysely.selectFrom('person_photos').selectAll().orderBy('person_id').execute();
    const run = (records: SourceRecord[], full = true) =>
      applyImport(t.db.kysely, { municipalityId: 'poperinge', source: 'ldap:ad', batch: batch(records, full), features: [directoryFeature], allowMassRemoval: true });

    it('stores the resized photo apart, writes nothing for an unchanged re-run, removes it when the source says none and with a leaver', async () => {
      t = await importDb(kind);
      const jpeg = await bigJpegWithExif();
      const png = demoPhoto('p-x');
      expect(await run([person('1', jpeg), person('2', png), person('3', undefined)])).toMatchObject({ added: 3, rejected: 0, errors: [] });
      const rows = await photoRows(t.db);
      expect(rows).toHaveLength(2);
      for (const r of rows) {
        expect(r.content_type).toBe('image/jpeg');
        const bytes = Buffer.from(r.data, 'base64');
        const meta = await sharp(bytes).metadata();
        expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(256);
        expect(meta.exif).toBeUndefined();
        expect(r.data.length).toBeLessThanOrEqual(64 * 1024);
      }
      const log = await t.db.kysely.selectFrom('sync_changes').select(['collection', 'row_id', 'deleted']).where('collection', '=', 'personPhotos').execute();
      expect(log.map((l) => l.row_id).sort()).toEqual(rows.map((r) => r.person_id));

      // Unchanged re-run (the same source bytes): zero writes, zero sync changes.
      const before = await changeLog(t.db);
      expect(await run([person('1', jpeg), person('2', png), person('3', undefined)])).toMatchObject({ added: 0, changed: 0, unchanged: 3, rejected: 0 });
      expect(await changeLog(t.db)).toEqual(before);
      expect(await photoRows(t.db)).toEqual(rows);

      // A new photo at the source: the person counts as changed, the people row is not re-stamped.
      const other = await sharp({ create: { width: 300, height: 400, channels: 3, background: '#c33' } }).jpeg().toBuffer();
      expect(await run([person('1', other), person('2', png), person('3', undefined)])).toMatchObject({ changed: 1, unchanged: 2 });
      const after = await changeLog(t.db);
      expect(after.rows).toBe(before.rows); // re-stamped, not added
      const one = (await photoRows(t.db)).find((r) => r.person_id === rows[0]!.person_id)!;
      expect(one.hash).not.toBe(rows[0]!.hash);
      expect([one.width, one.height]).toEqual([192, 256]);

      // The source says "no photo": removed, with a tombstone.
      expect(await run([person('1', null), person('2', png), person('3', undefined)])).toMatchObject({ changed: 1 });
      expect((await photoRows(t.db)).map((r) => r.person_id)).toEqual([rows[1]!.person_id]);
      const tomb = await t.db.kysely.selectFrom('sync_changes').select('deleted').where('collection', '=', 'personPhotos').where('row_id', '=', rows[0]!.person_id).executeTakeFirstOrThrow();
      expect(tomb.deleted).toBe(1);

      // A leaver: person and photo gone, both tombstoned.
      expect(await run([person('1', null), person('2', png, { disabled: true }), person('3', undefined)], false)).toMatchObject({ removed: 1 });
      expect(await photoRows(t.db)).toEqual([]);
      const gone = await t.db.kysely.selectFrom('sync_changes').select(['collection', 'deleted']).where('row_id', '=', rows[1]!.person_id).orderBy('collection').execute();
      expect(gone).toEqual([
        { collection: 'people', deleted: 1 },
        { collection: 'personPhotos', deleted: 1 },
      ]);
    });

    it('reports a bad photo as an error line and imports the person (keeping a stored photo)', async () => {
      t = await importDb(kind);
      const good = demoPhoto('p-good');
      expect(await run([person('1', good)])).toMatchObject({ added: 1 });
      const stored = await photoRows(t.db);
      const summary = await run([person('1', new TextEncoder().encode('GIF89a but not really')), person('2', new Uint8Array(6 * 1024 * 1024))]);
      expect(summary).toMatchObject({ added: 1, rejected: 0 });
      expect(summary.errors).toEqual([
        { dn: 'CN=1,OU=Staff,DC=poperinge,DC=be', reason: 'photo is not an image (JPEG, PNG, WebP or GIF expected); the person was imported without a new photo' },
        { dn: 'CN=2,OU=Staff,DC=poperinge,DC=be', reason: 'photo is larger than 5 MB; the person was imported without a new photo' },
      ]);
      expect(await t.db.kysely.selectFrom('people').select('last_name').where('last_name', '=', 'Photo2').executeTakeFirst()).toBeDefined();
      expect(await photoRows(t.db)).toEqual(stored);
    });

    it('migration 2026_11_30_030_photos adds person_photos next to existing people', async () => {
      store = await freshStore(kind);
      plain = await openDatabase(store.url ?? undefined, { file: store.options.file });
      await migrateTo(plain.kysely, '2026_11_30_010_import');
      await plain.kysely.insertInto('server_meta').values({ key: 'probe', value: '1' }).execute();
      await migrateTo(plain.kysely, '2026_11_30_030_photos');
      await plain.kysely
        .insertInto('person_photos')
        .values({ person_id: 'p-1', municipality_id: 'poperinge', content_type: 'image/jpeg', data: 'AAAA', hash: 'ab'.repeat(16), source_hash: 'cd'.repeat(32), width: 1, height: 1, updated_at: '2026-11-30T00:00:00.000Z' })
        .execute();
      expect(await plain.kysely.selectFrom('person_photos').select(['person_id', 'data']).execute()).toEqual([{ person_id: 'p-1', data: 'AAAA' }]);
      expect(await plain.kysely.selectFrom('server_meta').select('value').where('key', '=', 'probe').executeTakeFirst()).toEqual({ value: '1' });
    });
  });

  describe.skipIf(skipKind(kind))(`photos reach the desktops (${kind})`, () => {
    let s: TestServer;
    afterEach(async () => {
      await s?.stop();
    });

    /** PostgreSQL may hold committed changes above the horizon for a moment: pull until arrived (bounded, no timing asserted). */
    async function syncUntil(client: SyncClient, arrived: () => boolean): Promise<void> {
      for (let i = 0; i < 600; i++) {
        await client.sync();
        if (arrived()) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the change never reached the client');
    }

    it('the own municipality gets the photo as its own change; another tenant never gets a non-opted-in person\'s photo', async () => {
      s = await startServer(kind);
      const http = api(s.url);
      const demo = new SyncClient(http, (await http.login('demo')).token, 2000);
      const ieper = new SyncClient(http, (await http.login('ieper')).token, 2000);
      await demo.sync();
      await ieper.sync();
      // The demo's photos: every photo row belongs to a person this user has, the photo is small.
      for (const c of [demo, ieper]) {
        const people = new Set(c.ids('people'));
        expect(c.ids('personPhotos').length).toBeGreaterThan(0);
        for (const id of c.ids('personPhotos')) {
          expect(people.has(id)).toBe(true);
          expect((c.get('personPhotos', id)!.data as string).length).toBeLessThan(8 * 1024);
        }
      }
      const seen = { demo: demo.ids('personPhotos').length, ieper: ieper.ids('personPhotos').length };

      const jpeg = await bigJpegWithExif(800, 600);
      const summary = await applyImport(s.server.db.kysely, { municipalityId: 'poperinge', source: 'ldap:ad', batch: batch([person('77', jpeg)], false), features: [directoryFeature] });
      expect(summary).toMatchObject({ added: 1, errors: [] });
      const pid = (await s.server.db.kysely.selectFrom('people').select('id').where('last_name', '=', 'Photo77').executeTakeFirstOrThrow()).id;
      await syncUntil(demo, () => demo.get('personPhotos', pid) !== undefined);
      expect(demo.get('personPhotos', pid)).toMatchObject({ id: pid, contentType: 'image/jpeg' });
      expect(demo.get('people', pid)).toBeDefined();
      await ieper.sync();
      expect(ieper.get('people', pid)).toBeUndefined();
      expect(ieper.get('personPhotos', pid)).toBeUndefined();
      expect(ieper.ids('personPhotos').length).toBe(seen.ieper);

      // Removed at the source: the photo leaves the desktop's copy.
      await applyImport(s.server.db.kysely, { municipalityId: 'poperinge', source: 'ldap:ad', batch: batch([person('77', null)], false), features: [directoryFeature] });
      await syncUntil(demo, () => demo.get('personPhotos', pid) === undefined);
      expect(demo.get('people', pid)).toBeDefined();
      expect(demo.ids('personPhotos').length).toBe(seen.demo);
    });

    it('a pull page ends early past its byte budget: every row still arrives, no page much larger than the budget', async () => {
      s = await startServer(kind, { pullPageBytes: 20_000 });
      const http = api(s.url);
      const token = (await http.login('demo')).token;
      const whole = new SyncClient(http, token, 2000);
      let cursor: string | null = null;
      const seen = new Map<string, number>();
      let pages = 0;
      for (;;) {
        const res = await http.get(pullQuery(cursor, 2000), token);
        const body = res.body as { cursor: string; hasMore: boolean; held: boolean; changes: Array<{ op: string; collection: string; id: string }> };
        pages += 1;
        const sizes = body.changes.map((c) => JSON.stringify(c).length);
        const total = sizes.reduce((a, b) => a + b, 0);
        // The last change may pass it, never more. (A sync from scratch ends with the log's page from
        // the snapshot horizon, empty when nothing changed since: src/server/sync/snapshot.ts.)
        if (sizes.length > 0) expect(total - sizes[sizes.length - 1]!).toBeLessThanOrEqual(20_000);
        // (Pages after the first also carry deletes for rows this user may not see: not counted.)
        for (const c of body.changes) if (c.op === 'upsert') seen.set(`${c.collection}/${c.id}`, (seen.get(`${c.collection}/${c.id}`) ?? 0) + 1);
        cursor = body.cursor;
        if (!body.hasMore && !body.held) break;
        if (body.held) await new Promise((r) => setTimeout(r, 20));
      }
      expect(pages).toBeGreaterThan(5);
      expect([...seen.values()].every((n) => n === 1)).toBe(true); // nothing twice, nothing skipped:
      await whole.sync();
      for (const c of ['people', 'personPhotos', 'departments'] as const) {
        expect(whole.ids(c).length).toBeGreaterThan(0);
        for (const id of whole.ids(c)) expect(seen.has(`${c}/${id}`)).toBe(true);
      }
      expect(seen.size).toBe(['municipalities', 'departments', 'people', 'personPhotos'].reduce((n, c) => n + whole.ids(c as 'people').length, 0));
    });

    it('opting out of (and back into) the regional directory takes the photo away from (and back to) the other municipalities', async () => {
      s = await startServer(kind);
      const http = api(s.url);
      const login = await http.login('demo');
      const me = login.user.personId!;
      expect(await s.server.db.kysely.selectFrom('person_photos').select('person_id').where('person_id', '=', me).executeTakeFirst()).toBeDefined();
      const ieper = new SyncClient(http, (await http.login('ieper')).token, 2000);
      const clientId = randomUUID();
      let seq = 0;
      const setRegional = async (regionalVisible: boolean) => {
        seq += 1;
        const res = await http.post('/api/v1/sync/push', { clientId, commands: [{ seq, type: 'directory.setPrivacy', payload: { regionalVisible }, createdAt: new Date().toISOString() }] }, login.token);
        expect(res.status).toBe(200);
        expect((res.body as { results: Array<{ status: string }> }).results[0]!.status).toBe('applied');
      };
      await setRegional(true);
      await syncUntil(ieper, () => ieper.get('personPhotos', me) !== undefined);
      expect(ieper.get('people', me)).toBeDefined();
      await setRegional(false);
      await syncUntil(ieper, () => ieper.get('personPhotos', me) === undefined && ieper.get('people', me) === undefined);
      await setRegional(true);
      await syncUntil(ieper, () => ieper.get('personPhotos', me) !== undefined);
    });
  });
}
