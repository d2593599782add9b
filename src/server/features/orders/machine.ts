/**
 * The purchase-order state machine: pure functions, no I/O. Every transition names who may take
 * it; an illegal one is refused with a code and a readable nl-BE message.
 *
 *   ontwerp -submit-> ingediend -approveHead-> goedgekeurd_diensthoofd
 *     -grantVisum (only when needsVisum)-> visum_financieel_directeur -approve-> goedgekeurd
 *     (or, without visum: goedgekeurd_diensthoofd -approve-> goedgekeurd)
 *   goedgekeurd -placeOrder-> besteld -deliverPartial-> deels_geleverd -deliver-> geleverd
 *     -invoice-> gefactureerd -authorizePayment-> betaalbaar_gesteld -close-> afgesloten
 *   side exits: refuse -> geweigerd (while in approval), cancel -> geannuleerd (until ordered),
 *   reopen -> ontwerp (sent back to the requester while in approval).
 */
import { needsVisum, type OrderAction, type OrderCategory, type OrderStatus, type OrderTotals } from '../../../shared/domain/orders.js';
import { formatMoney } from '../../../shared/format/money.js';
import { visumThreshold } from '../../../shared/domain/orders.js';

/** How the acting user relates to the order. */
export interface OrderActor {
  isRequester: boolean;
  /** Head of the order's department. */
  isHead: boolean;
  /** Financial director / finance department (role `finance`). */
  isFinance: boolean;
}

type Who = keyof OrderActor;

interface Rule {
  from: readonly OrderStatus[];
  to: OrderStatus;
  who: readonly Who[];
}

const IN_APPROVAL = ['ingediend', 'goedgekeurd_diensthoofd', 'visum_financieel_directeur'] as const;

export const ORDER_RULES: Record<OrderAction, Rule> = {
  submit: { from: ['ontwerp'], to: 'ingediend', who: ['isRequester'] },
  approveHead: { from: ['ingediend'], to: 'goedgekeurd_diensthoofd', who: ['isHead'] },
  grantVisum: { from: ['goedgekeurd_diensthoofd'], to: 'visum_financieel_directeur', who: ['isFinance'] },
  approve: { from: ['goedgekeurd_diensthoofd', 'visum_financieel_directeur'], to: 'goedgekeurd', who: ['isHead', 'isFinance'] },
  placeOrder: { from: ['goedgekeurd'], to: 'besteld', who: ['isRequester', 'isHead', 'isFinance'] },
  deliverPartial: { from: ['besteld'], to: 'deels_geleverd', who: ['isRequester', 'isHead'] },
  deliver: { from: ['besteld', 'deels_geleverd'], to: 'geleverd', who: ['isRequester', 'isHead'] },
  invoice: { from: ['geleverd'], to: 'gefactureerd', who: ['isFinance'] },
  authorizePayment: { from: ['gefactureerd'], to: 'betaalbaar_gesteld', who: ['isFinance'] },
  close: { from: ['betaalbaar_gesteld'], to: 'afgesloten', who: ['isFinance'] },
  refuse: { from: IN_APPROVAL, to: 'geweigerd', who: ['isHead', 'isFinance'] },
  cancel: { from: ['ontwerp', ...IN_APPROVAL, 'goedgekeurd'], to: 'geannuleerd', who: ['isRequester', 'isHead'] },
  reopen: { from: IN_APPROVAL, to: 'ontwerp', who: ['isHead', 'isFinance'] },
};

/** Dutch names of statuses, for the server's messages (the UI translates codes itself). */
export const STATUS_NL: Record<OrderStatus, string> = {
  ontwerp: 'ontwerp',
  ingediend: 'ingediend',
  goedgekeurd_diensthoofd: 'goedgekeurd door diensthoofd',
  visum_financieel_directeur: 'visum financieel directeur',
  goedgekeurd: 'goedgekeurd',
  besteld: 'besteld',
  deels_geleverd: 'deels geleverd',
  geleverd: 'geleverd',
  gefactureerd: 'gefactureerd',
  betaalbaar_gesteld: 'betaalbaar gesteld',
  afgesloten: 'afgesloten',
  geweigerd: 'geweigerd',
  geannuleerd: 'geannuleerd',
};

const WHO_NL: Record<Who, string> = { isRequester: 'de aanvrager', isHead: 'het diensthoofd', isFinance: 'de financieel directeur' };

export interface OrderState {
  status: OrderStatus;
  totals: Pick<OrderTotals, 'exclCents'>;
  category: OrderCategory;
  /** The municipality's threshold recorded at submission (absent: the default). */
  visumThresholdCents?: number | null;
}

export type TransitionOutcome =
  | { ok: true; to: OrderStatus }
  | { ok: false; reason: 'illegal_transition' | 'visum_required' | 'visum_not_needed' | 'forbidden'; message: string };

export function transitionOrder(order: OrderState, action: OrderAction, actor: OrderActor): TransitionOutcome {
  const rule = ORDER_RULES[action];
  if (!rule.from.includes(order.status)) {
    return {
      ok: false,
      reason: 'illegal_transition',
      message: `Een bestelling met status "${STATUS_NL[order.status]}" kan niet naar "${STATUS_NL[rule.to]}".`,
    };
  }
  const visum = needsVisum(order);
  if (action === 'approve' && order.status === 'goedgekeurd_diensthoofd' && visum) {
    const why = order.category === 'investment' ? 'een investering' : `een bedrag vanaf ${formatMoney(visumThreshold(order))} excl. btw`;
    return { ok: false, reason: 'visum_required', message: `Deze bestelling heeft eerst een visum van de financieel directeur nodig (${why}).` };
  }
  if (action === 'grantVisum' && !visum) {
    return { ok: false, reason: 'visum_not_needed', message: 'Deze bestelling is van beperkte waarde en heeft geen visum nodig.' };
  }
  if (!rule.who.some((w) => actor[w])) {
    return { ok: false, reason: 'forbidden', message: `Alleen ${rule.who.map((w) => WHO_NL[w]).join(' of ')} mag dit doen.` };
  }
  return { ok: true, to: rule.to };
}

/** The actions the actor may take now (for a UI, and to test the table). */
export function allowedOrderActions(order: OrderState, actor: OrderActor): OrderAction[] {
  return (Object.keys(ORDER_RULES) as OrderAction[]).filter((a) => transitionOrder(order, a, actor).ok);
}

export function isOpenOrder(status: OrderStatus): boolean {
  return !['afgesloten', 'geweigerd', 'geannuleerd'].includes(status);
}
