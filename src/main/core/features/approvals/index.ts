/**
 * Approvals in the cache: my inbox, what I decided, what I requested. A decision is an outbox
 * command (`approvals.decide`) stored with its local effect (a pending row in approval_decisions)
 * in one transaction; the server's answer marks it applied, or rejected with a readable reason
 * (e.g. `conflict`: someone else decided first), which the screens explain until acknowledged.
 */
import { stmt } from '../../cache/statements.js';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { LocalDecision } from '../../../../shared/contract/approvals.js';
import { ApprovalRequest, DecidePayload } from '../../../../shared/domain/approvals.js';
import { requestTitleNl } from '../../../../shared/domain/requests.js';
import { PopError } from '../../../../shared/ipc/contract.js';
import { defineFeature, type CacheDb } from '../types.js';
import { approvalsMigrations } from './migrations.js';
import { allItems, currentStep, decisionFor, listBox, rejections, summary } from './queries.js';
import { absencesOf, attachContext, dismissOutgoing, insertOutgoing, listOutgoing, outgoingById, settleOutgoing, upsertAbsence, watchDecided } from './requests.js';

/** What the approval commands on an existing request carry: which request, at which version. */
const CommandRef = z.object({ requestId: z.string(), version: z.number().int() });

/** The optimistic local effect of a decision or resubmission: my pending row (same transaction as the command). */
function recordLocal(db: CacheDb, request: ApprovalRequest, decision: LocalDecision['decision'], comment: string, personId: string, now: Date): void {
  db.prepare(
    `INSERT INTO approval_decisions (request_id, version, title, decision, comment, status, reason, message, decided_at, acknowledged, person_id)
     VALUES (?, ?, ?, ?, ?, 'pending', NULL, NULL, ?, 0, ?)
     ON CONFLICT(request_id, version) DO UPDATE SET decision = excluded.decision, comment = excluded.comment,
       status = 'pending', reason = NULL, message = NULL, decided_at = excluded.decided_at, acknowledged = 0,
       person_id = excluded.person_id`,
  ).run(request.id, request.version, request.title, decision, comment, now.toISOString(), personId);
}

