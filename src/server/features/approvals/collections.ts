/**
 * Synced approval requests: only to the requester and the approvers/deputies of the chain, in the
 * own municipality. Anyone else gets the id as a delete (the same as "does not exist").
 */
import type { SyncedCollection } from '../types.js';
import type { ApprovalTables } from './tables.js';

export const approvalRequests: SyncedCollection = {
  async load(ctx, ids) {
    const personId = ctx.scope.user.personId;
    if (ids.length === 0 || !personId) return [];
    const rows = await ctx.trx
      .withTables<ApprovalTables>()
      .selectFrom('approval_requests as r')
      .innerJoin('approval_participants as p', (j) => j.onRef('p.request_id', '=', 'r.id').on('p.person_id', '=', personId))
      .select(['r.id', 'r.data'])
      .where('r.id', 'in', [...ids])
      .where('r.municipality_id', '=', ctx.scope.user.municipalityId)
      .execute();
    return rows.map((r) => ({ id: r.id, data: JSON.parse(r.data) as Record<string, unknown> }));
  },
};
