/**
 * What a desktop sees: after an import, a sync pull (the test sync client against a real server)
 * brings the new person, nothing on an unchanged re-run, and the leaver's delete.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { directoryFeature } from '../../../src/server/features/directory/index.js';
import { parseCsv } from '../../../src/server/import/csv.js';
import { applyImport } from '../../../src/server/import/merge.js';
import { api, KINDS, skipKind, startServer, type TestServer } from '../helpers.js';
import { SyncClient } from '../sync-client.js';
import { row, writeCsv } from './fixtures.js';

/**
 * PostgreSQL: a pull only returns transactions below the cluster-wide snapshot xmin, so another
 * process's long transaction (other suites share the server) may delay what we committed. Pull
 * until it arrived (bounded; no timing is asserted).
 */
async function syncUntil(client: SyncClient, arrived: () => boolean): Promise<void> {
  for (let i = 0; i < 600; i++) {
    await client.sync();
    if (arrived()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the change never reached the client');
}

for (const kind of KINDS) {
  describe.skipIf(skipKind(kind))(`import reaches the desktops (${kind})`, () => {
    let s: TestServer;
    let dir: string;
    afterEach(async () => {
      await s?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('a pull shows the imported person, nothing after an unchanged re-run, then the leaver as a delete', async () => {
      s = await startServer(kind);
      dir = mkdtempSync(join(tmpdir(), 'pop-import-sync-'));
      const http = api(s.url);
      const client = new SyncClient(http, (await http.login('demo')).token, 500);
      await client.sync();
      const before = client.ids('people').length;
      const run = (rows: string[][], name: string) =>
        applyImport(s.server.db.kysely, { municipalityId: 'poperinge', source: 'csv', batch: parseCsv(readFileSync(writeCsv(dir, name, rows))), features: [directoryFeature] });

      const team = [row('9001', 'Zoë', 'Verhaeghe', { dept: 'ICT' }), row('9002', 'Ruben', 'Lefevere', { dept: 'Nieuwe dienst', manager: '9001' })];
      expect(await run(team, 'a.csv')).toMatchObject({ added: 2 });
      await syncUntil(client, () => client.ids('people').length >= before + 2);
      const people = client.ids('people');
      expect(people.length).toBe(before + 2);
      const zoe = [...client.rows.get('people')!.values()].find((p) => p.email === 'zoe.verhaeghe@poperinge.be')!;
      const ruben = [...client.rows.get('people')!.values()].find((p) => p.email === 'ruben.lefevere@poperinge.be')!;
      expect(zoe).toMatchObject({ firstName: 'Zoë', municipalityId: 'poperinge', deskPhone: '+3257346600', birthday: null });
      expect(ruben.managerId).toBe(zoe.id);
      // The new department came along; "ICT" was found by name (the demo's own).
      expect(client.get('departments', ruben.departmentId as string)).toMatchObject({ name: 'Nieuwe dienst' });
      expect(zoe.departmentId).toBe('dep-pop-ict');

      expect(await run(team, 'b.csv')).toMatchObject({ unchanged: 2 });
      const quiet = await client.pullPage();
      expect(quiet.changes).toEqual([]);

      expect(await run(team.slice(0, 1), 'c.csv')).toMatchObject({ removed: 1, unchanged: 1 });
      const resets = client.resets;
      await syncUntil(client, () => client.get('people', ruben.id as string) === undefined);
      expect(client.resets).toBe(resets); // removed by a delete change, not by a re-sync
      expect(client.get('people', zoe.id as string)).toMatchObject({ firstName: 'Zoë' });
      expect(client.ids('people').length).toBe(before + 1);
    });
  });
}
