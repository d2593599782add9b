/**
 * `orders visum-threshold --municipality ID [--euro N | --default]`: the amount (EUR excl. VAT) from
 * which an order needs the financial director's visum, as the council set it. Without --euro or
 * --default it prints the threshold in force. Orders already submitted keep the one they got.
 */
import { VISUM_THRESHOLD_CENTS } from '../../../shared/domain/orders.js';
import { formatMoney } from '../../../shared/format/money.js';
import { setVisumThreshold, visumThresholdOf } from '../../features/orders/settings.js';
import { UsageError, type AdminCommand } from '../command.js';

export const ordersVisumThreshold: AdminCommand = {
  words: ['orders', 'visum-threshold'],
  usage: 'orders visum-threshold --municipality ID [--euro N | --default]',
  options: { municipality: { type: 'string' }, euro: { type: 'string' }, default: { type: 'boolean' } },
  async run(ctx, values) {
    const municipalityId = typeof values.municipality === 'string' ? values.municipality : undefined;
    if (!municipalityId) throw new UsageError('--municipality is required.');
    if (typeof values.euro === 'string' && values.default === true) throw new UsageError('Give --euro or --default, not both.');
    const muni = await ctx.db.kysely.selectFrom('municipalities').select('id').where('id', '=', municipalityId).executeTakeFirst();
    if (!muni) {
      ctx.err(`Unknown municipality "${municipalityId}" ("municipalities list" shows them). Nothing was changed.`);
      return 1;
    }
    if (typeof values.euro === 'string') {
      const euro = Number(values.euro.replace(/\./g, '').replace(',', '.'));
      if (!Number.isFinite(euro) || euro < 0 || euro > 1e9) throw new UsageError('--euro: an amount in euro, e.g. 25000 or 25.000,00.');
      await setVisumThreshold(ctx.db.kysely, municipalityId, Math.round(euro * 100), ctx.now());
    } else if (values.default === true) {
      await setVisumThreshold(ctx.db.kysely, municipalityId, null, ctx.now());
    }
    const set = await visumThresholdOf(ctx.db.kysely, municipalityId);
    ctx.out(`${municipalityId}: visum from ${formatMoney(set ?? VISUM_THRESHOLD_CENTS)} excl. VAT${set === null ? ' (the default)' : ''}`);
    return 0;
  },
};
