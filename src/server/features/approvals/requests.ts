/**
 * Requests a staff member starts in Pop Index ("Nieuwe aanvraag"):
 *   approvals.create    leave / overtime / training / other, with a client-made id; the payload is
 *                       checked with the shared rules (RequestDetails, nl-BE messages); the chain
 *                       is the requester's manager (org-chain.ts: deputy, absence). Nothing is stored
 *                       when anything is wrong.
 *   approvals.withdraw  only the requester, only while no step is decided; stale -> conflict.
 */
import type { ApprovalRequest } from '../../../shared/domain/approvals.js';
import { CreateRequestPayload, WithdrawPayload, requestTitleNl, type RequestDetails } from '../../../shared/domain/requests.js';
import { applied, defineCommand, reject } from '../define.js';
import type { CommandHandler } from '../types.js';
import { brusselsDay } from './absences.js';
import { participants, withdraw } from './chain.js';
import { managerChain } from './org-chain.js';
import { getRequest, insertRequest, updateRequest } from './repository.js';

const NOT_FOUND = 'Deze aanvraag bestaat niet (meer) of is niet voor u bestemd.';

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** By when the manager should decide: before a leave or training starts (at the latest today), else within 5 days. */
function dueDateOf(details: RequestDetails, today: string): string {
  if (details.kind === 'leave' || details.kind === 'training') {
    const before = addDays(details.from, -1);
    return before < today ? today : before;
  }
  return addDays(today, 5);
}

function descriptionOf(details: RequestDetails): string {
  switch (details.kind) {
    case 'leave':
      return details.note;
    case 'overtime':
      return details.reason;
    case 'training':
      return '';
    case 'other':
      return details.description;
  }
}

export const requestCommands: Record<string, CommandHandler> = {
  'approvals.create': defineCommand({
    payload: CreateRequestPayload,
    async handle({ trx, user, payload, now }) {
      if (!user.personId) return reject('forbidden', 'Uw account is niet gekoppeld aan een medewerker in de personeelsgids; u kunt geen aanvraag indienen.');
      if (await getRequest(trx, payload.id)) return reject('conflict', 'Er bestaat al een aanvraag met deze code. Uw aanvraag werd niet opgeslagen; dien ze opnieuw in.');
      const me = await trx
        .selectFrom('people')
        .select(['first_name', 'last_name', 'department_id', 'municipality_id'])
        .where('id', '=', user.personId)
        .executeTakeFirst();
      if (!me || me.municipality_id !== user.municipalityId) return reject('not_found', 'U staat niet (meer) in de personeelsgids van uw gemeente; u kunt geen aanvraag indienen.');
      const steps = await managerChain(trx, user.personId, null, { now });
      if (steps.length === 0) {
        return reject('no_approver', 'Er is geen leidinggevende voor u ingesteld in de personeelsgids, dus niemand kan deze aanvraag goedkeuren. Vraag de personeelsdienst om uw leidinggevende in te stellen.');
      }
      const details = payload.details;
      const request: ApprovalRequest = {
        id: payload.id,
        municipalityId: user.municipalityId,
        type: details.kind,
        title: requestTitleNl(details),
        description: descriptionOf(details),
        requesterId: user.personId,
        requesterName: `${me.first_name} ${me.last_name}`.trim(),
        departmentId: me.department_id,
        amountCents: details.kind === 'training' ? details.costCents : null,
        dueDate: dueDateOf(details, brusselsDay(now)),
        createdAt: now.toISOString(),
        status: 'open',
        version: 1,
        steps,
        orderId: null,
        details,
      };
      await insertRequest(trx, request, now);
      return applied({ requestId: request.id, status: request.status, version: request.version });
    },
  }),
  'approvals.withdraw': defineCommand({
    payload: WithdrawPayload,
    async handle({ trx, user, payload, now }) {
      const request = await getRequest(trx, payload.requestId);
      if (!request || !user.personId || request.municipalityId !== user.municipalityId || !participants(request).includes(user.personId)) return reject('not_found', NOT_FOUND);
      const outcome = withdraw(request, payload.version, { personId: user.personId, name: user.displayName });
      if (!outcome.ok) return reject(outcome.reason, outcome.message);
      if (!(await updateRequest(trx, outcome.request, request.version, now))) {
        const fresh = await getRequest(trx, payload.requestId);
        const again = fresh ? withdraw(fresh, payload.version, { personId: user.personId, name: user.displayName }) : null;
        return reject('conflict', again && !again.ok ? again.message : 'Deze aanvraag werd intussen gewijzigd; bekijk ze opnieuw.');
      }
      return applied({ requestId: request.id, status: outcome.request.status, version: outcome.request.version });
    },
  }),
};
