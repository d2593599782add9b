/**
 * PostgreSQL's visibility horizon: a pull only returns changes of transactions below its snapshot's
 * xmin, so a change committed while an OLDER transaction is still open is left for later. The page
 * says `held`, and the client comes back for it once the old transaction ends: the raw protocol,
 * and the real desktop core (which pulls again by itself: no poll, no live stream, no sync.now).
 */
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, createMemorySecretStore, type Core } from '../../src/main/core/index.js';
import { directoryFeature } from '../../src/server/features/directory/index.js';
import { recordChange } from '../../src/server/sync/changes.js';
import { tempDir } from '../core/helpers.js';
import { api, skipKind, startServer, until, type Api, type TestServer } from './helpers.js';
import { SyncClient } from './sync-client.js';

describe.skipIf(skipKind('postgres'))('changes held above the visibility horizon (postgres)', () => {
  let t: TestServer;
  let http: Api;
  let token: string;
  let old: pg.Client;
  const tmp = tempDir('pop-horizon-');
  let core: Core | null = null;

  beforeAll(async () => {
    t = await startServer('postgres', { features: [directoryFeature] });
    http = api(t.url);
    token = (await http.login('demo')).token;
    old = new pg.Client({ connectionString: t.store.url! });
    await old.connect();
  });
  afterAll(async () => {
    await core?.stop();
    await old?.end().catch(() => undefined);
    await t?.stop();
    tmp.cleanup();
  });

  const rename = async (title: string) => {
    const person = await t.server.db.kysely.selectFrom('people').select(['id', 'municipality_id']).where('municipality_id', '=', 'poperinge').orderBy('id').executeTakeFirstOrThrow();
    await t.server.db.kysely.transaction().execute(async (trx) => {
      await trx.updateTable('people').set({ job_title: title, updated_at: new Date().toISOString() }).where('id', '=', person.id).execute();
      await recordChange(trx, { collection: 'people', id: person.id, tenant: person.municipality_id });
    });
    return person.id;
  };

  it('the page says held while an older transaction is open, and the change comes once it ends', async () => {
    const client = new SyncClient(http, token, 2000);
    await client.sync();
    await old.query('BEGIN');
    await old.query('SELECT pg_current_xact_id()'); // an open transaction with an xid: the horizon stops here
    const id = await rename('Gewijzigd achter de horizon');
    const page = await client.pullPage();
    expect(page.changes.find((c) => c.id === id)).toBeUndefined();
    expect(page.held).toBe(true);
    await old.query('ROLLBACK');
    // Pull again while held (other databases of the cluster may hold the horizon a moment longer).
    const seen: unknown[] = [];
    await until(async () => {
      const next = await client.pullPage();
      seen.push(...next.changes.filter((c) => c.id === id));
      return next.held ? undefined : true;
    }, 'the horizon to move');
    expect(seen).toEqual([expect.objectContaining({ op: 'upsert', data: expect.objectContaining({ jobTitle: 'Gewijzigd achter de horizon' }) })]);
  });

  it('a page of changes says held when a later change waits above the horizon, which comes once it ends', async () => {
    const [before, behind] = await t.server.db.kysely.selectFrom('people').select('id').where('municipality_id', '=', 'poperinge').orderBy('id', 'desc').limit(2).execute();
    const renameOne = (id: string, title: string) =>
      t.server.db.kysely.transaction().execute(async (trx) => {
        await trx.updateTable('people').set({ job_title: title, updated_at: new Date().toISOString() }).where('id', '=', id).execute();
        await recordChange(trx, { collection: 'people', id, tenant: 'poperinge' });
      });
    const client = new SyncClient(http, token, 2000);
    await client.sync();
    await renameOne(before!.id, 'Gewijzigd voor de horizon');
    await old.query('BEGIN');
    await old.query('SELECT pg_current_xact_id()');
    await renameOne(behind!.id, 'Gewijzigd achter de horizon');
    // The page that brings the first change (a pull with rows after its cursor) must say that the
    // second one, committed after the open transaction began, is held.
    const page = await until(async () => {
      const next = await client.pullPage();
      return next.changes.some((c) => c.id === before!.id) ? next : undefined;
    }, 'the change below the horizon');
    expect(page.changes.find((c) => c.id === behind!.id)).toBeUndefined();
    expect(page.hasMore).toBe(false);
    expect(page.held).toBe(true);
    await old.query('ROLLBACK');
    const seen: unknown[] = [];
    await until(async () => {
      const next = await client.pullPage();
      seen.push(...next.changes.filter((c) => c.id === behind!.id));
      return next.held ? undefined : true;
    }, 'the horizon to move');
    expect(seen).toEqual([expect.objectContaining({ op: 'upsert', data: expect.objectContaining({ jobTitle: 'Gewijzigd achter de horizon' }) })]);
  });

  it('the desktop core pulls again by itself until the held change is through', async () => {
    core = createCore({ dataDir: join(tmp.dir, 'desktop'), backend: { url: t.url }, secretStore: createMemorySecretStore(), live: false, pollMs: 3_600_000 });
    await core.start();
    await core.handlers['session.signIn']({ username: 'demo', password: 'demo' });
    expect((await core.handlers['sync.now']({})).ready).toBe(true);
    await old.query('BEGIN');
    await old.query('SELECT pg_current_xact_id()');
    const id = await rename('Door de core opgehaald');
    await core.handlers['sync.now']({});
    expect((await core.handlers['directory.person']({ id }))?.jobTitle).not.toBe('Door de core opgehaald');
    await old.query('COMMIT');
    const person = await until(async () => {
      const p = await core!.handlers['directory.person']({ id });
      return p?.jobTitle === 'Door de core opgehaald' ? p : undefined;
    }, 'the core to pull the held change');
    expect(person.id).toBe(id);
  });
});
