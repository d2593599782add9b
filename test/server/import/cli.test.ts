/**
 * The admin command line in-process (runAdmin), on SQLite (--data-dir) and PostgreSQL
 * (DATABASE_URL): municipalities, import csv (summary line and --json shape exactly), dry run,
 * errors (unknown municipality, unreadable file, bad mapping) with exit 1 and nothing changed,
 * the 20 % guard and --allow-mass-removal, sources list.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runAdmin } from '../../../src/server/admin/cli.js';
import { openDatabase } from '../../../src/server/db/open.js';
import { freshStore, KINDS, skipKind, type TestStore } from '../helpers.js';
import { row, writeCsv } from './fixtures.js';

for (const kind of KINDS) {
  describe.skipIf(skipKind(kind))(`admin CLI: municipalities, import csv, sources (${kind})`, () => {
    let store: TestStore;
    let dir: string;
    afterEach(async () => {
      await store?.drop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const setup = async () => {
      store = await freshStore(kind);
      dir = mkdtempSync(join(tmpdir(), 'pop-cli-'));
    };
    const admin = async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const args = kind === 'sqlite' ? [...argv, '--data-dir', dir] : argv;
      const code = await runAdmin(args, { out: (l) => out.push(l), err: (l) => err.push(l) }, { databaseUrl: store.url, now: () => new Date('2026-11-30T08:00:00Z') });
      return { code, out, err };
    };
    const peopleCount = async () => {
      const db = await openDatabase(store.url ?? undefined, { file: join(dir, 'pop-index.sqlite') });
      try {
        const r = await db.kysely.selectFrom('people').select(db.kysely.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        return Number(r.n);
      } finally {
        await db.close();
      }
    };
    const team = () => [
      row('1', 'Hélène', 'Vandenbroucke', { dept: 'Secretariaat' }),
      row('2', 'Joëlle', 'Debaene', { manager: '1' }),
      row('3', 'Pieter', 'Claeys', { manager: '2' }),
      row('4', 'Ann', 'Goethals', { manager: '2' }),
      row('5', 'Bart', 'Lievens', { manager: '2' }),
    ];

    it('municipalities add / list, with clear errors', async () => {
      await setup();
      expect(await admin('municipalities', 'add', 'poperinge', '--name', 'Poperinge', '--regional')).toMatchObject({ code: 0, out: ['Added municipality poperinge (Poperinge, 8970, @poperinge.be, regional).'] });
      expect(await admin('municipalities', 'add', 'testdorp', '--name', 'Testdorp', '--postcode', '8999', '--email-domain', 'testdorp.example')).toMatchObject({ code: 0 });
      const again = await admin('municipalities', 'add', 'poperinge', '--name', 'Poperinge');
      expect(again.code).toBe(1);
      expect(again.err.join('\n')).toMatch(/already exists/);
      const unknown = await admin('municipalities', 'add', 'nergens', '--name', 'Nergens');
      expect(unknown.code).toBe(1);
      expect(unknown.err.join('\n')).toMatch(/--postcode/);
      expect((await admin('municipalities', 'add', 'x')).code).toBe(2); // --name missing: usage
      const list = await admin('municipalities', 'list');
      expect(list.out).toEqual(['poperinge\tPoperinge\t8970\t@poperinge.be\tregional\t0 people', 'testdorp\tTestdorp\t8999\t@testdorp.example\tnot regional\t0 people']);
    });

    it('import csv prints exactly one summary line (errors on stderr), --json exactly five counts plus errors, --dry-run changes nothing', async () => {
      await setup();
      await admin('municipalities', 'add', 'poperinge', '--name', 'Poperinge');
      const file = writeCsv(dir, 'hr.csv', [...team(), row('6', 'Fout', 'Nummer', { phone: '999' })], { encoding: 'windows-1252' });

      const dry = await admin('import', 'csv', file, '--municipality', 'poperinge', '--dry-run');
      expect(dry).toMatchObject({ code: 0, out: ['added 5, changed 0, removed 0, unchanged 0, rejected 1'] });
      expect(dry.err).toContain('Dry run: nothing was changed.');
      expect(await peopleCount()).toBe(0);

      const first = await admin('import', 'csv', file, '--municipality', 'poperinge');
      expect(first.code).toBe(0);
      expect(first.out).toEqual(['added 5, changed 0, removed 0, unchanged 0, rejected 1']);
      expect(first.err).toEqual(['rejected: line 7: desk phone is not a valid phone number']);

      const json = await admin('import', 'csv', file, '--municipality', 'poperinge', '--json');
      expect(json.code).toBe(0);
      expect(json.out).toHaveLength(1);
      const parsed = JSON.parse(json.out[0]!) as Record<string, unknown>;
      expect(Object.keys(parsed)).toEqual(['added', 'changed', 'removed', 'unchanged', 'rejected', 'errors']);
      expect(parsed).toEqual({ added: 0, changed: 0, removed: 0, unchanged: 5, rejected: 1, errors: [{ line: 7, reason: 'desk phone is not a valid phone number' }] });

      const sources = await admin('sources', 'list', '--municipality', 'poperinge');
      expect(sources.out).toHaveLength(1);
      expect(sources.out[0]).toMatch(/^poperinge\tcsv\tcsv\tlast run .* \(ok\): added 0, changed 0, removed 0, unchanged 5, rejected 1$/);
      const sjson = JSON.parse((await admin('sources', 'list', '--json')).out[0]!) as Array<{ lastRun: { errors: unknown[] } }>;
      expect(sjson[0]!.lastRun.errors).toEqual([{ line: 7, reason: 'desk phone is not a valid phone number' }]);
    });

    it('unknown municipality, unreadable file, bad mapping file, missing column: a clear error, exit 1, nothing changed', async () => {
      await setup();
      await admin('municipalities', 'add', 'poperinge', '--name', 'Poperinge');
      const file = writeCsv(dir, 'hr.csv', team());
      const unknown = await admin('import', 'csv', file, '--municipality', 'atlantis');
      expect(unknown.code).toBe(1);
      expect(unknown.err.join('\n')).toMatch(/Unknown municipality "atlantis"/);
      const missing = await admin('import', 'csv', join(dir, 'nope.csv'), '--municipality', 'poperinge');
      expect(missing.code).toBe(1);
      expect(missing.err.join('\n')).toMatch(/Cannot read .*nope\.csv: ENOENT\. Nothing was changed\./);
      writeFileSync(join(dir, 'map.json'), '{"sourceId": "Stamnr", "shoe": "x"}');
      const badMap = await admin('import', 'csv', file, '--municipality', 'poperinge', '--mapping', join(dir, 'map.json'));
      expect(badMap.code).toBe(1);
      expect(badMap.err.join('\n')).toMatch(/mapping file is not valid.*"shoe"/);
      const noCol = writeCsv(dir, 'nocol.csv', [['1', 'A']], { header: ['Personeelsnummer', 'Voornaam'] });
      const noColRun = await admin('import', 'csv', noCol, '--municipality', 'poperinge');
      expect(noColRun.code).toBe(1);
      expect(noColRun.err.join('\n')).toMatch(/Required column\(s\) missing: "achternaam" \(lastName\), "email" \(email\)/);
      expect(await admin('import', 'csv', file)).toMatchObject({ code: 2 });
      expect(await peopleCount()).toBe(0);
      expect((await admin('sources', 'list')).out).toEqual(['No sources yet: the first import of a municipality creates its source.']);
    });

    it('a truncated export stops at the 20 % guard (exit 1, nothing removed); --allow-mass-removal goes through', async () => {
      await setup();
      await admin('municipalities', 'add', 'poperinge', '--name', 'Poperinge');
      await admin('import', 'csv', writeCsv(dir, 'all.csv', team()), '--municipality', 'poperinge');
      const half = writeCsv(dir, 'half.csv', team().slice(0, 3));
      const blocked = await admin('import', 'csv', half, '--municipality', 'poperinge');
      expect(blocked.code).toBe(1);
      expect(blocked.out).toEqual([]);
      expect(blocked.err.join('\n')).toMatch(/would remove 2 of the 5 people of poperinge \(40 %, more than 20 %\)\. Nothing was changed\./);
      expect(await peopleCount()).toBe(5);
      const forced = await admin('import', 'csv', half, '--municipality', 'poperinge', '--allow-mass-removal');
      expect(forced).toMatchObject({ code: 0, out: ['added 0, changed 0, removed 2, unchanged 3, rejected 0'] });
      expect(await peopleCount()).toBe(3);
    });
  });
}
