/**
 * Beheer "Bronnen" on SQLite and PostgreSQL: the sources of the admin's own municipality with
 * their last real run (a real CSV import through the admin command line), nothing of another
 * municipality, 403 for non-admins.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSources } from '../../src/server/admin/sources.js';
import { runAdmin } from '../../src/server/admin/cli.js';
import { AdminSource } from '../../src/shared/domain/admin.js';
import { api, freshStore, KINDS, skipKind, startServer, type Api, type TestServer, type TestStore } from './helpers.js';

const NOW = new Date('2026-11-30T08:20:00.000Z');

for (const kind of KINDS) {
  describe.skipIf(skipKind(kind))(`Beheer sources (${kind})`, () => {
    let store: TestStore;
    let t: TestServer;
    let http: Api;

    beforeAll(async () => {
      store = await freshStore(kind);
      const file = store.options.file ? join(dirname(store.options.file), 'pop-index.sqlite') : undefined;
      t = await startServer(kind, { seed: { size: 120, today: '2026-11-28' }, ...(file ? { file } : {}) }, store);
      http = api(t.url);
    });
    afterAll(async () => {
      await t?.stop();
      await store?.drop();
    });

    const cli = async (argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const dataDir = store.options.file ? dirname(store.options.file) : undefined;
      const code = await runAdmin([...argv, ...(dataDir ? ['--data-dir', dataDir] : [])], { out: (l) => out.push(l), err: (l) => err.push(l) }, { databaseUrl: store.url, now: () => NOW, actor: 'cli:tester' });
      return { code, out, err };
    };

    it('shows each source of the own municipality with its last run; never another municipality', async () => {
      const added = await cli(['municipalities', 'add', 'testdorp', '--name', 'Testdorp', '--postcode', '8999']);
      expect(added, added.err.join('\n')).toMatchObject({ code: 0 });
      const dir = mkdtempSync(join(tmpdir(), 'pop-sources-'));
      const csv = join(dir, 'hr.csv');
      writeFileSync(
        csv,
        '\ufeffPersoneelsnummer;Voornaam;Achternaam;Functie;Dienst;E-mail\r\n1;An;Peeters;Medewerker;ICT;an.peeters@testdorp.example\r\n2;Bert;;Medewerker;ICT;bert@testdorp.example\r\n',
      );
      const run = await cli(['import', 'csv', csv, '--municipality', 'testdorp']);
      rmSync(dir, { recursive: true, force: true });
      expect(run, run.err.join('\n')).toMatchObject({ code: 0 });
      const own = await adminSources(t.server.db.kysely, { name: 'x', municipalityId: 'testdorp', roles: ['admin'] });
      expect(own).toHaveLength(1);
      const parsed = AdminSource.parse(own[0]);
      expect(parsed.lastRun).toMatchObject({ added: 1, rejected: 1, errorCount: 1 });
      expect(parsed.lastRun!.errors[0]).toMatchObject({ line: 3 });
      // Ieper has only the demo seed's source (loaded through the same import code), not this CSV run
      const ieper = await adminSources(t.server.db.kysely, { name: 'x', municipalityId: 'ieper', roles: ['admin'] });
      expect(ieper.map((s) => s.kind)).not.toContain('csv');
      await expect(adminSources(t.server.db.kysely, { name: 'x', municipalityId: 'testdorp', roles: ['staff'] })).rejects.toMatchObject({ code: 'forbidden' });
    });

    it('GET /api/v1/admin/sources: the admin of Poperinge sees Poperinge only; others get 403', async () => {
      const admin = (await http.login('admin')).token;
      const res = await http.get('/api/v1/admin/sources', admin);
      expect(res.status).toBe(200);
      const list = AdminSource.array().parse(res.body);
      expect(list.map((s) => s.kind)).not.toContain('csv'); // the CSV source is Testdorp's
      expect(list.length).toBeGreaterThan(0); // the demo seed's own source
      expect((await http.get('/api/v1/admin/sources', (await http.login('demo')).token)).status).toBe(403);
      expect((await http.get('/api/v1/admin/sources?x=%00', admin)).status).toBe(400);
    });
  });
}
