import { describe, expect, it } from 'vitest';
import type { ApprovalRequest, ApprovalStep } from '../../src/shared/domain/approvals.js';
import { decide, participants, resubmit } from '../../src/server/features/approvals/chain.js';

const step = (position: number, approverId: string, state: ApprovalStep['state']): ApprovalStep => ({
  position,
  role: position === 1 ? 'head' : position === 2 ? 'finance_visum' : 'general_director',
  approverId,
  approverName: approverId.toUpperCase(),
  deputyId: position === 1 ? 'deputy' : null,
  deputyName: position === 1 ? 'DEPUTY' : null,
  state,
  comment: null,
  decidedById: null,
  decidedByName: null,
  decidedAt: null,
});

const request = (): ApprovalRequest => ({
  id: 'ap-1',
  municipalityId: 'poperinge',
  type: 'purchase',
  title: 'Laptops',
  description: '',
  requesterId: 'req',
  requesterName: 'REQ',
  departmentId: null,
  amountCents: 120000,
  dueDate: '2026-12-01',
  createdAt: '2026-11-20T08:00:00.000Z',
  status: 'open',
  version: 1,
  steps: [step(1, 'head', 'waiting'), step(2, 'fin', 'upcoming'), step(3, 'ad', 'upcoming')],
  orderId: null,
});

const now = new Date('2026-11-28T13:05:00.000Z');
const input = (decision: 'approve' | 'refuse' | 'sendBack', stepPosition = 1, version = 1, comment = '') => ({ decision, stepPosition, version, comment });

describe('approval chain', () => {
  it('approve moves to the next step and its approver, then completes', () => {
    const r1 = decide(request(), input('approve'), { personId: 'head', name: 'Head' }, now);
    expect(r1.ok).toBe(true);
    if (!r1.ok) return;
    expect(r1.request.steps.map((s) => s.state)).toEqual(['approved', 'waiting', 'upcoming']);
    expect(r1.request.steps[0]).toMatchObject({ decidedById: 'head', decidedByName: 'Head', decidedAt: now.toISOString() });
    expect(r1.request.version).toBe(2);
    const r2 = decide(r1.request, input('approve', 2, 2, 'visum ok'), { personId: 'fin', name: 'Fin' }, now);
    if (!r2.ok) throw new Error(r2.message);
    expect(r2.request.steps[1]!.comment).toBe('visum ok');
    const r3 = decide(r2.request, input('approve', 3, 3), { personId: 'ad', name: 'AD' }, now);
    if (!r3.ok) throw new Error(r3.message);
    expect(r3.completed).toBe(true);
    expect(r3.request.status).toBe('approved');
  });
  it('refuse ends the chain; a comment is required', () => {
    expect(decide(request(), input('refuse'), { personId: 'head', name: 'H' }, now)).toMatchObject({ ok: false, reason: 'comment_required' });
    const r = decide(request(), input('refuse', 1, 1, 'geen budget'), { personId: 'head', name: 'H' }, now);
    if (!r.ok) throw new Error(r.message);
    expect(r.request.status).toBe('refused');
    expect(r.request.steps.map((s) => s.state)).toEqual(['refused', 'upcoming', 'upcoming']);
    expect(decide(r.request, input('approve', 2, 2), { personId: 'fin', name: 'F' }, now)).toMatchObject({ ok: false, reason: 'conflict' });
  });
  it('send back returns to the requester, who may resubmit', () => {
    const r = decide(request(), input('sendBack', 1, 1, 'offerte ontbreekt'), { personId: 'head', name: 'H' }, now);
    if (!r.ok) throw new Error(r.message);
    expect(r.request.status).toBe('sent_back');
    expect(resubmit(r.request, { personId: 'head', name: 'H' })).toMatchObject({ ok: false, reason: 'forbidden' });
    const again = resubmit(r.request, { personId: 'req', name: 'R' });
    if (!again.ok) throw new Error(again.message);
    expect(again.request.status).toBe('open');
    expect(again.request.steps[0]!.state).toBe('waiting');
    expect(resubmit(again.request, { personId: 'req', name: 'R' })).toMatchObject({ ok: false, reason: 'conflict' });
  });
  it('only the approver or the deputy may decide', () => {
    expect(decide(request(), input('approve'), { personId: 'fin', name: 'F' }, now)).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(decide(request(), input('approve'), { personId: 'deputy', name: 'D' }, now)).toMatchObject({ ok: true });
  });
  it('a decision by someone else meanwhile is a conflict that says who and when', () => {
    const first = decide(request(), input('approve'), { personId: 'deputy', name: 'Dirk Deputy' }, now);
    if (!first.ok) throw new Error(first.message);
    const late = decide(first.request, input('refuse', 1, 1, 'nee'), { personId: 'head', name: 'H' }, now);
    expect(late.ok).toBe(false);
    if (late.ok) return;
    expect(late.reason).toBe('conflict');
    expect(late.message).toContain('goedgekeurd door Dirk Deputy');
    expect(late.message).toContain('28/11/2026 om 14:05');
    // stale version on the same step is a conflict too
    expect(decide(first.request, input('approve', 2, 1), { personId: 'fin', name: 'F' }, now)).toMatchObject({ ok: false, reason: 'conflict' });
  });
  it('participants are the requester, approvers and deputies', () => {
    expect(participants(request()).sort()).toEqual(['ad', 'deputy', 'fin', 'head', 'req']);
  });
});
