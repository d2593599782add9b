/**
 * "Nieuwe aanvraag" on a real backend over HTTP, on SQLite and on PostgreSQL: a staff member asks
 * for two days of leave, their manager approves it, the absence reaches the colleagues (only
 * from/until) and a later approval for the absent manager goes to their deputy, saying for whom.
 * Bad input is refused with a clear nl-BE message and stores nothing; withdrawing works only for
 * the requester and only while nobody decided.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalRequest } from '../../src/shared/domain/approvals.js';
import type { PersonAbsence } from '../../src/shared/domain/requests.js';
import { serverFeatures } from '../../src/server/features/index.js';
import type { ApprovalTables } from '../../src/server/features/approvals/tables.js';
import { stepFor } from '../../src/server/features/approvals/org-chain.js';
import { insertRequest } from '../../src/server/features/approvals/repository.js';
import { KINDS, api as makeApi, skipKind, startServer, type Api, type TestServer } from './helpers.js';
import { Pusher, pullAll, rowsOf } from '../workflows/work-helpers.js';

/** Monday 30 November 2026, 10:00 in Belgium. */
const NOW = new Date('2026-11-30T09:00:00Z');
const leave = (from: string, to: string, extra: Record<string, unknown> = {}) => ({ kind: 'leave', from, to, halfDayStart: false, halfDayEnd: false, leaveType: 'annual', ...extra });