export const approvalsFeature = defineFeature({
  name: 'approvals',
  migrations: approvalsMigrations,
  collections: {
    approvalRequests: {
      upsert(db, row) {
        watchDecided(db, row);
        stmt(db, 'INSERT INTO approval_requests (id, due_date, data) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET due_date = excluded.due_date, data = excluded.data').run(
          row.id,
          row.dueDate,
          JSON.stringify(row),
        );
      },
      delete(db, id) {
        stmt(db, 'DELETE FROM approval_requests WHERE id = ?').run(id);
      },
      clear(db) {
        db.exec('DELETE FROM approval_requests');
      },
    },
    absences: {
      upsert: upsertAbsence,
      delete(db, id) {
        stmt(db, 'DELETE FROM approval_absences WHERE person_id = ?').run(id);
      },
      clear(db) {
        db.exec('DELETE FROM approval_absences');
      },
    },
  },
  handlers: (ctx) => {
    attachContext(ctx);
    const me = () => ctx.requireUser().personId;
    const requester = () => {
      const personId = me();
      if (!personId) throw new PopError('forbidden', 'This account has no person in the directory');
      return personId;
    };
    return {
      'approvals.create': ({ details }) => {
        const personId = requester();
        const id = randomUUID();
        ctx.enqueue('approvals.create', { id, details }, (db) => insertOutgoing(db, personId, id, requestTitleNl(details), details, ctx.now()));
        return outgoingById(ctx.db, personId, id)!;
      },
      'approvals.outgoing': () => {
        const personId = me();
        return personId ? listOutgoing(ctx.db, personId) : [];
      },
      'approvals.dismissOutgoing': ({ id }) => ({ dismissed: dismissOutgoing(ctx.db, requester(), id) }),
      'approvals.absences': ({ ids }) => absencesOf(ctx.db, ids, ctx.now()),
      'approvals.withdraw': ({ requestId }) => {
        const personId = requester();
        const row = ctx.db.prepare('SELECT data FROM approval_requests WHERE id = ?').get(requestId) as { data: string } | undefined;
        if (!row) throw new PopError('not_found', `No approval request ${requestId}`);
        const request = ApprovalRequest.parse(JSON.parse(row.data));
        if (request.requesterId !== personId) throw new PopError('forbidden', 'Only the requester can withdraw a request');
        if (request.status !== 'open' || request.steps.some((s) => s.decidedAt !== null)) throw new PopError('conflict', 'Someone already decided on this request');
        const existing = decisionFor(ctx.db, personId, requestId, request.version);
        if (existing && existing.status !== 'rejected') throw new PopError('conflict', 'You already withdrew this request');
        ctx.enqueue('approvals.withdraw', { requestId, version: request.version }, (db) => recordLocal(db, request, 'withdraw', '', personId, ctx.now()));
        return decisionFor(ctx.db, personId, requestId, request.version)!;
      },
      'approvals.list': ({ box, query }) => listBox(ctx.db, me(), ctx.now(), box, query),
      'approvals.get': ({ id }) => allItems(ctx.db, me(), ctx.now()).find((i) => i.id === id) ?? null,
      'approvals.summary': () => summary(ctx.db, me(), ctx.now()),
      'approvals.rejections': () => rejections(ctx.db, me()),
      'approvals.acknowledge': ({ requestId }) => {
        const r = ctx.db.prepare("UPDATE approval_decisions SET acknowledged = 1 WHERE request_id = ? AND person_id = ? AND status = 'rejected'").run(requestId, me());
        return { acknowledged: r.changes > 0 };
      },
      'approvals.resubmit': ({ requestId }) => {
        const personId = me();
        const row = ctx.db.prepare('SELECT data FROM approval_requests WHERE id = ?').get(requestId) as { data: string } | undefined;
        if (!row || !personId) throw new PopError('not_found', `No approval request ${requestId}`);
        const request = ApprovalRequest.parse(JSON.parse(row.data));
        if (request.requesterId !== personId || request.status !== 'sent_back') throw new PopError('conflict', 'Only a request sent back to you can be resubmitted');
        const existing = decisionFor(ctx.db, personId, requestId, request.version);
        if (existing && existing.status !== 'rejected') throw new PopError('conflict', 'You already resubmitted this request');
        ctx.enqueue('approvals.resubmit', { requestId, version: request.version }, (db) => recordLocal(db, request, 'resubmit', '', personId, ctx.now()));
        return decisionFor(ctx.db, personId, requestId, request.version)!;
      },
      'approvals.decide': ({ requestId, decision, comment }) => {
        const personId = me();
        const row = ctx.db.prepare('SELECT data FROM approval_requests WHERE id = ?').get(requestId) as { data: string } | undefined;
        if (!row || !personId) throw new PopError('not_found', `No approval request ${requestId}`);
        const request = ApprovalRequest.parse(JSON.parse(row.data));
        const step = currentStep(request);
        if (request.status !== 'open' || !step || (step.approverId !== personId && step.deputyId !== personId)) {
          throw new PopError('conflict', 'This request does not wait for your decision (any more)');
        }
        const existing = decisionFor(ctx.db, personId, requestId, request.version);
        if (existing && existing.status !== 'rejected') throw new PopError('conflict', 'You already decided on this request');
        if (decision !== 'approve' && comment.trim() === '') throw new PopError('invalid_input', 'A comment is required to refuse or send back');
        const payload = DecidePayload.parse({ requestId, stepPosition: step.position, version: request.version, decision, comment });
        ctx.enqueue('approvals.decide', payload, (db) => recordLocal(db, request, decision, payload.comment, personId, ctx.now()));
        return decisionFor(ctx.db, personId, requestId, request.version)!;
      },
    };
  },
  onCommandResult(db, command, result) {
    if (command.type === 'approvals.create') {
      const id = z.object({ id: z.string() }).safeParse(command.payload);
      if (id.success) settleOutgoing(db, id.data.id, result.status === 'applied' ? { status: 'applied' } : result);
      return;
    }
    const payload = CommandRef.safeParse(command.payload);
    if ((command.type !== 'approvals.decide' && command.type !== 'approvals.resubmit' && command.type !== 'approvals.withdraw') || !payload.success) return;
    if (result.status === 'applied') {
      db.prepare("UPDATE approval_decisions SET status = 'applied', reason = NULL, message = NULL WHERE request_id = ? AND version = ?").run(payload.data.requestId, payload.data.version);
    } else {
      db.prepare("UPDATE approval_decisions SET status = 'rejected', reason = ?, message = ? WHERE request_id = ? AND version = ?").run(
        result.reason,
        result.message,
        payload.data.requestId,
        payload.data.version,
      );
    }
  },
});
