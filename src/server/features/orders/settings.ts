/**
 * The orders settings of a municipality (`orders_settings`): the visum threshold its council set,
 * in EUR cents excl. VAT. Read when an order is submitted (recorded on the order, so a later change
 * leaves orders under way alone); set by IT with
 * `npm run admin -- orders visum-threshold --municipality ID [--euro N | --default]`.
 */
import type { Db, Trx } from '../types.js';
import type { OrderTables } from './tables.js';

/** The threshold set for the municipality, or null (the default applies). */
export async function visumThresholdOf(db: Db | Trx, municipalityId: string): Promise<number | null> {
  const row = await db.withTables<OrderTables>().selectFrom('orders_settings').select('visum_threshold_cents').where('municipality_id', '=', municipalityId).executeTakeFirst();
  return row ? Number(row.visum_threshold_cents) : null;
}

/** Sets the threshold, or clears it (null: the default applies again). */
export async function setVisumThreshold(db: Db, municipalityId: string, cents: number | null, now: Date): Promise<void> {
  const k = db.withTables<OrderTables>();
  if (cents === null) {
    await k.deleteFrom('orders_settings').where('municipality_id', '=', municipalityId).execute();
    return;
  }
  await k
    .insertInto('orders_settings')
    .values({ municipality_id: municipalityId, visum_threshold_cents: cents, updated_at: now.toISOString() })
    .onConflict((oc) => oc.column('municipality_id').doUpdateSet({ visum_threshold_cents: cents, updated_at: now.toISOString() }))
    .execute();
}
