/**
 * The whole backend as the desktop meets it: every registered feature, the demo seed, and a full
 * sync for each demo account, every row validated against the protocol's RowSchemas (the desktop
 * refuses a page with one bad row). Guards the team's features against wire-format drift.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src/server/demo/accounts.js';
import { serverFeatures } from '../../src/server/features/index.js';
import { Collection } from '../../src/shared/sync/protocol.js';
import { api, KINDS, skipKind, startServer, type TestServer } from './helpers.js';
import { SyncClient } from './sync-client.js';

for (const kind of KINDS) {
  describe.skipIf(skipKind(kind))(`all features (${kind})`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startServer(kind, { features: serverFeatures, oidc: null });
    });
    afterAll(async () => t?.stop());

    it('gives every demo account a full sync whose rows all satisfy the protocol schemas', async () => {
      const http = api(t.url);
      const seen = new Set<string>();
      for (const account of DEMO_ACCOUNTS) {
        const client = new SyncClient(http, (await http.login(account.username)).token, 500);
        await client.sync();
        for (const [collection, rows] of client.rows) if (rows.size) seen.add(collection);
        expect(client.ids('people').length).toBeGreaterThan(0);
        // Another municipality's user never receives Poperinge-only rows of other collections.
        if (account.municipalityId === 'ieper') {
          for (const [collection, rows] of client.rows) {
            if (collection === 'people' || collection === 'departments' || collection === 'municipalities') continue;
            for (const row of rows.values()) {
              if (typeof row.municipalityId === 'string') expect(row.municipalityId, collection).toBe('ieper');
            }
          }
        }
      }
      // Every collection a feature serves carries data for someone in the demo.
      const served = serverFeatures.flatMap((f) => Object.keys(f.collections));
      for (const c of served) expect(Collection.options).toContain(c);
      expect([...seen].sort()).toEqual([...new Set(served)].sort());
    });
  });
}
