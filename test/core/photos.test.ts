/**
 * Photos on the desktop: synced from the real backend as their own collection (personPhotos),
 * cached apart from dir_people, served by `directory.photo` / `directory.photos`; a photo removed
 * at the source leaves the cache on the next sync. Plus the cache migration (directory 4).
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type PopServer } from '../../src/server/app.js';
import { demoPhoto } from '../../src/server/demo/photos.js';
import { applyImport } from '../../src/server/import/merge.js';
import { createCore, createMemorySecretStore, type Core } from '../../src/main/core/index.js';
import { coreMigrations } from '../../src/main/core/cache/core-migrations.js';
import { appliedVersion, migrateCache } from '../../src/main/core/cache/migrate.js';
import { directoryFeature } from '../../src/main/core/features/directory/index.js';
import { tempDir } from './helpers.js';

let server: PopServer;
let core: Core;
const tmp = tempDir('pop-photos-');

beforeAll(async () => {
  server = await createServer({ file: join(tmp.dir, 'server.sqlite'), databaseUrl: null, seed: { size: 300 }, oidc: null, updatesDir: null });
  const url = await server.listen(0, '127.0.0.1');
  core = createCore({ dataDir: join(tmp.dir, 'desktop'), backend: { url }, secretStore: createMemorySecretStore(), live: false, pollMs: 3_600_000, pageLimit: 100 });
  await core.start();
  await core.handlers['session.signIn']({ username: 'demo', password: 'demo' });
});
afterAll(async () => {
  await core?.stop();
  await server?.close();
  tmp.cleanup();
});

const count = (table: string) => (core.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('photos in the desktop cache', () => {
  it('arrive as their own rows apart from the people and are served by directory.photo(s)', async () => {
    const status = await core.handlers['sync.now']({});
    expect(status.error).toBeNull();
    const withPhoto = await server.db.kysely.selectFrom('person_photos').select(['person_id', 'hash', 'data']).where('municipality_id', '=', 'poperinge').orderBy('person_id').execute();
    expect(withPhoto.length).toBeGreaterThan(0);
    // The people rows carry no photo; the photos are in their own table.
    const columns = (core.db.prepare('PRAGMA table_info(dir_people)').all() as Array<{ name: string }>).map((c) => c.name);
    expect(columns.some((c) => /photo/.test(c))).toBe(false);
    expect(count('dir_person_photos')).toBeGreaterThanOrEqual(withPhoto.length);

    const first = withPhoto[0]!;
    const photo = await core.handlers['directory.photo']({ id: first.person_id });
    expect(photo).toEqual({ contentType: 'image/jpeg', data: first.data, hash: first.hash });
    expect(Buffer.from(photo!.data, 'base64').subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff])); // JPEG

    const someone = (await server.db.kysely.selectFrom('people').select('id').where('municipality_id', '=', 'poperinge').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
    expect(await core.handlers['directory.photo']({ id: someone })).toBeNull();
    const many = await core.handlers['directory.photos']({ ids: [first.person_id, someone, withPhoto[1]!.person_id] });
    expect(Object.keys(many).sort()).toEqual([first.person_id, withPhoto[1]!.person_id].sort());
  });

  it('a photo removed at the source leaves the cache on the next sync; an unchanged re-import sends nothing', async () => {
    const first = (await server.db.kysely.selectFrom('person_photos').select('person_id').where('municipality_id', '=', 'poperinge').orderBy('person_id').executeTakeFirstOrThrow()).person_id;
    const p = await server.db.kysely.selectFrom('people').selectAll().where('id', '=', first).executeTakeFirstOrThrow();
    const record = { sourceId: p.id, personId: p.id, origin: `demo ${p.id}`, firstName: p.first_name, lastName: p.last_name, email: p.email };
    const same = await applyImport(server.db.kysely, { municipalityId: 'poperinge', source: 'demo', batch: { kind: 'demo', records: [{ ...record, photo: demoPhoto(p.id) }], errors: [], full: false, nextCursor: null } });
    expect(same).toMatchObject({ changed: 0, unchanged: 1 });
    let status = await core.handlers['sync.now']({});
    expect(status.error).toBeNull();
    expect(await core.handlers['directory.photo']({ id: first })).not.toBeNull();

    await applyImport(server.db.kysely, { municipalityId: 'poperinge', source: 'demo', batch: { kind: 'demo', records: [{ ...record, photo: null }], errors: [], full: false, nextCursor: null } });
    status = await core.handlers['sync.now']({});
    expect(status.error).toBeNull();
    expect(await core.handlers['directory.photo']({ id: first })).toBeNull();
    expect(await core.handlers['directory.person']({ id: first })).toMatchObject({ id: first });
  });
});

describe('cache migration directory 4', () => {
  it('adds dir_person_photos to a cache of version 3 and keeps its people', () => {
    const db = new Database(':memory:');
    const sets = [{ name: 'core', migrations: coreMigrations }, directoryFeature];
    migrateCache(db, sets, { targets: { directory: 3 } });
    db.prepare("INSERT INTO dir_people (id, municipality_id, department_id, first_name, last_name, job_title, office, email, last_first, first_last) VALUES ('p1', 'm', 'd', 'An', 'Peeters', '', '', 'an@x.be', 'peeters an', 'an peeters')").run();
    migrateCache(db, sets, { targets: { directory: 4 } });
    expect(appliedVersion(db, 'directory')).toBe(4);
    db.prepare("INSERT INTO dir_person_photos (id, content_type, data, hash) VALUES ('p1', 'image/jpeg', 'AAAA', 'abcdef0123456789')").run();
    expect(db.prepare('SELECT count(*) AS n FROM dir_people').get()).toEqual({ n: 1 });
    db.close();
  });
});