for (const kind of KINDS) {
  describe.skipIf(skipKind(kind))(`new requests on ${kind}`, () => {
    let srv: TestServer;
    let api: Api;
    const tokens: Record<string, string> = {};
    const people: Record<string, string> = {};
    const pushers: Record<string, Pusher> = {};
    const db = () => srv.server.db.kysely.withTables<ApprovalTables>();
    const mine = async (user: string, id: string) => rowsOf<ApprovalRequest>(await pullAll(api, tokens[user]!), 'approvalRequests').find((r) => r.id === id);

    beforeAll(async () => {
      srv = await startServer(kind, { features: serverFeatures, now: () => NOW });
      api = makeApi(srv.url);
      for (const u of ['demo', 'admin', 'secretariaat', 'burgerzaken', 'ieper', 'financien']) {
        const login = await api.login(u);
        tokens[u] = login.token;
        people[u] = login.user.personId ?? '';
        pushers[u] = new Pusher(api, login.token);
      }
    }, 120_000);
    afterAll(async () => {
      await srv?.stop();
    });

    it('two days of leave: asked by a staff member, approved by their manager, the absence follows', async () => {
      const id = randomUUID();
      const created = await pushers.admin!.push('approvals.create', { id, details: leave('2026-11-30', '2026-12-01', { leaveType: 'annual' }) });
      expect(created).toMatchObject({ status: 'applied', result: { requestId: id, status: 'open', version: 1 } });

      const asked = (await mine('admin', id))!;
      expect(asked).toMatchObject({ type: 'leave', title: 'Verlof van 30/11/2026 tot 1/12/2026 (2 dagen)', status: 'open', requesterId: people.admin, dueDate: '2026-11-30' });
      expect(asked.details).toMatchObject({ kind: 'leave', from: '2026-11-30', to: '2026-12-01', leaveType: 'annual' });
      // admin's manager is demo; admin is demo's deputy, but never on their own request.
      expect(asked.steps).toHaveLength(1);
      expect(asked.steps[0]).toMatchObject({ approverId: people.demo, state: 'waiting', deputyId: null, role: 'head' });
      // Not for anyone outside the chain.
      expect(await mine('secretariaat', id)).toBeUndefined();

      const inbox = (await mine('demo', id))!;
      expect(inbox.steps[0]!.state).toBe('waiting');
      const decided = await pushers.demo!.push('approvals.decide', { requestId: id, stepPosition: 1, version: 1, decision: 'approve', comment: '' });
      expect(decided).toMatchObject({ status: 'applied', result: { status: 'approved', version: 2 } });
      const done = (await mine('admin', id))!;
      expect(done.status).toBe('approved');
      expect(done.steps[0]).toMatchObject({ state: 'approved', decidedById: people.demo });

      // A colleague of the same municipality receives when admin is away, and nothing else.
      const colleague = await pullAll(api, tokens.burgerzaken!);
      const absence = rowsOf<PersonAbsence>(colleague, 'absences').find((a) => a.id === people.admin);
      expect(absence).toEqual({ id: people.admin, periods: [{ from: '2026-11-30', until: '2026-12-01' }] });
      expect(JSON.stringify(rowsOf(colleague, 'absences'))).not.toMatch(/annual|leaveType|Verlof/);
      // Another municipality does not.
      const ieper = await pullAll(api, tokens.ieper!);
      expect(rowsOf<PersonAbsence>(ieper, 'absences').find((a) => a.id === people.admin)).toBeUndefined();
      // The seeded running leave of demo's team is there too.
      expect(rowsOf<PersonAbsence>(colleague, 'absences').length).toBeGreaterThanOrEqual(2);
    });

    it('during an approved absence of the manager, a new request goes to the deputy, saying for whom', async () => {
      // Setup: demo (admin's manager) is away today by an approved leave, and has secretariaat as deputy.
      await db().insertInto('approval_absences').values({ request_id: 'setup-demo-away', municipality_id: 'poperinge', person_id: people.demo!, from_date: '2026-11-29', to_date: '2026-12-04', created_at: NOW.toISOString() }).execute();
      await srv.server.db.kysely.updateTable('approval_deputies').set({ deputy_id: people.secretariaat! }).where('person_id', '=', people.demo!).execute();
      try {
        const id = randomUUID();
        const created = await pushers.admin!.push('approvals.create', { id, details: { kind: 'other', title: 'Tweede scherm voor de helpdesk', description: 'Voor het opvolgen van tickets.' } });
        expect(created.status).toBe('applied');
        const request = (await mine('secretariaat', id))!;
        expect(request.steps[0]).toMatchObject({ approverId: people.secretariaat, meantForId: people.demo, meantForName: 'Céline Vanneste', meantForReason: 'absent', deputyId: null, state: 'waiting' });
        // The deputy decides it.
        const decided = await pushers.secretariaat!.push('approvals.decide', { requestId: id, stepPosition: 1, version: 1, decision: 'approve', comment: '' });
        expect(decided.status).toBe('applied');
        // No absence for a request that is not a leave.
        expect((await db().selectFrom('approval_absences').select('request_id').where('request_id', '=', id).execute()).length).toBe(0);
      } finally {
        await db().deleteFrom('approval_absences').where('request_id', '=', 'setup-demo-away').execute();
        await srv.server.db.kysely.updateTable('approval_deputies').set({ deputy_id: people.admin! }).where('person_id', '=', people.demo!).execute();
      }
      // Back from leave: the next request goes to demo again.
      const id = randomUUID();
      expect((await pushers.admin!.push('approvals.create', { id, details: { kind: 'overtime', date: '2026-11-28', hours: 3.5, reason: 'Serverupdate buiten de kantooruren' } })).status).toBe('applied');
      const back = (await mine('demo', id))!;
      expect(back.title).toBe('Overuren op 28/11/2026 (3,5 uur)');
      expect(back.steps[0]).toMatchObject({ approverId: people.demo, deputyId: people.admin === back.requesterId ? null : people.admin });
      expect(back.steps[0]!.meantForId ?? null).toBeNull();
    });

    it('a later step reached during the absence of its approver goes to the deputy, and the absent approver still sees it', async () => {
      // A two-step request built before the absence: demo (head), then financien (visum) with secretariaat as deputy.
      const id = randomUUID();
      await srv.server.db.kysely.insertInto('approval_deputies').values({ person_id: people.financien!, municipality_id: 'poperinge', deputy_id: people.secretariaat!, updated_at: NOW.toISOString() }).execute();
      await srv.server.db.kysely.transaction().execute(async (trx) => {
        const steps = [await stepFor(trx, 1, 'head', people.demo!, 'waiting', { now: NOW }), await stepFor(trx, 2, 'finance_visum', people.financien!, 'upcoming', { now: NOW })];
        expect(steps[1]).toMatchObject({ approverId: people.financien, deputyId: people.secretariaat });
        await insertRequest(trx, { id, municipalityId: 'poperinge', type: 'invoice', title: 'Factuur 2026/2001 – Drukkerij', description: '', requesterId: people.admin!, requesterName: 'Wouter Coene', departmentId: null, amountCents: 150000, dueDate: '2026-12-04', createdAt: NOW.toISOString(), status: 'open', version: 1, steps, orderId: null }, NOW);
      });
      // Then financien's leave is approved and runs today.
      await db().insertInto('approval_absences').values({ request_id: 'setup-fin-away', municipality_id: 'poperinge', person_id: people.financien!, from_date: '2026-11-30', to_date: '2026-12-02', created_at: NOW.toISOString() }).execute();
      try {
        expect((await pushers.demo!.push('approvals.decide', { requestId: id, stepPosition: 1, version: 1, decision: 'approve', comment: '' })).status).toBe('applied');
        const forDeputy = (await mine('secretariaat', id))!;
        expect(forDeputy.steps[1]).toMatchObject({ state: 'waiting', approverId: people.secretariaat, deputyId: null, meantForId: people.financien, meantForReason: 'absent' });
        const absent = (await mine('financien', id))!;
        expect(absent.steps[1]!.meantForName).toBeTruthy();
      } finally {
        await db().deleteFrom('approval_absences').where('request_id', '=', 'setup-fin-away').execute();
        await srv.server.db.kysely.deleteFrom('approval_deputies').where('person_id', '=', people.financien!).execute();
      }
    });

    it('refuses bad input with a clear message and stores nothing', async () => {
      const cases: Array<[unknown, RegExp]> = [
        [leave('2026-12-10', '2026-12-08'), /De einddatum ligt vóór de begindatum/],
        [leave('2026-12-08', '2026-12-08', { halfDayStart: true, halfDayEnd: true }), /voormiddag of een namiddag, niet beide/],
        [leave('2026-12-05', '2026-12-06'), /geen werkdagen/],
        [leave('2026-02-30', '2026-03-02'), /bestaande datum/],
        [leave('2026-12-08', '2026-12-09', { leaveType: 'sabbatical' }), /soort verlof/],
        [{ kind: 'overtime', date: '2026-11-28', hours: 0, reason: 'x' }, /tussen 0 en 24/],
        [{ kind: 'overtime', date: '2026-11-28', hours: 25, reason: 'x' }, /tussen 0 en 24/],
        [{ kind: 'overtime', date: '2026-11-28', hours: 1.1, reason: 'x' }, /per kwartier/],
        [{ kind: 'overtime', date: '2026-11-28', hours: 2, reason: '   ' }, /Geef een reden op/],
        [{ kind: 'training', course: 'EHBO', provider: 'Rode Kruis', from: '2026-12-08', to: '2026-12-08', costCents: -1 }, /kostprijs is 0 of meer/],
        [{ kind: 'training', course: '', provider: 'Rode Kruis', from: '2026-12-09', to: '2026-12-08', costCents: 0 }, /naam van de opleiding.*einddatum|einddatum.*naam van de opleiding/],
        [{ kind: 'other', title: '', description: 'iets' }, /Geef een titel op/],
        [{ kind: 'holiday' }, /Kies een soort aanvraag/],
      ];
      const ids: string[] = [];
      for (const [details, message] of cases) {
        const id = randomUUID();
        ids.push(id);
        const result = await pushers.admin!.push('approvals.create', { id, details });
        expect(result.status, JSON.stringify(details)).toBe('rejected');
        if (result.status === 'rejected') {
          expect(result.reason).toBe('invalid_payload');
          expect(result.message).toMatch(message);
        }
      }
      const stored = await db().selectFrom('approval_requests').select('id').where('id', 'in', ids).execute();
      expect(stored).toEqual([]);
      // The same id twice: the second is refused, the first stays as it was.
      const id = randomUUID();
      expect((await pushers.admin!.push('approvals.create', { id, details: { kind: 'other', title: 'Eerste', description: 'a' } })).status).toBe('applied');
      const again = await pushers.admin!.push('approvals.create', { id, details: { kind: 'other', title: 'Tweede', description: 'b' } });
      expect(again).toMatchObject({ status: 'rejected', reason: 'conflict' });
      expect((await mine('admin', id))!.title).toBe('Eerste');
    });

    it('withdraw: only the requester, only while nobody decided; a stale version is a conflict', async () => {
      const id = randomUUID();
      await pushers.admin!.push('approvals.create', { id, details: { kind: 'training', course: 'Toegankelijke websites', provider: 'Vormingscentrum Kortrijk', from: '2026-12-14', to: '2026-12-15', costCents: 45000 } });
      const training = (await mine('admin', id))!;
      expect(training).toMatchObject({ amountCents: 45000, dueDate: '2026-12-13', title: "Opleiding 'Toegankelijke websites' – Vormingscentrum Kortrijk" });
      expect(await pushers.demo!.push('approvals.withdraw', { requestId: id, version: 1 })).toMatchObject({ status: 'rejected', reason: 'forbidden' });
      expect(await pushers.secretariaat!.push('approvals.withdraw', { requestId: id, version: 1 })).toMatchObject({ status: 'rejected', reason: 'not_found' });
      expect(await pushers.admin!.push('approvals.withdraw', { requestId: id, version: 7 })).toMatchObject({ status: 'rejected', reason: 'conflict' });
      expect(await pushers.admin!.push('approvals.withdraw', { requestId: id, version: 1 })).toMatchObject({ status: 'applied', result: { status: 'withdrawn', version: 2 } });
      const gone = (await mine('demo', id))!;
      expect(gone.status).toBe('withdrawn');
      expect(gone.steps.every((s) => s.state !== 'waiting')).toBe(true);
      // The manager's decision made offline on the old version is a conflict that says why.
      const late = await pushers.demo!.push('approvals.decide', { requestId: id, stepPosition: 1, version: 1, decision: 'approve', comment: '' });
      expect(late).toMatchObject({ status: 'rejected', reason: 'conflict', message: 'De aanvrager heeft deze aanvraag ingetrokken. Uw beslissing werd niet geregistreerd.' });

      // Once a step is decided (here: sent back), it can no longer be withdrawn.
      const second = randomUUID();
      await pushers.admin!.push('approvals.create', { id: second, details: { kind: 'other', title: 'Thuiswerkdag extra', description: 'Voor de migratie.' } });
      await pushers.demo!.push('approvals.decide', { requestId: second, stepPosition: 1, version: 1, decision: 'sendBack', comment: 'Welke dag?' });
      const refused = await pushers.admin!.push('approvals.withdraw', { requestId: second, version: 2 });
      expect(refused.status).toBe('rejected');
      if (refused.status === 'rejected') expect(refused.message).toMatch(/^U kunt deze aanvraag niet meer intrekken: ze werd al teruggestuurd door Céline Vanneste op \d{1,2}\/\d{2}\/\d{4} om \d{2}:\d{2}\.$/);
      expect((await mine('admin', second))!.status).toBe('sent_back');
    });

    it('without a manager in the directory nobody could decide: refused, nothing stored', async () => {
      const manager = await srv.server.db.kysely.selectFrom('people').select('manager_id').where('id', '=', people.admin!).executeTakeFirstOrThrow();
      await srv.server.db.kysely.updateTable('people').set({ manager_id: null }).where('id', '=', people.admin!).execute();
      try {
        const id = randomUUID();
        const result = await pushers.admin!.push('approvals.create', { id, details: leave('2026-12-08', '2026-12-09') });
        expect(result).toMatchObject({ status: 'rejected', reason: 'no_approver' });
        if (result.status === 'rejected') expect(result.message).toContain('geen leidinggevende');
        expect(await db().selectFrom('approval_requests').select('id').where('id', '=', id).execute()).toEqual([]);
      } finally {
        await srv.server.db.kysely.updateTable('people').set({ manager_id: manager.manager_id }).where('id', '=', people.admin!).execute();
      }
    });
  });
}
