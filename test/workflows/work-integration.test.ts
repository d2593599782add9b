/**
 * End to end over HTTP: the real backend (SQLite file) on a port, the desktop core signed in as
 * `demo`, syncing, deciding offline (pending), the backend back (done), and a conflict after the
 * deputy decided first (rejected, explained, acknowledged). Agenda and orders read from the cache.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type PopServer } from '../../src/server/app.js';
import { createCore, createMemorySecretStore, type Core } from '../../src/main/core/index.js';
import { dispatch } from '../../src/main/core/dispatch.js';
import { api as makeApi } from '../server/helpers.js';
import { tempDir } from '../core/helpers.js';
import { Pusher } from './work-helpers.js';

const tmp = tempDir('pop-work-integration-');
const file = join(tmp.dir, 'server.sqlite');
let server: PopServer;
let core: Core;
let port = 0;

async function startBackend(): Promise<string> {
  server = await createServer({ file, databaseUrl: null, seed: { size: 300 }, oidc: null, updatesDir: null });
  const url = await server.listen(port, '127.0.0.1');
  port = Number(new URL(url).port);
  return url;
}

beforeAll(async () => {
  const url = await startBackend();
  core = createCore({ dataDir: join(tmp.dir, 'desktop'), backend: { url }, secretStore: createMemorySecretStore(), live: false, pollMs: 3_600_000 });
  await core.start();
  await core.handlers['session.signIn']({ username: 'demo', password: 'demo' });
  const status = await core.handlers['sync.now']({});
  expect(status.error).toBeNull();
});
afterAll(async () => {
  await core?.stop();
  await server?.close();
  tmp.cleanup();
});

describe('work features through the core', () => {
  it('shows the council meeting next week with its ordered items, without the closed one', async () => {
    const meetings = await core.handlers['agenda.upcoming']({ days: 60, limit: 200 });
    const council = meetings.find((m) => m.bodyKind === 'gemeenteraad' && m.status === 'agenda_gepubliceerd');
    expect(council).toBeDefined();
    const starts = meetings.map((m) => m.plannedStart);
    expect([...starts].sort()).toEqual(starts);
    const detail = (await core.handlers['agenda.meeting']({ id: council!.id }))!;
    expect(detail.items.map((i) => i.position)).toEqual([1, 2, 3, 4, 5, 6, 8, 9]); // 7 is closed: never here
    expect(detail.items.every((i) => i.visibility === 'public')).toBe(true);
    expect(council!.itemCount).toBe(8);
    const hits = await core.handlers['agenda.search']({ query: 'zone 30', limit: 30 });
    expect(hits.map((h) => h.title)).toContain('Aanvullend verkeersreglement: zone 30 in de schoolomgeving van Proven');
    expect(await core.handlers['agenda.search']({ query: 'aanstelling', limit: 30 })).toEqual([]);
    const gr = await core.handlers['agenda.upcoming']({ bodyId: 'poperinge-gr', days: 60, limit: 200 });
    expect(gr.every((m) => m.bodyId === 'poperinge-gr')).toBe(true);
  });

  it('counts what waits for me, overdue first', async () => {
    const summary = await core.handlers['approvals.summary']({});
    expect(summary.pending).toBe(6);
    expect(summary.overdue).toBe(1);
    expect(summary.mostUrgent).toMatchObject({ overdue: true, title: 'Overuren evenement Hoppefeesten (6 uur)' });
    const inbox = await core.handlers['approvals.list']({ box: 'inbox', query: '' });
    expect(inbox[0]!.overdue).toBe(true);
    expect(inbox.map((i) => i.dueDate).slice(1)).toEqual(inbox.map((i) => i.dueDate).slice(1).sort());
    const requested = await core.handlers['approvals.list']({ box: 'requested', query: '' });
    expect(requested.every((r) => r.requesterName === 'Céline Vanneste')).toBe(true);
    expect(requested.some((r) => r.status === 'sent_back')).toBe(true);
  });

  it('decides offline (pending), and the decision is done once the backend is back', async () => {
    await server.close();
    const offline = await core.handlers['sync.now']({});
    expect(offline.online).toBe(false);
    const decision = await core.handlers['approvals.decide']({ requestId: 'apr-poperinge-002', decision: 'approve', comment: 'Prettige feestdagen' });
    expect(decision).toMatchObject({ status: 'pending', decision: 'approve' });
    expect((await core.handlers['approvals.summary']({})).pending).toBe(5);
    const decided = await core.handlers['approvals.list']({ box: 'decided', query: '' });
    expect(decided.find((d) => d.id === 'apr-poperinge-002')?.myDecision?.status).toBe('pending');
    // Deciding twice on the same version is refused locally.
    const twice = await dispatch(core.handlers as never, 'approvals.decide', { requestId: 'apr-poperinge-002', decision: 'refuse', comment: 'x' });
    expect(twice).toMatchObject({ ok: false, error: { code: 'conflict' } });

    await startBackend();
    const back = await core.handlers['sync.now']({});
    expect(back.online).toBe(true);
    expect(back.pendingCommands).toBe(0);
    const item = (await core.handlers['approvals.get']({ id: 'apr-poperinge-002' }))!;
    expect(item.myDecision?.status).toBe('applied');
    expect(item.status).toBe('approved');
    expect(item.steps[0]).toMatchObject({ state: 'approved', comment: 'Prettige feestdagen', decidedByName: 'Céline Vanneste' });
  });

  it('shows a conflict when the deputy decided first, until I acknowledge it', async () => {
    const http = makeApi(server.url!);
    const admin = await http.login('admin');
    // demo decides while the core has not yet seen the deputy's decision
    const first = await new Pusher(http, admin.token).push('approvals.decide', { requestId: 'apr-poperinge-005', stepPosition: 1, version: 1, decision: 'approve', comment: '' });
    expect(first.status).toBe('applied');
    const mine = await core.handlers['approvals.decide']({ requestId: 'apr-poperinge-005', decision: 'sendBack', comment: 'Graag meer uitleg' });
    expect(mine.status).toBe('pending');
    await core.handlers['sync.now']({});
    const rejections = await core.handlers['approvals.rejections']({});
    expect(rejections).toHaveLength(1);
    expect(rejections[0]).toMatchObject({ requestId: 'apr-poperinge-005', status: 'rejected', reason: 'conflict' });
    expect(rejections[0]!.message).toContain('goedgekeurd door Wouter Coene');
    expect((await core.handlers['approvals.summary']({})).rejected).toBe(1);
    const item = (await core.handlers['approvals.get']({ id: 'apr-poperinge-005' }))!;
    expect(item.waitingForMe).toBe(false);
    expect(item.steps[0]!.decidedByName).toBe('Wouter Coene');
    expect(await core.handlers['approvals.acknowledge']({ requestId: 'apr-poperinge-005' })).toEqual({ acknowledged: true });
    expect(await core.handlers['approvals.rejections']({})).toEqual([]);
  });

  it('lists my orders and my department’s, with totals and history', async () => {
    const mine = await core.handlers['orders.list']({ scope: 'mine', limit: 200 });
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((o) => o.requesterName === 'Céline Vanneste')).toBe(true);
    const dept = await core.handlers['orders.list']({ scope: 'department', limit: 200 });
    expect(dept.length).toBeGreaterThan(mine.length);
    const open = await core.handlers['orders.list']({ scope: 'department', status: 'open', limit: 200 });
    expect(open.every((o) => !['afgesloten', 'geweigerd', 'geannuleerd'].includes(o.status))).toBe(true);
    expect(open.length).toBeLessThan(dept.length);
    const chairs = (await core.handlers['orders.get']({ id: 'ord-poperinge-001' }))!;
    expect(chairs.totals).toEqual({ exclCents: 12 * 34500 + 27000, vatCents: Math.round((12 * 34500 + 27000) * 0.21), inclCents: 12 * 34500 + 27000 + Math.round((12 * 34500 + 27000) * 0.21) });
    expect(chairs.approvalId).toBe('apr-ord-poperinge-001');
    expect(chairs.history.map((h) => h.status)).toEqual(['ontwerp', 'ingediend']);
    const bad = await dispatch(core.handlers as never, 'orders.list', { scope: 'everything' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('moves an order on through the outbox; an illegal step comes back refused with its message', async () => {
    const action = await core.handlers['orders.act']({ orderId: 'ord-poperinge-004', action: 'deliver', comment: '' });
    expect(action).toMatchObject({ action: 'deliver', fromStatus: 'besteld', status: 'pending' });
    await core.handlers['sync.now']({});
    const delivered = (await core.handlers['orders.get']({ id: 'ord-poperinge-004' }))!;
    expect(delivered.status).toBe('geleverd');
    expect(delivered.myAction).toMatchObject({ action: 'deliver', status: 'applied' });
    expect(delivered.history.at(-1)).toMatchObject({ status: 'geleverd', byName: 'Céline Vanneste' });
    await core.handlers['orders.act']({ orderId: 'ord-poperinge-004', action: 'deliverPartial', comment: '' });
    await core.handlers['sync.now']({});
    const refused = (await core.handlers['orders.get']({ id: 'ord-poperinge-004' }))!;
    expect(refused.status).toBe('geleverd');
    expect(refused.myAction).toMatchObject({ action: 'deliverPartial', status: 'rejected', reason: 'illegal_transition', message: 'Een bestelling met status "geleverd" kan niet naar "deels geleverd".' });
  });

  it('the requester resubmits a sent-back request through the outbox', async () => {
    const before = (await core.handlers['approvals.get']({ id: 'apr-poperinge-009' }))!;
    expect(before.status).toBe('sent_back');
    const notMine = await dispatch(core.handlers as never, 'approvals.resubmit', { requestId: 'apr-poperinge-001' });
    expect(notMine).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const local = await core.handlers['approvals.resubmit']({ requestId: 'apr-poperinge-009' });
    expect(local).toMatchObject({ decision: 'resubmit', status: 'pending' });
    await core.handlers['sync.now']({});
    const after = (await core.handlers['approvals.get']({ id: 'apr-poperinge-009' }))!;
    expect(after.status).toBe('open');
    expect(after.myDecision).toMatchObject({ decision: 'resubmit', status: 'applied' });
    expect(after.steps[0]).toMatchObject({ state: 'waiting', comment: null });
    const decided = await core.handlers['approvals.list']({ box: 'decided', query: '' });
    expect(decided.map((d) => d.id)).not.toContain('apr-poperinge-009');
  });
});
