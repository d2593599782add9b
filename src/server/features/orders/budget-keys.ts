/**
 * Budget keys (BBC: action, policy item, general account) that finance publishes per municipality.
 * Synced to every staff member of the municipality as `budgetKeys` (the form offers only these);
 * `orders.saveDraft` accepts only an active key. Publishing replaces the list: keys missing from
 * the new list are withdrawn (kept, inactive: older orders still name them).
 */
import { PublishedBudgetKey, budgetKeyId, type BudgetKey } from '../../../shared/domain/orders.js';
import { recordChanges } from '../../sync/changes.js';
import type { SyncedCollection, Trx } from '../types.js';
import type { OrderTables } from './tables.js';

export interface BudgetKeyInput extends BudgetKey {
  label: string;
}

export interface PublishSummary {
  added: number;
  changed: number;
  withdrawn: number;
  unchanged: number;
}

type Row = OrderTables['budget_keys'];

function toWire(r: Row): PublishedBudgetKey {
  return { id: r.id, municipalityId: r.municipality_id, action: r.action, policyItem: r.policy_item, generalAccount: r.general_account, label: r.label, active: Number(r.active) === 1 };
}

export const budgetKeys: SyncedCollection = {
  /** The own municipality's keys, the same for all its staff. */
  shared: (scope) => scope.user.municipalityId,
  async load(ctx, ids) {
    if (ids.length === 0) return [];
    const rows = await ctx.trx
      .withTables<OrderTables>()
      .selectFrom('budget_keys')
      .selectAll()
      .where('id', 'in', [...ids])
      .where('municipality_id', '=', ctx.scope.user.municipalityId)
      .execute();
    return rows.map((r) => ({ id: r.id, data: PublishedBudgetKey.parse(toWire(r)) }));
  },
};

/** The active key of a municipality matching `key`, or null. */
export async function activeBudgetKey(trx: Trx, municipalityId: string, key: BudgetKey): Promise<PublishedBudgetKey | null> {
  const row = await trx
    .withTables<OrderTables>()
    .selectFrom('budget_keys')
    .selectAll()
    .where('id', '=', budgetKeyId(municipalityId, key))
    .where('active', '=', 1)
    .executeTakeFirst();
  return row ? toWire(row) : null;
}

/** Publish the full list of a municipality's keys (one transaction: the caller's). */
export async function publishBudgetKeys(trx: Trx, municipalityId: string, keys: readonly BudgetKeyInput[], now: Date): Promise<PublishSummary> {
  const db = trx.withTables<OrderTables>();
  const existing = new Map((await db.selectFrom('budget_keys').selectAll().where('municipality_id', '=', municipalityId).execute()).map((r) => [r.id, r]));
  const summary: PublishSummary = { added: 0, changed: 0, withdrawn: 0, unchanged: 0 };
  const changed: string[] = [];
  const seen = new Set<string>();
  const at = now.toISOString();
  for (const k of keys) {
    const id = budgetKeyId(municipalityId, k);
    if (seen.has(id)) continue;
    seen.add(id);
    const row = PublishedBudgetKey.parse({ id, municipalityId, action: k.action, policyItem: k.policyItem, generalAccount: k.generalAccount, label: k.label, active: true });
    const old = existing.get(id);
    if (!old) {
      await db
        .insertInto('budget_keys')
        .values({ id, municipality_id: municipalityId, action: row.action, policy_item: row.policyItem, general_account: row.generalAccount, label: row.label, active: 1, updated_at: at })
        .execute();
      summary.added++;
      changed.push(id);
    } else if (old.label !== row.label || Number(old.active) !== 1) {
      await db.updateTable('budget_keys').set({ label: row.label, active: 1, updated_at: at }).where('id', '=', id).execute();
      summary.changed++;
      changed.push(id);
    } else {
      summary.unchanged++;
    }
  }
  for (const [id, old] of existing) {
    if (seen.has(id) || Number(old.active) !== 1) continue;
    await db.updateTable('budget_keys').set({ active: 0, updated_at: at }).where('id', '=', id).execute();
    summary.withdrawn++;
    changed.push(id);
  }
  await recordChanges(trx, changed.map((id) => ({ collection: 'budgetKeys' as const, id, tenant: municipalityId })));
  return summary;
}

/** Demo keys: the usual BBC keys of a Flemish municipality's purchases. */
export const DEMO_BUDGET_KEYS: readonly BudgetKeyInput[] = [
  { action: 'AP1.1.1', policyItem: '0119', generalAccount: '6100000', label: 'Kantoorbenodigdheden en drukwerk' },
  { action: 'AP1.1.2', policyItem: '0119', generalAccount: '6140000', label: 'Erelonen en prestaties derden' },
  { action: 'AP1.2.1', policyItem: '0190', generalAccount: '2300000', label: 'Investeringen: meubilair en uitrusting' },
  { action: 'AP1.3.1', policyItem: '0200', generalAccount: '6150000', label: 'Onderhoud wegen en gebouwen' },
  { action: 'AP1.4.1', policyItem: '0705', generalAccount: '6100000', label: 'Bibliotheek: werkingsmiddelen' },
  { action: 'AP2.1.1', policyItem: '0119', generalAccount: '2420000', label: 'ICT: hardware en licenties' },
];
