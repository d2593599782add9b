/**
 * Synced agenda collections. Bodies and meetings: staff of the own municipality. Items: see
 * rights.ts; an item the user may not see is simply left out (the pull sends it as a delete, the
 * same as a row that never existed), so not even its title leaves the server.
 */
import type { CollectionContext, SyncedCollection, WireRow } from '../types.js';
import type { AgendaTables } from './tables.js';
import { maySeeItem } from './rights.js';

const toWire = (r: { id: string; data: string }): WireRow => ({ id: r.id, data: JSON.parse(r.data) as Record<string, unknown> });

export async function memberBodies(ctx: CollectionContext): Promise<Set<string>> {
  const personId = ctx.scope.user.personId;
  if (!personId) return new Set();
  const rows = await ctx.trx.withTables<AgendaTables>().selectFrom('agenda_body_members').select('body_id').where('person_id', '=', personId).execute();
  return new Set(rows.map((r) => r.body_id));
}

export const agendaBodies: SyncedCollection = {
  async load(ctx, ids) {
    if (ids.length === 0) return [];
    const rows = await ctx.trx
      .withTables<AgendaTables>()
      .selectFrom('agenda_bodies')
      .select(['id', 'data'])
      .where('id', 'in', [...ids])
      .where('municipality_id', '=', ctx.scope.user.municipalityId)
      .execute();
    return rows.map(toWire);
  },
};

export const agendaMeetings: SyncedCollection = {
  async load(ctx, ids) {
    if (ids.length === 0) return [];
    const rows = await ctx.trx
      .withTables<AgendaTables>()
      .selectFrom('agenda_meetings')
      .select(['id', 'data'])
      .where('id', 'in', [...ids])
      .where('municipality_id', '=', ctx.scope.user.municipalityId)
      .execute();
    return rows.map(toWire);
  },
};

export const agendaItems: SyncedCollection = {
  async load(ctx, ids) {
    if (ids.length === 0) return [];
    const rows = await ctx.trx
      .withTables<AgendaTables>()
      .selectFrom('agenda_items')
      .select(['id', 'data', 'municipality_id', 'body_id', 'visibility', 'department_id'])
      .where('id', 'in', [...ids])
      .where('municipality_id', '=', ctx.scope.user.municipalityId)
      .execute();
    const members = await memberBodies(ctx);
    return rows
      .filter((r) => maySeeItem({ municipalityId: r.municipality_id, bodyId: r.body_id, visibility: r.visibility, departmentId: r.department_id }, ctx.scope, members))
      .map(toWire);
  },
};
