/**
 * A pull serves the collections the desktop says it knows (PULL_COLLECTIONS_PARAM), on SQLite and
 * PostgreSQL: a desktop of an older build (no parameter) never receives a collection added after it
 * (personPhotos), a desktop of this build does; a cursor made for another set answers `reset` (an
 * upgraded desktop re-syncs once and gets the new collection whole); names the server does not
 * serve are ignored; a malformed list is a 400.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEGACY_COLLECTIONS, PullResponse } from '../../src/shared/sync/protocol.js';
import { api, KINDS, skipKind, startServer, type Api, type TestServer } from './helpers.js';
import { ALL_COLLECTIONS, pullQuery } from './pull-loop.js';
import { SyncClient } from './sync-client.js';

for (const kind of KINDS) {
  describe.skipIf(skipKind(kind))(`pull by the collections a desktop knows (${kind})`, () => {
    let t: TestServer;
    let http: Api;
    let token: string;
    beforeAll(async () => {
      t = await startServer(kind);
      http = api(t.url);
      token = (await http.login('demo')).token;
    });
    afterAll(async () => {
      await t?.stop();
    });

    it('an older build gets only the collections it knows; this build gets photos too', async () => {
      const legacy = new SyncClient(http, token, 2000, null);
      await legacy.sync();
      const current = new SyncClient(http, token, 2000);
      await current.sync();
      expect(current.ids('personPhotos').length).toBeGreaterThan(0);
      expect(legacy.ids('personPhotos')).toEqual([]);
      for (const c of LEGACY_COLLECTIONS) expect(legacy.ids(c)).toEqual(current.ids(c));
      expect(legacy.resets + current.resets).toBe(0);
    });

    it('a desktop upgraded to a build that knows a new collection re-syncs once and gets it whole', async () => {
      const client = new SyncClient(http, token, 2000, null);
      await client.sync();
      const cursor = client.cursor;
      // the same copy, now sent by a build that lists personPhotos
      const upgraded = new SyncClient(http, token, 2000, ALL_COLLECTIONS);
      upgraded.cursor = cursor;
      upgraded.rows = client.rows;
      await upgraded.sync();
      expect(upgraded.resets).toBe(1);
      const fresh = new SyncClient(http, token, 2000);
      await fresh.sync();
      expect(upgraded.ids('personPhotos')).toEqual(fresh.ids('personPhotos'));
      expect(upgraded.ids('people')).toEqual(fresh.ids('people'));
      // and then its cursor is current: nothing more, no second reset
      const again = PullResponse.parse((await http.get(pullQuery(upgraded.cursor, 2000), token)).body);
      expect(again).toMatchObject({ reset: false, changes: [] });
    });

    it('ignores names this server does not serve; refuses a malformed list', async () => {
      const client = new SyncClient(http, token, 2000, 'people,aCollectionFromTheFuture');
      await client.sync();
      expect(client.ids('people').length).toBeGreaterThan(0);
      expect(client.ids('departments')).toEqual([]);
      expect((await http.get('/api/v1/sync/pull?collections=people%3Bdrop', token)).status).toBe(400);
    });
  });
}
