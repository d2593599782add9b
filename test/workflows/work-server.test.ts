/**
 * The work features on a real backend over HTTP, on SQLite and on PostgreSQL: who receives which
 * agenda items, approvals and orders; decisions, conflicts, replays and illegal transitions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgendaItem, Meeting } from '../../src/shared/domain/agenda.js';
import type { ApprovalRequest } from '../../src/shared/domain/approvals.js';
import type { PurchaseOrder } from '../../src/shared/domain/orders.js';
import { serverFeatures } from '../../src/server/features/index.js';
import { KINDS, api as makeApi, skipKind, startServer, type Api, type TestServer } from '../server/helpers.js';
import { Pusher, pullAll, rowsOf } from './work-helpers.js';

const CLOSED_TITLE = 'Personeel: aanstelling van een diensthoofd bibliotheek via bevorderingsprocedure';

for (const kind of KINDS) {
  describe.skipIf(skipKind(kind))(`work features on ${kind}`, () => {
    let srv: TestServer;
    let api: Api;
    const tokens: Record<string, string> = {};
    const people: Record<string, string> = {};

    beforeAll(async () => {
      srv = await startServer(kind, { features: serverFeatures });
      api = makeApi(srv.url);
      for (const u of ['demo', 'secretariaat', 'financien', 'burgerzaken', 'ieper', 'admin']) {
        const login = await api.login(u);
        tokens[u] = login.token;
        people[u] = login.user.personId ?? '';
      }
    });
    afterAll(async () => {
      await srv?.stop();
    });

    it('never sends a closed council item to a non-member, not even its title', async () => {
      const demo = await pullAll(api, tokens.demo!);
      const items = rowsOf<AgendaItem>(demo, 'agendaItems');
      expect(items.length).toBeGreaterThan(10);
      expect(items.some((i) => i.title === CLOSED_TITLE)).toBe(false);
      expect(demo.raw).not.toContain('aanstelling van een diensthoofd bibliotheek');
      // Closed college items brought by demo's own department do reach demo.
      const own = items.filter((i) => i.visibility === 'closed');
      expect(own.length).toBeGreaterThan(0);
      const sec = await pullAll(api, tokens.secretariaat!);
      const secItems = rowsOf<AgendaItem>(sec, 'agendaItems');
      expect(secItems.some((i) => i.title === CLOSED_TITLE)).toBe(true);
      expect(secItems.length).toBeGreaterThan(items.length);
      // The council meeting next week is there for everyone of the municipality.
      const meetings = rowsOf<Meeting>(demo, 'agendaMeetings');
      expect(meetings.some((m) => m.status === 'agenda_gepubliceerd' && m.bodyId === 'poperinge-gr')).toBe(true);
    });

    it('keeps tenants apart: Ieper staff get Ieper meetings, no Poperinge items, approvals or orders', async () => {
      const ieper = await pullAll(api, tokens.ieper!);
      const meetings = rowsOf<Meeting>(ieper, 'agendaMeetings');
      expect(meetings.length).toBeGreaterThan(0);
      expect(meetings.every((m) => m.municipalityId === 'ieper')).toBe(true);
      expect(rowsOf<ApprovalRequest>(ieper, 'approvalRequests')).toEqual([]);
      expect(rowsOf<PurchaseOrder>(ieper, 'purchaseOrders')).toEqual([]);
      expect(ieper.raw).not.toContain('poperinge-gr');
    });

    it('sends approvals only to the requester and the chain, orders to requester, head and finance', async () => {
      const demo = rowsOf<ApprovalRequest>(await pullAll(api, tokens.demo!), 'approvalRequests');
      const fin = rowsOf<ApprovalRequest>(await pullAll(api, tokens.financien!), 'approvalRequests');
      const bz = await pullAll(api, tokens.burgerzaken!);
      expect(demo.length).toBeGreaterThanOrEqual(10);
      for (const r of demo) expect([r.requesterId, ...r.steps.flatMap((s) => [s.approverId, s.deputyId])]).toContain(people.demo);
      expect(fin.length).toBeGreaterThan(0);
      for (const r of fin) expect(r.steps.map((s) => s.approverId)).toContain(people.financien);
      expect(rowsOf(bz, 'approvalRequests')).toEqual([]);
      expect(rowsOf(bz, 'purchaseOrders')).toEqual([]);
      const finOrders = rowsOf<PurchaseOrder>(await pullAll(api, tokens.financien!), 'purchaseOrders');
      expect(finOrders.length).toBe(11);
      // Someone waits overdue in demo's inbox.
      expect(demo.some((r) => r.status === 'open' && r.dueDate < '2026-11-28' && r.steps.some((s) => s.state === 'waiting' && s.approverId === people.demo))).toBe(true);
    });

    it('records a decision with who, when and the comment; a replay changes nothing', async () => {
      const pusher = new Pusher(api, tokens.demo!);
      const payload = { requestId: 'apr-poperinge-002', stepPosition: 1, version: 1, decision: 'approve', comment: 'Goede reis!' };
      const first = await pusher.push('approvals.decide', payload, 1);
      expect(first).toMatchObject({ status: 'applied', result: { status: 'approved', version: 2 } });
      const replay = await pusher.push('approvals.decide', payload, 1);
      expect(replay).toEqual(first);
      const r = rowsOf<ApprovalRequest>(await pullAll(api, tokens.demo!), 'approvalRequests').find((x) => x.id === 'apr-poperinge-002')!;
      expect(r.status).toBe('approved');
      expect(r.version).toBe(2);
      expect(r.steps[0]).toMatchObject({ state: 'approved', comment: 'Goede reis!', decidedById: people.demo, decidedByName: 'Céline Vanneste' });
      expect(r.steps[0]!.decidedAt).not.toBeNull();
    });

    it('moves to the next step and its approver', async () => {
      const res = await new Pusher(api, tokens.demo!).push('approvals.decide', { requestId: 'apr-poperinge-004', stepPosition: 1, version: 1, decision: 'approve', comment: '' });
      expect(res.status).toBe('applied');
      const fin = rowsOf<ApprovalRequest>(await pullAll(api, tokens.financien!), 'approvalRequests').find((x) => x.id === 'apr-poperinge-004')!;
      expect(fin.steps.map((s) => s.state)).toEqual(['approved', 'waiting']);
      expect(fin.steps[1]!.approverId).toBe(people.financien);
    });

    it('answers a decision made meanwhile by someone else as a readable conflict', async () => {
      const deputy = await new Pusher(api, tokens.admin!).push('approvals.decide', { requestId: 'apr-poperinge-001', stepPosition: 1, version: 1, decision: 'approve', comment: 'Ik neem over.' });
      expect(deputy.status).toBe('applied');
      const late = await new Pusher(api, tokens.demo!).push('approvals.decide', { requestId: 'apr-poperinge-001', stepPosition: 1, version: 1, decision: 'refuse', comment: 'Nee' });
      expect(late).toMatchObject({ status: 'rejected', reason: 'conflict' });
      if (late.status === 'rejected') expect(late.message).toMatch(/intussen al goedgekeurd door Wouter Coene op \d+\/\d{2}\/\d{4} om \d{2}:\d{2}/);
      const r = rowsOf<ApprovalRequest>(await pullAll(api, tokens.demo!), 'approvalRequests').find((x) => x.id === 'apr-poperinge-001')!;
      expect(r.steps[0]).toMatchObject({ state: 'approved', decidedByName: 'Wouter Coene', comment: 'Ik neem over.' });
    });

    it('lets exactly one of two simultaneous decisions win', async () => {
      const [a, b] = await Promise.all([
        new Pusher(api, tokens.demo!).push('approvals.decide', { requestId: 'apr-poperinge-005', stepPosition: 1, version: 1, decision: 'approve', comment: '' }),
        new Pusher(api, tokens.admin!).push('approvals.decide', { requestId: 'apr-poperinge-005', stepPosition: 1, version: 1, decision: 'sendBack', comment: 'Eerst nakijken' }),
      ]);
      expect([a.status, b.status].sort()).toEqual(['applied', 'rejected']);
      const loser = a.status === 'rejected' ? a : b;
      expect(loser).toMatchObject({ reason: 'conflict' });
    });

    it('refuses deciding for someone not in the chain', async () => {
      const res = await new Pusher(api, tokens.burgerzaken!).push('approvals.decide', { requestId: 'apr-poperinge-003', stepPosition: 1, version: 1, decision: 'approve', comment: '' });
      expect(res).toMatchObject({ status: 'rejected', reason: 'not_found' });
      const fin = await new Pusher(api, tokens.financien!).push('approvals.decide', { requestId: 'apr-poperinge-004', stepPosition: 1, version: 1, decision: 'approve', comment: '' });
      expect(fin).toMatchObject({ status: 'rejected', reason: 'conflict' });
    });

    it('drives the linked order through its approval: head, then visum, then approved', async () => {
      const head = await new Pusher(api, tokens.demo!).push('approvals.decide', { requestId: 'apr-ord-poperinge-001', stepPosition: 1, version: 1, decision: 'approve', comment: 'Akkoord' });
      expect(head.status).toBe('applied');
      let orders = rowsOf<PurchaseOrder>(await pullAll(api, tokens.demo!), 'purchaseOrders');
      const chairs = orders.find((o) => o.id === 'ord-poperinge-001')!;
      expect(chairs.status).toBe('goedgekeurd');
      expect(chairs.history.slice(-2).map((h) => h.status)).toEqual(['goedgekeurd_diensthoofd', 'goedgekeurd']);
      const visum = await new Pusher(api, tokens.financien!).push('approvals.decide', { requestId: 'apr-ord-poperinge-002', stepPosition: 2, version: 2, decision: 'approve', comment: 'Visum verleend' });
      expect(visum.status).toBe('applied');
      orders = rowsOf<PurchaseOrder>(await pullAll(api, tokens.financien!), 'purchaseOrders');
      const switches = orders.find((o) => o.id === 'ord-poperinge-002')!;
      expect(switches.history.slice(-2).map((h) => h.status)).toEqual(['visum_financieel_directeur', 'goedgekeurd']);
      expect(switches.totals.exclCents).toBeGreaterThanOrEqual(3_000_000);
    });

    it('refuses illegal order transitions with a clear message, and a stale status as a conflict', async () => {
      const demo = new Pusher(api, tokens.demo!);
      const illegal = await demo.push('orders.transition', { orderId: 'ord-poperinge-004', action: 'close', fromStatus: 'besteld' });
      expect(illegal).toMatchObject({ status: 'rejected', reason: 'illegal_transition' });
      if (illegal.status === 'rejected') expect(illegal.message).toBe('Een bestelling met status "besteld" kan niet naar "afgesloten".');
      const stale = await demo.push('orders.transition', { orderId: 'ord-poperinge-004', action: 'deliver', fromStatus: 'goedgekeurd' });
      expect(stale).toMatchObject({ status: 'rejected', reason: 'conflict' });
      const forbidden = await demo.push('orders.transition', { orderId: 'ord-poperinge-007', action: 'authorizePayment', fromStatus: 'gefactureerd' });
      expect(forbidden).toMatchObject({ status: 'rejected', reason: 'forbidden' });
      const ok = await demo.push('orders.transition', { orderId: 'ord-poperinge-004', action: 'deliver', fromStatus: 'besteld', comment: 'Alles ontvangen' });
      expect(ok).toMatchObject({ status: 'applied', result: { status: 'geleverd' } });
    });

    it('submitting a draft creates its approval for the head of department', async () => {
      const draft = rowsOf<PurchaseOrder>(await pullAll(api, tokens.demo!), 'purchaseOrders').find((o) => o.id === 'ord-poperinge-003')!;
      expect(draft).toMatchObject({ status: 'ontwerp', requesterId: people.demo, approvalId: null });
      const notMine = await new Pusher(api, tokens.admin!).push('orders.transition', { orderId: draft.id, action: 'submit', fromStatus: 'ontwerp' });
      expect(notMine).toMatchObject({ status: 'rejected', reason: 'not_found' });
      const submitted = await new Pusher(api, tokens.demo!).push('orders.transition', { orderId: draft.id, action: 'submit', fromStatus: 'ontwerp' });
      expect(submitted).toMatchObject({ status: 'applied', result: { status: 'ingediend', approvalId: expect.stringMatching(/^apr-/) } });
      const pulled = await pullAll(api, tokens.demo!);
      const order = rowsOf<PurchaseOrder>(pulled, 'purchaseOrders').find((o) => o.id === draft.id)!;
      const approval = rowsOf<ApprovalRequest>(pulled, 'approvalRequests').find((r) => r.orderId === draft.id)!;
      expect(order.approvalId).toBe(approval.id);
      expect(approval).toMatchObject({ type: 'order', status: 'open', requesterId: people.demo, amountCents: order.totals.inclCents });
      expect(approval.steps).toHaveLength(1); // below EUR 30,000: no visum step
      expect(approval.steps[0]).toMatchObject({ role: 'head', state: 'waiting' });
      expect(approval.steps[0]!.approverId).not.toBe(people.demo);
      // While the approval runs, the order cannot be approved around it.
      const around = await new Pusher(api, tokens.financien!).push('orders.transition', { orderId: draft.id, action: 'refuse', fromStatus: 'ingediend' });
      expect(around).toMatchObject({ status: 'rejected', reason: 'use_approval' });
    });

    it('moves a meeting through its statuses one at a time, by the secretariat only', async () => {
      const sec = new Pusher(api, tokens.secretariaat!);
      const skip = await sec.push('agenda.advance', { meetingId: 'mtg-poperinge-cbs-after', to: 'gehouden' });
      expect(skip).toMatchObject({ status: 'rejected', reason: 'illegal_transition' });
      if (skip.status === 'rejected') expect(skip.message).toBe('Een zitting met status "ontwerp" kan niet naar "gehouden".');
      const byDemo = await new Pusher(api, tokens.demo!).push('agenda.advance', { meetingId: 'mtg-poperinge-cbs-after', to: 'agenda_gepubliceerd' });
      expect(byDemo.status).toBe('rejected');
      const early = await sec.push('agenda.advance', { meetingId: 'mtg-poperinge-gr-next', to: 'gehouden' });
      expect(early).toMatchObject({ status: 'rejected', reason: 'too_early' });
      const ok = await sec.push('agenda.advance', { meetingId: 'mtg-poperinge-cbs-after', to: 'agenda_gepubliceerd' });
      expect(ok).toMatchObject({ status: 'applied', result: { status: 'agenda_gepubliceerd' } });
      const m = rowsOf<Meeting>(await pullAll(api, tokens.demo!), 'agendaMeetings').find((x) => x.id === 'mtg-poperinge-cbs-after')!;
      expect(m.status).toBe('agenda_gepubliceerd');
    });

    it('lets only the secretariat add agenda items; a closed one reaches only those entitled', async () => {
      const denied = await new Pusher(api, tokens.demo!).push('agenda.addItem', { meetingId: 'mtg-poperinge-gr-next', title: 'x', visibility: 'public' });
      expect(denied.status).toBe('rejected');
      const sec = new Pusher(api, tokens.secretariaat!);
      const added = await sec.push('agenda.addItem', { meetingId: 'mtg-poperinge-gr-next', title: 'Besloten: tuchtdossier X', visibility: 'closed', kind: 'urgent' });
      expect(added).toMatchObject({ status: 'applied', result: { number: expect.stringMatching(/^\d{4}_GR_\d{5}$/), position: 10 } });
      expect((await pullAll(api, tokens.demo!)).raw).not.toContain('tuchtdossier');
      expect((await pullAll(api, tokens.secretariaat!)).raw).toContain('tuchtdossier');
    });
  });
}
