/**
 * A request submitted by another system: validated, its requester (and decider) resolved in the
 * account's municipality, its chain built by approvals/org-chain.ts, stored with its idempotency
 * key in one transaction. Every refusal is an HttpError before anything is written.
 */
import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { ApprovalRequest } from '../../../shared/domain/approvals.js';
import { HttpError } from '../../http/errors.js';
import { isUniqueViolation } from './unique.js';
import { managerChain } from '../approvals/org-chain.js';
import { getRequest, insertRequest } from '../approvals/repository.js';
import type { ImportTables } from '../../import/tables.js';
import type { Db, Trx } from '../types.js';
import type { ServiceCaller } from './auth.js';
import type { PersonRef, SubmitRequest } from './schemas.js';
import type { ServiceTables } from './tables.js';

interface Person {
  id: string;
  firstName: string;
  lastName: string;
  departmentId: string;
}

/** Finds one person of `municipalityId`; null when none (or several) match. */
async function resolvePerson(trx: Trx, municipalityId: string, ref: PersonRef): Promise<Person | null> {
  const base = trx.selectFrom('people').select(['people.id', 'people.first_name', 'people.last_name', 'people.department_id']).where('people.municipality_id', '=', municipalityId);
  let rows;
  if ('id' in ref) rows = await base.where('people.id', '=', ref.id).execute();
  else if ('email' in ref) rows = await base.where(sql<string>`lower(people.email)`, '=', ref.email).limit(2).execute();
  else {
    let q = trx
      .withTables<ImportTables>()
      .selectFrom('import_person_sources')
      .select('person_id')
      .where('municipality_id', '=', municipalityId)
      .where('source_id', '=', ref.sourceId);
    if (ref.source) q = q.where('source', '=', ref.source);
    const ids = [...new Set((await q.limit(3).execute()).map((r) => r.person_id))];
    rows = ids.length === 1 ? await base.where('people.id', '=', ids[0]!).execute() : [];
  }
  if (rows.length !== 1) return null;
  const p = rows[0]!;
  return { id: p.id, firstName: p.first_name, lastName: p.last_name, departmentId: p.department_id };
}

const describeRef = (ref: PersonRef): string => ('id' in ref ? 'with this id' : 'email' in ref ? 'with this e-mail address' : 'with this directory source id');

export const bodyHash = (body: SubmitRequest): string => createHash('sha256').update(JSON.stringify(body)).digest('hex');

export interface Submitted {
  request: ApprovalRequest;
  /** false: the same Idempotency-Key was used before with the same body; this is that request. */
  created: boolean;
}

export async function submit(db: Db, caller: ServiceCaller, key: string, body: SubmitRequest, now: Date): Promise<Submitted> {
  if (!caller.types.includes(body.type)) {
    throw new HttpError(403, 'type_not_allowed', `Service account "${caller.name}" may not submit requests of type "${body.type}" (it may submit: ${caller.types.join(', ')})`);
  }
  const hash = bodyHash(body);
  const attempt = () =>
    db.transaction().execute(async (trx): Promise<Submitted> => {
      const t = trx.withTables<ServiceTables>();
      const earlier = await t
        .selectFrom('service_requests')
        .select(['body_hash', 'request_id'])
        .where('account_id', '=', caller.accountId)
        .where('idempotency_key', '=', key)
        .executeTakeFirst();
      if (earlier) {
        if (earlier.body_hash !== hash) throw new HttpError(422, 'idempotency_key_reused', 'This Idempotency-Key was already used for a different request: use a new key for a new request');
        const request = await getRequest(trx, earlier.request_id);
        if (!request) throw new HttpError(410, 'gone', 'The request made with this Idempotency-Key no longer exists');
        return { request, created: false };
      }
      const requester = await resolvePerson(trx, caller.municipalityId, body.requester);
      if (!requester) throw new HttpError(422, 'unknown_requester', `No single person ${describeRef(body.requester)} in municipality ${caller.municipalityId}`);
      let deciderId: string | null = null;
      if (body.decider) {
        const decider = await resolvePerson(trx, caller.municipalityId, body.decider);
        if (!decider) throw new HttpError(422, 'unknown_decider', `No single person ${describeRef(body.decider)} in municipality ${caller.municipalityId} to decide`);
        deciderId = decider.id;
      }
      const steps = await managerChain(trx, requester.id, deciderId);
      if (steps.length === 0) {
        throw new HttpError(422, 'no_decider', 'No one can decide this request: the requester has no manager in the directory (name a decider)');
      }
      const request: ApprovalRequest = {
        id: `apr-svc-${randomUUID()}`,
        municipalityId: caller.municipalityId,
        type: body.type,
        title: body.title,
        description: body.description,
        requesterId: requester.id,
        requesterName: `${requester.firstName} ${requester.lastName}`.trim(),
        departmentId: requester.departmentId,
        amountCents: body.amountCents,
        dueDate: body.dueDate,
        createdAt: now.toISOString(),
        status: 'open',
        version: 1,
        steps,
        orderId: null,
        link: body.link,
        source: { accountId: caller.accountId, accountName: caller.name, reference: body.reference },
      };
      // The key first: of two simultaneous submissions with one key, the second stops here.
      await t.insertInto('service_requests').values({ account_id: caller.accountId, idempotency_key: key, body_hash: hash, request_id: request.id, created_at: now.toISOString() }).execute();
      await insertRequest(trx, request, now);
      return { request, created: true };
    });
  try {
    return await attempt();
  } catch (err) {
    // The same key submitted twice at the same moment: the other one won, answer with its request.
    if (isUniqueViolation(err)) return attempt();
    throw err;
  }
}

/** A request this account submitted, or null (another account's requests do not exist for it). */
export async function findSubmitted(db: Db, caller: ServiceCaller, id: string): Promise<ApprovalRequest | null> {
  const request = await db.transaction().execute((trx) => getRequest(trx, id));
  return request && request.source?.accountId === caller.accountId ? request : null;
}
