/**
 * Property-based: the purchase-order state machine under random sequences of actions by random
 * actors, for random amounts and categories. Invariants:
 *   - an order that needs a visum is never approved without one (the step before `goedgekeurd`
 *     is the financial director's visum);
 *   - `besteld` only follows `goedgekeurd`, and `afgesloten` only comes after delivery, invoice
 *     and payment, in that order;
 *   - a closed, refused or cancelled order accepts no action at all;
 *   - every refusal comes with a reason and a readable message, and changes nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowedOrderActions, transitionOrder, type OrderActor, type OrderState } from '../../src/server/features/orders/machine.js';
import { needsVisum, OrderAction, OrderCategory, type OrderStatus } from '../../src/shared/domain/orders.js';

const actor = fc.record({ isRequester: fc.boolean(), isHead: fc.boolean(), isFinance: fc.boolean() }) as fc.Arbitrary<OrderActor>;
const step = fc.tuple(fc.constantFrom(...OrderAction.options), actor);
const order = fc.record({ exclCents: fc.integer({ min: 0, max: 5_000_000 }), category: fc.constantFrom(...OrderCategory.options) });
const TERMINAL: OrderStatus[] = ['afgesloten', 'geweigerd', 'geannuleerd'];

describe('order state machine (property-based)', () => {
  it('keeps its invariants under any sequence of actions by anyone', () => {
    fc.assert(
      fc.property(order, fc.array(step, { maxLength: 60 }), (o, steps) => {
        let state: OrderState = { status: 'ontwerp', totals: { exclCents: o.exclCents }, category: o.category };
        const path: OrderStatus[] = ['ontwerp'];
        for (const [action, who] of steps) {
          const before = state.status;
          const outcome = transitionOrder(state, action, who);
          if (TERMINAL.includes(before)) expect(outcome.ok).toBe(false);
          if (!outcome.ok) {
            expect(outcome.message.length).toBeGreaterThan(10);
            continue; // nothing changes
          }
          state = { ...state, status: outcome.to };
          path.push(outcome.to);
          if (outcome.to === 'goedgekeurd' && needsVisum(state)) expect(before).toBe('visum_financieel_directeur');
          if (outcome.to === 'besteld') expect(before).toBe('goedgekeurd');
          if (outcome.to === 'afgesloten') {
            const tail = path.slice(-4);
            expect(tail).toEqual(['geleverd', 'gefactureerd', 'betaalbaar_gesteld', 'afgesloten']);
          }
        }
        if (TERMINAL.includes(state.status)) expect(allowedOrderActions(state, { isRequester: true, isHead: true, isFinance: true })).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});
