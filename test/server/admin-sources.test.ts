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
import { AdminSource, AdminSourceRun } from '../../src/shared/domain/admin.js';
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

    it('"Voorbeeld" shows who a run would add, change and remove (nothing written); "Nu uitvoeren" runs it and logs it', async () => {
      const admin = (await http.login('admin')).token;
      const dir = mkdtempSync(join(tmpdir(), 'pop-sources-run-'));
      const csv = join(dir, 'hr-export.csv');
      const header = 'Personeelsnummer;Voornaam;Achternaam;Functie;Dienst;E-mail\r\n';
      const line = (n: number, first: string, last: string, job: string) => `${n};${first};${last};${job};HR;${first.toLowerCase()}.${last.toLowerCase()}@poperinge.be\r\n`;
      writeFileSync(csv, header + line(901, 'Lotte', 'Verhaeghe', 'Medewerker') + line(902, 'Tom', 'Vanhee', 'Medewerker') + line(903, 'Els', 'Dewaele', 'Medewerker'));
      try {
        const first = await cli(['import', 'csv', csv, '--municipality', 'poperinge', '--source', 'hr']);
        expect(first, first.err.join('\n')).toMatchObject({ code: 0, out: ['added 3, changed 0, removed 0, unchanged 0, rejected 0'] });
        const listed = AdminSource.array().parse((await http.get('/api/v1/admin/sources', admin)).body);
        expect(listed.find((s) => s.name === 'hr')).toMatchObject({ kind: 'csv', reads: csv });
        expect(listed.find((s) => s.kind === 'demo')?.reads ?? null).toBeNull();

        // the HR package drops a new export: Tom promoted, Els left, Sien joined
        writeFileSync(csv, header + line(901, 'Lotte', 'Verhaeghe', 'Medewerker') + line(902, 'Tom', 'Vanhee', 'Teamleider') + line(904, 'Sien', 'Maes', 'Medewerker'));
        const people = () => t.server.db.kysely.selectFrom('people').select(['email', 'job_title']).where('email', 'like', '%@poperinge.be').where('department_id', 'is not', null).orderBy('email').execute();
        const before = await people();
        const preview = await http.post('/api/v1/admin/sources/hr/preview', {}, admin);
        expect(preview.status, JSON.stringify(preview.body)).toBe(200);
        const p = AdminSourceRun.parse(preview.body);
        expect(p).toMatchObject({ dryRun: true, added: 1, changed: 1, removed: 1, unchanged: 1, rejected: 0 });
        expect(p.preview).toEqual({ added: [{ name: 'Sien Maes' }], changed: [{ name: 'Tom Vanhee', fields: ['job_title'] }], removed: [{ name: 'Els Dewaele' }] });
        expect(await people()).toEqual(before);

        const run = await http.post('/api/v1/admin/sources/hr/run', {}, admin);
        expect(run.status, JSON.stringify(run.body)).toBe(200);
        expect(AdminSourceRun.parse(run.body)).toMatchObject({ dryRun: false, added: 1, changed: 1, removed: 1, preview: null });
        const emails = (await people()).map((r) => r.email);
        expect(emails).toContain('sien.maes@poperinge.be');
        expect(emails).not.toContain('els.dewaele@poperinge.be');
        const log = (await http.get('/api/v1/admin/log?limit=5', admin)).body as { items: Array<{ action: string; target: string; actor: string; after: Record<string, number> }> };
        expect(log.items[0]).toMatchObject({ action: 'source_run', target: 'hr', actor: 'admin', after: { added: 1, changed: 1, removed: 1 } });
        const after = AdminSource.array().parse((await http.get('/api/v1/admin/sources', admin)).body).find((s) => s.name === 'hr');
        expect(after?.lastRun).toMatchObject({ outcome: 'ok', added: 1, changed: 1, removed: 1 });

        // the export is gone: a clear error, nothing changed
        rmSync(csv);
        const gone = await http.post('/api/v1/admin/sources/hr/preview', {}, admin);
        expect(gone.status).toBe(502);
        expect(JSON.stringify(gone.body)).toMatch(/Cannot read the HR export .*hr-export\.csv \(ENOENT\)/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      // the demo's source has nothing to read again; an unknown source; not an admin
      const demo = AdminSource.array().parse((await http.get('/api/v1/admin/sources', admin)).body).find((s) => s.kind === 'demo')!;
      const notRunnable = await http.post(`/api/v1/admin/sources/${encodeURIComponent(demo.name)}/run`, {}, admin);
      expect(notRunnable.status).toBe(409);
      expect((await http.post('/api/v1/admin/sources/nope/preview', {}, admin)).status).toBe(404);
      expect((await http.post('/api/v1/admin/sources/hr/run', {}, (await http.login('demo')).token)).status).toBe(403);
      expect((await http.post('/api/v1/admin/sources/hr/run', { allowMassRemoval: 'yes' }, admin)).status).toBe(400);
    });

    it('`sources run` stops a run that would remove more than 20 % (a truncated export), unless allowed', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pop-sources-mass-'));
      const csv = join(dir, 'hr.csv');
      writeFileSync(csv, '\ufeffPersoneelsnummer;Voornaam;Achternaam;Functie;Dienst;E-mail\r\n1;Kim;Dorp;Medewerker;ICT;kim@testdorp.example\r\n');
      try {
        const made = await cli(['municipalities', 'add', 'massadorp', '--name', 'Massadorp', '--postcode', '8998']);
        expect(made.code, made.err.join('\n')).toBe(0);
        const first = await cli(['import', 'csv', csv, '--municipality', 'massadorp']);
        expect(first.code, first.err.join('\n')).toBe(0);
        writeFileSync(csv, '\ufeffPersoneelsnummer;Voornaam;Achternaam;Functie;Dienst;E-mail\r\n');
        const stopped = await cli(['sources', 'run', 'csv', '--municipality', 'massadorp']);
        expect(stopped.code).toBe(1);
        expect(stopped.err.join('\n')).toMatch(/would remove 1 of the 1 people of massadorp/);
        const allowed = await cli(['sources', 'run', 'csv', '--municipality', 'massadorp', '--allow-mass-removal']);
        expect(allowed).toMatchObject({ code: 0, out: ['added 0, changed 0, removed 1, unchanged 0, rejected 0'] });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
