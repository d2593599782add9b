import { describe, expect, it } from 'vitest';
import { ORDER_ACTIONS, ORDER_STATUSES, computeTotals, needsVisum, type OrderAction, type OrderStatus } from '../../src/shared/domain/orders.js';
import { ORDER_RULES, allowedOrderActions, transitionOrder, type OrderActor } from '../../src/server/features/orders/machine.js';

const everyone: OrderActor = { isRequester: true, isHead: true, isFinance: true };
const small = { totals: { exclCents: 2_999_999 }, category: 'supplies' as const };
const big = { totals: { exclCents: 3_000_000 }, category: 'supplies' as const };

describe('order totals and visum', () => {
  it('computes VAT per line and sums', () => {
    const t = computeTotals([
      { quantity: 3, unitPriceCents: 1999, vatRate: 21 },
      { quantity: 2.5, unitPriceCents: 1000, vatRate: 6 },
      { quantity: 1, unitPriceCents: 10000, vatRate: 12 },
    ]);
    expect(t.exclCents).toBe(5997 + 2500 + 10000);
    expect(t.vatCents).toBe(1259 + 150 + 1200); // 1259.37 -> 1259
    expect(t.inclCents).toBe(t.exclCents + t.vatCents);
  });
  it('needs a visum from EUR 30,000 excl. VAT or for an investment', () => {
    expect(needsVisum(small)).toBe(false);
    expect(needsVisum(big)).toBe(true);
    expect(needsVisum({ totals: { exclCents: 100 }, category: 'investment' })).toBe(true);
  });
});

describe('order state machine', () => {
  it('walks the happy path of limited value without visum', () => {
    let status: OrderStatus = 'ontwerp';
    for (const action of ['submit', 'approveHead', 'approve', 'placeOrder', 'deliverPartial', 'deliver', 'invoice', 'authorizePayment', 'close'] as OrderAction[]) {
      const r = transitionOrder({ ...small, status }, action, everyone);
      expect(r, action).toMatchObject({ ok: true });
      if (r.ok) status = r.to;
    }
    expect(status).toBe('afgesloten');
  });
  it('requires the visum above the threshold', () => {
    const skip = transitionOrder({ ...big, status: 'goedgekeurd_diensthoofd' }, 'approve', everyone);
    expect(skip).toMatchObject({ ok: false, reason: 'visum_required' });
    if (!skip.ok) expect(skip.message).toContain('€ 30.000,00');
    const invest = transitionOrder({ totals: { exclCents: 100 }, category: 'investment', status: 'goedgekeurd_diensthoofd' }, 'approve', everyone);
    expect(invest).toMatchObject({ ok: false, reason: 'visum_required' });
    expect(transitionOrder({ ...big, status: 'goedgekeurd_diensthoofd' }, 'grantVisum', everyone)).toEqual({ ok: true, to: 'visum_financieel_directeur' });
    expect(transitionOrder({ ...big, status: 'visum_financieel_directeur' }, 'approve', everyone)).toEqual({ ok: true, to: 'goedgekeurd' });
    expect(transitionOrder({ ...small, status: 'goedgekeurd_diensthoofd' }, 'grantVisum', everyone)).toMatchObject({ ok: false, reason: 'visum_not_needed' });
  });
  it('checks who may act', () => {
    const requester: OrderActor = { isRequester: true, isHead: false, isFinance: false };
    const head: OrderActor = { isRequester: false, isHead: true, isFinance: false };
    const finance: OrderActor = { isRequester: false, isHead: false, isFinance: true };
    expect(transitionOrder({ ...small, status: 'ingediend' }, 'approveHead', requester)).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(transitionOrder({ ...small, status: 'ingediend' }, 'approveHead', head)).toMatchObject({ ok: true });
    expect(transitionOrder({ ...big, status: 'goedgekeurd_diensthoofd' }, 'grantVisum', head)).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(transitionOrder({ ...big, status: 'goedgekeurd_diensthoofd' }, 'grantVisum', finance)).toMatchObject({ ok: true });
    expect(transitionOrder({ ...small, status: 'gefactureerd' }, 'authorizePayment', requester)).toMatchObject({ ok: false, reason: 'forbidden' });
  });
  it('refuses every transition not in the table, for every status and action', () => {
    let legal = 0;
    for (const status of ORDER_STATUSES) {
      for (const action of ORDER_ACTIONS) {
        const r = transitionOrder({ ...big, status }, action, everyone);
        const inTable = ORDER_RULES[action].from.includes(status);
        if (!inTable) {
          expect(r, `${status} ${action}`).toMatchObject({ ok: false, reason: 'illegal_transition' });
          if (!r.ok) expect(r.message).toMatch(/kan niet naar/);
        } else if (r.ok) {
          legal += 1;
          expect(r.to).toBe(ORDER_RULES[action].to);
        }
      }
    }
    expect(legal).toBeGreaterThan(15);
  });
  it('final statuses allow nothing', () => {
    for (const status of ['afgesloten', 'geweigerd', 'geannuleerd'] as const) {
      expect(allowedOrderActions({ ...small, status }, everyone)).toEqual([]);
    }
  });
  it('side exits: refuse while in approval, cancel until ordered', () => {
    expect(transitionOrder({ ...small, status: 'ingediend' }, 'refuse', everyone)).toEqual({ ok: true, to: 'geweigerd' });
    expect(transitionOrder({ ...small, status: 'goedgekeurd' }, 'cancel', everyone)).toEqual({ ok: true, to: 'geannuleerd' });
    expect(transitionOrder({ ...small, status: 'besteld' }, 'cancel', everyone)).toMatchObject({ ok: false, reason: 'illegal_transition' });
  });
});
