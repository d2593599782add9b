/**
 * Approval commands (from the desktop outbox):
 *   approvals.decide    approve / refuse / send back the current step, with a comment; recorded
 *                       with who and when; the next step's approver receives it. Decided by someone
 *                       else meanwhile -> rejected `conflict` with a readable nl-BE message.
 *   approvals.resubmit  the requester puts a sent-back request back on the chain
 *   approvals.create / approvals.withdraw: requests.ts; an approved leave records the absence (absences.ts)
 */
import { z } from 'zod';
import { DecidePayload, type ApprovalRequest } from '../../../shared/domain/approvals.js';
import { Id } from '../../../shared/domain/directory.js';
import { applied, defineCommand, reject } from '../define.js';
import type { CommandHandler, SessionUser } from '../types.js';
import { applyDecisionToOrder, resubmitOrder } from '../orders/link.js';
import { queueOutcome } from '../service-api/webhooks.js';
import { recordAbsence } from './absences.js';
import { decide, participants, resubmit } from './chain.js';
import { routeWaiting } from './org-chain.js';
import { requestCommands } from './requests.js';
import { getRequest, updateRequest } from './repository.js';

const NOT_FOUND = 'Deze aanvraag bestaat niet (meer) of is niet voor u bestemd.';

function visibleTo(request: ApprovalRequest | null, user: SessionUser): request is ApprovalRequest {
  return !!request && !!user.personId && request.municipalityId === user.municipalityId && participants(request).includes(user.personId);
}

export const approvalsCommands: Record<string, CommandHandler> = {
  ...requestCommands,
  'approvals.decide': defineCommand({
    payload: DecidePayload,
    async handle({ trx, user, payload, now }) {
      const request = await getRequest(trx, payload.requestId);
      if (!visibleTo(request, user)) return reject('not_found', NOT_FOUND);
      const outcome = decide(request, payload, { personId: user.personId!, name: user.displayName }, now);
      if (!outcome.ok) return reject(outcome.reason, outcome.message);
      outcome.request = await routeWaiting(trx, outcome.request, now);
      if (!(await updateRequest(trx, outcome.request, request.version, now))) {
        // A concurrent decision committed between our read and our write: explain it.
        const fresh = await getRequest(trx, payload.requestId);
        const again = fresh ? decide(fresh, payload, { personId: user.personId!, name: user.displayName }, now) : null;
        return reject('conflict', again && !again.ok ? again.message : 'Deze aanvraag werd intussen gewijzigd. Uw beslissing werd niet geregistreerd.');
      }
      if (outcome.completed) await recordAbsence(trx, outcome.request, now);
      if (request.orderId) {
        const linked = await applyDecisionToOrder(trx, request.orderId, outcome.decidedStep, outcome.completed, now);
        if (!linked.ok) return reject(linked.reason, linked.message);
      }
      // A request from another system (service API): its webhook is queued in this same transaction.
      if (outcome.request.source) await queueOutcome(trx, outcome.request, now);
      return applied({ requestId: request.id, status: outcome.request.status, version: outcome.request.version });
    },
  }),
  'approvals.resubmit': defineCommand({
    payload: z.object({ requestId: Id, version: z.number().int().min(1) }).strict(),
    async handle({ trx, user, payload, now }) {
      const request = await getRequest(trx, payload.requestId);
      if (!visibleTo(request, user)) return reject('not_found', NOT_FOUND);
      if (request.version !== payload.version) return reject('conflict', 'Deze aanvraag werd intussen gewijzigd; bekijk ze opnieuw.');
      const outcome = resubmit(request, { personId: user.personId!, name: user.displayName });
      if (!outcome.ok) return reject(outcome.reason, outcome.message);
      if (!(await updateRequest(trx, outcome.request, request.version, now))) return reject('conflict', 'Deze aanvraag werd intussen gewijzigd; bekijk ze opnieuw.');
      if (request.orderId) {
        const linked = await resubmitOrder(trx, request.orderId, user.displayName, now);
        if (!linked.ok) return reject(linked.reason, linked.message);
      }
      return applied({ requestId: request.id, status: outcome.request.status, version: outcome.request.version });
    },
  }),
};
