/**
 * Synced purchase orders: to the requester, the head of the order's department, and finance
 * (role `finance`) of the own municipality. Anyone else gets the id as a delete.
 */
import type { SyncedCollection } from '../types.js';
import type { OrderTables } from './tables.js';

export const purchaseOrders: SyncedCollection = {
  async load(ctx, ids) {
    if (ids.length === 0) return [];
    const { user } = ctx.scope;
    const finance = user.roles.includes('finance');
    const personId = user.personId ?? '\u0000none';
    const rows = await ctx.trx
      .withTables<OrderTables>()
      .selectFrom('purchase_orders')
      .select(['id', 'data'])
      .where('id', 'in', [...ids])
      .where('municipality_id', '=', user.municipalityId)
      .$if(!finance, (qb) => qb.where((eb) => eb.or([eb('requester_id', '=', personId), eb('head_id', '=', personId)])))
      .execute();
    return rows.map((r) => ({ id: r.id, data: JSON.parse(r.data) as Record<string, unknown> }));
  },
};
