/**
 * applyImport with real CSV files (Windows-1252 and UTF-8 with BOM, `;` and `,`), on SQLite and
 * PostgreSQL: add / change / unchanged (zero writes, zero sync changes), person-set fields kept,
 * matching by e-mail, managers, rejected lines, leavers (account, sessions, approvals), the 20 %
 * guard and dry runs.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApprovalRequest } from '../../../src/shared/domain/approvals.js';
import { Person } from '../../../src/shared/domain/directory.js';
import { insertRequest, getRequest } from '../../../src/server/features/approvals/repository.js';
import { parseCsv, parseMapping } from '../../../src/server/import/csv.js';
import { applyImport, ImportError } from '../../../src/server/import/merge.js';
import type { ImportTables } from '../../../src/server/import/tables.js';
import { KINDS, skipKind } from '../helpers.js';
import { changeLog, importDb, row, writeCsv, type ImportDb } from './fixtures.js';

const NOW = new Date('2026-11-30T08:00:00.000Z');
const LATER = new Date('2026-12-01T08:00:00.000Z');

for (const kind of KINDS) {
  describe.skipIf(skipKind(kind))(`applyImport (${kind})`, () => {
    let t: ImportDb;
    afterEach(async () => t?.close());

    const run = (file: string, opts: { dryRun?: boolean; allowMassRemoval?: boolean; now?: Date; mapping?: string; source?: string } = {}) =>
      applyImport(t.db.kysely, {
        municipalityId: 'poperinge',
        source: opts.source ?? 'csv',
        batch: parseCsv(readFileSync(file), { mapping: opts.mapping ? parseMapping(opts.mapping) : undefined }),
        dryRun: opts.dryRun,
        allowMassRemoval: opts.allowMassRemoval,
        now: opts.now ?? NOW,
      });
    const person = (email: string) => t.db.kysely.selectFrom('people').selectAll().where('email', '=', email).executeTakeFirst();
    const people = () => t.db.kysely.selectFrom('people').selectAll().orderBy('id').execute();

    const staff = [
      row('1001', 'Hélène', 'Vandenbroucke', { job: 'Algemeen directeur', dept: 'Secretariaat', phone: '057/34.66.00', birth: '05/03/1971' }),
      row('1002', 'Joëlle', 'Debaene', { job: 'Diensthoofd ICT', dept: 'ICT', gsm: '0475 12 34 56', ext: '6610', birth: '1985-12-31', manager: '1001' }),
      row('1003', 'Pieter', 'Claeys', { dept: 'ICT', phone: '+32 57 34 66 20', ext: '', birth: '29/2/1984', manager: '1002', office: 'Stadhuis; bureau 2.14' }),
    ];

    it('adds from a Windows-1252 `;` file, re-runs unchanged with zero writes and zero sync changes, then changes from a UTF-8-BOM `,` file', async () => {
      t = await importDb(kind);
      const ansi = writeCsv(t.dir, 'ansi.csv', staff, { encoding: 'windows-1252', delimiter: ';' });
      expect(readFileSync(ansi).includes(Buffer.from([0xe9]))).toBe(true); // é as one 1252 byte
      const first = await run(ansi);
      expect(first).toMatchObject({ added: 3, changed: 0, removed: 0, unchanged: 0, rejected: 0, errors: [] });

      const helene = (await person('helene.vandenbroucke@poperinge.be'))!;
      const joelle = (await person('joelle.debaene@poperinge.be'))!;
      const pieter = (await person('pieter.claeys@poperinge.be'))!;
      expect([helene.first_name, joelle.first_name]).toEqual(['Hélène', 'Joëlle']);
      expect(helene).toMatchObject({ desk_phone: '+3257346600', birth_month: 3, birth_day: 5, manager_id: null, job_title: 'Algemeen directeur', extension: '6600' });
      expect(joelle).toMatchObject({ mobile_phone: '+32475123456', extension: '6610', birth_month: 12, birth_day: 31, manager_id: helene.id });
      expect(pieter).toMatchObject({ desk_phone: '+3257346620', extension: null, birth_month: 2, birth_day: 29, manager_id: joelle.id, office: 'Stadhuis; bureau 2.14' });
      expect(Object.keys(helene).some((k) => /year|birth_date/.test(k))).toBe(false);
      for (const p of [helene, joelle, pieter]) expect(p.birthday_visible).toBe(0); // opt-in stays off
      const deps = await t.db.kysely.selectFrom('departments').select(['id', 'name']).where('municipality_id', '=', 'poperinge').orderBy('name').execute();
      expect(deps.map((d) => d.name)).toEqual(['ICT', 'Secretariaat']);
      expect(joelle.department_id).toBe(pieter.department_id);
      // Valid for the desktop: ids and rows pass the wire schema.
      for (const p of [helene, joelle, pieter]) {
        expect(Person.safeParse({ id: p.id, municipalityId: p.municipality_id, departmentId: p.department_id, firstName: p.first_name, lastName: p.last_name, jobTitle: p.job_title, managerId: p.manager_id, office: p.office, deskPhone: p.desk_phone, mobilePhone: p.mobile_phone, extension: p.extension, email: p.email, birthday: null }).success).toBe(true);
      }
      const changes = await t.db.kysely.selectFrom('sync_changes').select(['collection', 'row_id']).execute();
      expect(changes.filter((c) => c.collection === 'people').map((c) => c.row_id).sort()).toEqual([helene.id, joelle.id, pieter.id].sort());
      expect(changes.filter((c) => c.collection === 'departments')).toHaveLength(2);

      const before = await changeLog(t.db);
      const rowsBefore = await people();
      const again = await run(ansi, { now: LATER });
      expect(again).toMatchObject({ added: 0, changed: 0, removed: 0, unchanged: 3, rejected: 0 });
      expect(await changeLog(t.db)).toEqual(before); // zero sync changes
      expect(await people()).toEqual(rowsBefore); // not even updated_at moved

      const utf8 = writeCsv(t.dir, 'utf8.csv', [staff[0]!, row('1002', 'Joëlle', 'Debaene', { job: 'Diensthoofd ICT en informatieveiligheid', dept: 'ICT', gsm: '0475 12 34 56', ext: '6610', birth: '1985-12-31', manager: '1001' }), staff[2]!], { encoding: 'utf-8-bom', delimiter: ',' });
      const third = await run(utf8, { now: LATER });
      expect(third).toMatchObject({ added: 0, changed: 1, removed: 0, unchanged: 2, rejected: 0 });
      expect((await person('joelle.debaene@poperinge.be'))!).toMatchObject({ first_name: 'Joëlle', job_title: 'Diensthoofd ICT en informatieveiligheid', updated_at: LATER.toISOString() });
      const after = await changeLog(t.db);
      expect(after.maxSeq).toBe(before.maxSeq + 1);
      const runs = await t.db.kysely.withTables<ImportTables>().selectFrom('import_runs').select(['added', 'changed', 'unchanged', 'dry_run', 'outcome']).orderBy('started_at').execute();
      expect(runs).toEqual([
        { added: 3, changed: 0, unchanged: 0, dry_run: 0, outcome: 'ok' },
        { added: 0, changed: 0, unchanged: 3, dry_run: 0, outcome: 'ok' },
        { added: 0, changed: 1, unchanged: 2, dry_run: 0, outcome: 'ok' },
      ]);
    });

    it('a renamed person keeps their account, which shows the new name', async () => {
      t = await importDb(kind);
      await run(writeCsv(t.dir, 'a.csv', staff));
      const pieter = (await person('pieter.claeys@poperinge.be'))!;
      const k = t.db.kysely;
      await k.insertInto('users').values({ id: 'u-pieter', municipality_id: 'poperinge', username: 'pieter', display_name: 'Pieter Claeys', password_hash: null, person_id: pieter.id, roles: '["staff"]', created_at: NOW.toISOString() }).execute();
      const renamed = [staff[0]!, staff[1]!, row('1003', 'Pieter', 'Claeys-Vermeulen', { dept: 'ICT', phone: '+32 57 34 66 20', ext: '', birth: '29/2/1984', manager: '1002', office: 'Stadhuis; bureau 2.14', email: 'pieter.claeys@poperinge.be' })];
      expect(await run(writeCsv(t.dir, 'b.csv', renamed), { now: LATER })).toMatchObject({ changed: 1, unchanged: 2 });
      expect(await k.selectFrom('users').select(['display_name', 'person_id']).where('id', '=', 'u-pieter').executeTakeFirst()).toEqual({ display_name: 'Pieter Claeys-Vermeulen', person_id: pieter.id });
      // a change that is not the name leaves the account alone
      await k.updateTable('users').set({ display_name: 'Set elsewhere' }).where('id', '=', 'u-pieter').execute();
      const moved = renamed.map((r) => [...r.slice(0, 3), 'Nieuwe functie', ...r.slice(4)]);
      expect(await run(writeCsv(t.dir, 'c.csv', moved), { now: LATER })).toMatchObject({ changed: 3 });
      expect((await k.selectFrom('users').select('display_name').where('id', '=', 'u-pieter').executeTakeFirstOrThrow()).display_name).toBe('Set elsewhere');
    });

    it('never overwrites what a person set (birthday visibility, regional opt-ins); only owned columns change', async () => {
      t = await importDb(kind);
      await run(writeCsv(t.dir, 'a.csv', staff));
      await t.db.kysely.updateTable('people').set({ birthday_visible: 1, regional_visible: 1, birthday_regional: 1 }).execute();
      const file = writeCsv(t.dir, 'b.csv', staff.map((r) => [...r.slice(0, 3), 'Nieuwe functie', ...r.slice(4)]));
      expect(await run(file, { now: LATER })).toMatchObject({ changed: 3 });
      for (const p of await people()) expect([p.job_title, p.birthday_visible, p.regional_visible, p.birthday_regional]).toEqual(['Nieuwe functie', 1, 1, 1]);
    });

    it('a source owns only its columns: a file without GSM/Geboortedatum leaves those alone', async () => {
      t = await importDb(kind);
      await run(writeCsv(t.dir, 'a.csv', staff));
      const header = ['Personeelsnummer', 'Voornaam', 'Naam', 'E-mail', 'Functie'];
      const slim = writeCsv(t.dir, 'slim.csv', staff.map((r) => [r[0]!, r[1]!, r[2]!, r[5]!, r[3]!]), { header });
      const s = await run(slim, { now: LATER });
      expect(s).toMatchObject({ added: 0, changed: 0, unchanged: 3 });
      expect(await person('joelle.debaene@poperinge.be')).toMatchObject({ mobile_phone: '+32475123456', birth_month: 12, manager_id: expect.any(String) });
    });

    it('matches by e-mail (case-insensitive) when the source id is new, and keeps the person id', async () => {
      t = await importDb(kind);
      await run(writeCsv(t.dir, 'a.csv', staff), { source: 'ldap:ad' });
      const ids = (await people()).map((p) => p.id);
      const renumbered = staff.map((r, i) => [`X${i}`, r[1]!, r[2]!, r[3]!, r[4]!, r[5]!.toUpperCase(), ...r.slice(6, 11), r[11] ? `X${Number(r[11]) - 1001}` : '']);
      const s = await run(writeCsv(t.dir, 'b.csv', renumbered), { now: LATER });
      expect(s).toMatchObject({ added: 0, removed: 0, rejected: 0 });
      expect((await people()).map((p) => p.id)).toEqual(ids);
      const links = await t.db.kysely.withTables<ImportTables>().selectFrom('import_person_sources').select(['source', 'source_id']).orderBy('source').orderBy('source_id').execute();
      expect(links.map((l) => `${l.source}:${l.source_id}`)).toEqual(['csv:X0', 'csv:X1', 'csv:X2', 'ldap:ad:1001', 'ldap:ad:1002', 'ldap:ad:1003']);
    });

    it('rejects a bad line with its line number and reason; the other lines go in', async () => {
      t = await importDb(kind);
      const file = writeCsv(t.dir, 'bad.csv', [
        staff[0]!,
        row('1002', 'Joëlle', 'Debaene', { phone: '12345' }),
        row('1003', 'Pieter', 'Claeys', { birth: '31/02/1990' }),
        row('', 'Zonder', 'Nummer'),
        row('1004', 'Ann', 'Goethals', { email: 'geen-adres' }),
        row('1005', 'Bart', 'Lievens', { ext: '12a' }),
        row('1006', 'Lies', 'Dewaele'),
      ]);
      const s = await run(file);
      expect(s).toMatchObject({ added: 2, rejected: 5 });
      expect(s.errors).toEqual(
        expect.arrayContaining([
          { line: 3, reason: 'desk phone is not a valid phone number' },
          { line: 4, reason: 'Geboortedatum is not a valid date (DD/MM/YYYY or YYYY-MM-DD)' },
          { line: 5, reason: 'Personeelsnummer is empty' },
          { line: 6, reason: 'e-mail is not a valid address' },
          { line: 7, reason: 'extension must be 2 to 6 digits' },
        ]),
      );
      expect((await people()).map((p) => p.first_name).sort()).toEqual(['Hélène', 'Lies']);
      const stored = await t.db.kysely.withTables<ImportTables>().selectFrom('import_runs').select('errors').executeTakeFirstOrThrow();
      expect(stored.errors).not.toMatch(/Joëlle|Goethals|geen-adres|12345/); // place and reason, no personal data
    });

    it('a leaver: the person is deleted (tombstone), the account disabled, sessions gone, waiting approvals moved to the deputy or the manager', async () => {
      t = await importDb(kind);
      const team = [
        ...staff,
        row('1004', 'Ann', 'Goethals', { manager: '1002' }),
        row('1005', 'Bart', 'Lievens', { manager: '1003' }),
        row('1006', 'Lies', 'Dewaele', { manager: '1002' }),
      ];
      await run(writeCsv(t.dir, 'a.csv', team));
      const id = async (email: string) => (await person(email))!.id;
      const [joelle, pieter, ann, bart] = [await id('joelle.debaene@poperinge.be'), await id('pieter.claeys@poperinge.be'), await id('ann.goethals@poperinge.be'), await id('bart.lievens@poperinge.be')];
      const k = t.db.kysely;
      await k.insertInto('users').values({ id: 'u-pieter', municipality_id: 'poperinge', username: 'pieter', display_name: 'Pieter Claeys', password_hash: null, person_id: pieter, roles: '["staff"]', created_at: NOW.toISOString() }).execute();
      await k.insertInto('sessions').values({ token_hash: 'h1', user_id: 'u-pieter', created_at: NOW.toISOString(), expires_at: LATER.toISOString() }).execute();
      const step = (approverId: string, approverName: string, deputyId: string | null, state: 'waiting' | 'upcoming', position: number) => ({
        position, role: 'head' as const, approverId, approverName, deputyId, deputyName: deputyId ? 'Ann Goethals' : null, state, comment: null, decidedById: null, decidedByName: null, decidedAt: null,
      });
      const request = (id: string, steps: ApprovalRequest['steps']): ApprovalRequest => ({
        id, municipalityId: 'poperinge', type: 'leave', title: 'Verlof', description: '', requesterId: bart, requesterName: 'Bart Lievens', departmentId: null, amountCents: null,
        dueDate: '2026-12-10', createdAt: NOW.toISOString(), status: 'open', version: 1, steps, orderId: null,
      });
      await k.transaction().execute(async (trx) => {
        await insertRequest(trx, request('req-deputy', [step(pieter, 'Pieter Claeys', ann, 'waiting', 1)]), NOW);
        await insertRequest(trx, request('req-manager', [step(pieter, 'Pieter Claeys', null, 'waiting', 1), step(joelle, 'Joëlle Debaene', null, 'upcoming', 2)]), NOW);
      });
      const before = await changeLog(t.db);

      const s = await run(writeCsv(t.dir, 'b.csv', team.filter((r) => r[0] !== '1003')), { now: LATER });
      expect(s).toMatchObject({ added: 0, removed: 1, rejected: 0 });
      expect(await person('pieter.claeys@poperinge.be')).toBeUndefined();
      expect(await k.selectFrom('users').select('disabled').where('id', '=', 'u-pieter').executeTakeFirst()).toEqual({ disabled: 1 });
      expect(await k.selectFrom('sessions').selectAll().where('user_id', '=', 'u-pieter').execute()).toEqual([]);
      // The admin log says the import disabled the account (who, what, before, after).
      const logged = await k.selectFrom('admin_log' as never).select(['actor' as never, 'action' as never, 'before' as never, 'after' as never]).where('action' as never, '=', 'disable' as never).execute();
      expect(logged).toEqual([expect.objectContaining({ actor: expect.stringMatching(/^import:/), action: 'disable', before: '{"disabled":false}', after: '{"disabled":true}' })]);
      const tomb = await k.selectFrom('sync_changes').select(['deleted', 'seq']).where('collection', '=', 'people').where('row_id', '=', pieter).executeTakeFirstOrThrow();
      expect(tomb.deleted).toBe(1);
      expect(Number(tomb.seq)).toBeGreaterThan(before.maxSeq);
      // Bart reported to Pieter: now to Pieter's manager.
      expect((await person('bart.lievens@poperinge.be'))!.manager_id).toBe(joelle);

      const viaDeputy = await k.transaction().execute((trx) => getRequest(trx, 'req-deputy'));
      expect(viaDeputy!.steps[0]).toMatchObject({ approverId: ann, approverName: 'Ann Goethals', deputyId: null, state: 'waiting', meantForId: pieter, meantForName: 'Pieter Claeys' });
      expect(viaDeputy!.version).toBe(2);
      const viaManager = await k.transaction().execute((trx) => getRequest(trx, 'req-manager'));
      expect(viaManager!.steps[0]).toMatchObject({ approverId: joelle, approverName: 'Joëlle Debaene', state: 'waiting', meantForId: pieter, meantForName: 'Pieter Claeys' });
      expect(viaManager!.steps[1]).toMatchObject({ approverId: joelle, state: 'upcoming' });
      const parts = await k.selectFrom('approval_participants' as never).select(['request_id' as never, 'person_id' as never]).execute() as Array<{ request_id: string; person_id: string }>;
      expect(parts.filter((p) => p.request_id === 'req-deputy').map((p) => p.person_id)).toContain(ann);
      const reqChanges = await k.selectFrom('sync_changes').select('row_id').where('collection', '=', 'approvalRequests').where('seq', '>', before.maxSeq).execute();
      expect(reqChanges.map((c) => c.row_id).sort()).toEqual(['req-deputy', 'req-manager']);
    });

    it('an "Uit dienst" column marks a leaver even when the line is still in the file', async () => {
      t = await importDb(kind);
      const header = [...['Personeelsnummer', 'Voornaam', 'Achternaam', 'Functie', 'Dienst', 'E-mail', 'Telefoon', 'GSM', 'Intern', 'Bureau', 'Geboortedatum', 'Leidinggevende'], 'Uit dienst'];
      const team = [...staff, row('1004', 'Ann', 'Goethals'), row('1005', 'Bart', 'Lievens'), row('1006', 'Lies', 'Dewaele')];
      await run(writeCsv(t.dir, 'a.csv', team.map((r) => [...r, 'nee']), { header }));
      const s = await run(writeCsv(t.dir, 'b.csv', team.map((r) => [...r, r[0] === '1006' ? 'ja' : 'nee']), { header }), { now: LATER });
      expect(s).toMatchObject({ removed: 1, unchanged: 5 });
      expect(await person('lies.dewaele@poperinge.be')).toBeUndefined();
    });

    it('stops when more than 20 % would be removed (nothing changed, run recorded as blocked) unless allowMassRemoval', async () => {
      t = await importDb(kind);
      const ten = Array.from({ length: 10 }, (_, i) => row(String(2000 + i), 'Medewerker', `Nummer${i}`));
      await run(writeCsv(t.dir, 'ten.csv', ten));
      const truncated = writeCsv(t.dir, 'seven.csv', ten.slice(0, 7));
      const before = await changeLog(t.db);
      const err = await run(truncated, { now: LATER }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ImportError);
      expect((err as ImportError).code).toBe('mass_removal');
      expect((err as ImportError).message).toMatch(/remove 3 of the 10 people .*30 %.*Nothing was changed.*--allow-mass-removal/);
      expect(await people()).toHaveLength(10);
      expect(await changeLog(t.db)).toEqual(before);
      const runs = await t.db.kysely.withTables<ImportTables>().selectFrom('import_runs').select(['outcome', 'removed']).orderBy('started_at').execute();
      expect(runs.at(-1)).toEqual({ outcome: 'blocked_mass_removal', removed: 3 });
      // Exactly 20 % is allowed; the guard is "more than".
      expect(await run(writeCsv(t.dir, 'eight.csv', ten.slice(0, 8)), { now: LATER })).toMatchObject({ removed: 2 });
      expect(await run(writeCsv(t.dir, 'two.csv', ten.slice(0, 2)), { now: LATER, allowMassRemoval: true })).toMatchObject({ removed: 6, unchanged: 2 });
      expect(await people()).toHaveLength(2);
    });

    it('a dry run changes nothing but reports what would change, and is recorded as dry', async () => {
      t = await importDb(kind);
      await run(writeCsv(t.dir, 'a.csv', staff));
      const before = await changeLog(t.db);
      const rows = await people();
      const file = writeCsv(t.dir, 'b.csv', [staff[0]!, row('1002', 'Joëlle', 'Debaene', { job: 'Anders' }), row('1009', 'Nieuw', 'Iemand')]);
      const s = await run(file, { dryRun: true, allowMassRemoval: true, now: LATER });
      expect(s).toMatchObject({ added: 1, changed: 1, removed: 1, unchanged: 1, dryRun: true });
      expect(await people()).toEqual(rows);
      expect(await changeLog(t.db)).toEqual(before);
      const runs = await t.db.kysely.withTables<ImportTables>().selectFrom('import_runs').select(['dry_run', 'outcome']).orderBy('started_at').execute();
      expect(runs).toEqual([{ dry_run: 0, outcome: 'ok' }, { dry_run: 1, outcome: 'dry_run' }]);
      const links = await t.db.kysely.withTables<ImportTables>().selectFrom('import_person_sources').select('source_id').execute();
      expect(links).toHaveLength(3);
    });

    it('rejects a second line with the same personeelsnummer or the same e-mail address, naming the first', async () => {
      t = await importDb(kind);
      const file = writeCsv(t.dir, 'dupes.csv', [...staff, row('1003', 'Ander', 'Iemand'), row('1009', 'Hélène', 'Kopie', { email: 'HELENE.vandenbroucke@poperinge.be' })]);
      const s = await run(file);
      expect(s).toMatchObject({ added: 3, rejected: 2 });
      expect(s.errors).toEqual([
        { line: 5, reason: 'the same stable id is also at line 4' },
        { line: 6, reason: 'the same e-mail address is also at line 2' },
      ]);
    });

    it('keeps the person of a rejected line (a full run does not treat them as a leaver)', async () => {
      t = await importDb(kind);
      const team = [...staff, row('1004', 'Ann', 'Goethals'), row('1005', 'Bart', 'Lievens'), row('1006', 'Lies', 'Dewaele')];
      await run(writeCsv(t.dir, 'a.csv', team));
      const broken = team.map((r) => (r[0] === '1005' ? row('1005', 'Bart', 'Lievens', { birth: '99/99/1999' }) : r));
      const s = await run(writeCsv(t.dir, 'b.csv', broken), { now: LATER });
      expect(s).toMatchObject({ removed: 0, rejected: 1, unchanged: 5 });
      expect(await person('bart.lievens@poperinge.be')).toBeDefined();
    });

    it('a person missing from one source but fed by another is unlinked, not removed', async () => {
      t = await importDb(kind);
      const team = [...staff, row('1004', 'Ann', 'Goethals'), row('1005', 'Bart', 'Lievens'), row('1006', 'Lies', 'Dewaele')];
      await run(writeCsv(t.dir, 'a.csv', team));
      await run(writeCsv(t.dir, 'ldap.csv', [row('L6', 'Lies', 'Dewaele')]), { source: 'ldap:ad' }); // matched by e-mail
      const s = await run(writeCsv(t.dir, 'b.csv', team.filter((r) => r[0] !== '1006')), { now: LATER });
      expect(s).toMatchObject({ removed: 0, unchanged: 5 });
      expect(await person('lies.dewaele@poperinge.be')).toBeDefined();
      const links = await t.db.kysely.withTables<ImportTables>().selectFrom('import_person_sources').select(['source', 'source_id']).where('source_id', 'in', ['1006', 'L6']).execute();
      expect(links).toEqual([{ source: 'ldap:ad', source_id: 'L6' }]);
    });

    it('an incremental batch (as LDAP sends it): DN origins, a disabled entry leaves, the cursor is kept, nobody else is touched', async () => {
      t = await importDb(kind);
      const dn = (cn: string) => `CN=${cn},OU=Staff,DC=poperinge,DC=local`;
      const rec = (id: string, first: string, last: string, extra: Record<string, unknown> = {}) => ({ sourceId: id, origin: dn(`${first} ${last}`), firstName: first, lastName: last, email: `${first}.${last}@poperinge.be`.toLowerCase(), ...extra });
      const full = { kind: 'ldap:ad', full: true, nextCursor: '1000', errors: [], records: ['a', 'b', 'c', 'd', 'e', 'f'].map((x) => rec(`guid-${x}`, 'Staff', x.toUpperCase(), { managerSourceId: x === 'a' ? null : 'guid-a', deskPhone: '057 34 66 00' })) };
      expect(await applyImport(t.db.kysely, { municipalityId: 'poperinge', source: 'ldap:ad', batch: full, now: NOW })).toMatchObject({ added: 6 });
      const delta = {
        kind: 'ldap:ad', full: false, nextCursor: '1042',
        errors: [{ dn: dn('Broken Entry'), reason: 'objectGUID missing' }],
        records: [rec('guid-b', 'Staff', 'B', { disabled: true }), rec('guid-c', 'Staff', 'C', { jobTitle: 'Nieuw' }), rec('guid-x', 'Staff', 'X', { mobilePhone: '06 12' })],
      };
      const s = await applyImport(t.db.kysely, { municipalityId: 'poperinge', source: 'ldap:ad', batch: delta, now: LATER });
      expect(s).toMatchObject({ added: 0, changed: 1, removed: 1, unchanged: 0, rejected: 2 });
      expect(s.errors).toEqual([{ dn: dn('Broken Entry'), reason: 'objectGUID missing' }, { dn: dn('Staff X'), reason: 'mobile phone is not a valid phone number' }]);
      expect((await people()).map((p) => p.last_name).sort()).toEqual(['A', 'C', 'D', 'E', 'F']);
      expect(await person('staff.c@poperinge.be')).toMatchObject({ job_title: 'Nieuw', desk_phone: '+3257346600' });
      const src = await t.db.kysely.withTables<ImportTables>().selectFrom('import_sources').select(['name', 'kind', 'cursor']).execute();
      expect(src).toEqual([{ name: 'ldap:ad', kind: 'ldap:ad', cursor: '1042' }]);
    });

    it('two imports of the same municipality at once run one after the other (advisory lock on PostgreSQL): no duplicates', async () => {
      t = await importDb(kind);
      const file = writeCsv(t.dir, 'a.csv', staff);
      const [x, y] = await Promise.all([run(file), run(file)]);
      expect([x.added, y.added].sort()).toEqual([0, 3]);
      expect([x.unchanged, y.unchanged].sort()).toEqual([0, 3]);
      expect(await people()).toHaveLength(3);
    });

    it('reads other headers through a mapping file', async () => {
      t = await importDb(kind);
      const header = ['Stamnr', 'Roepnaam', 'Familienaam', 'Mailadres', 'Afdeling', 'Verjaardag'];
      const file = writeCsv(t.dir, 'm.csv', [['77', 'Ward', 'Desmet', 'ward.desmet@poperinge.be', 'Technische dienst', '7/8/1990']], { header });
      const mapping = JSON.stringify({ sourceId: 'Stamnr', firstName: 'Roepnaam', email: 'Mailadres', birthDate: 'Verjaardag' });
      expect(await run(file, { mapping })).toMatchObject({ added: 1 });
      expect(await person('ward.desmet@poperinge.be')).toMatchObject({ first_name: 'Ward', last_name: 'Desmet', birth_month: 8, birth_day: 7 });
    });
  });
}
