/**
 * Demo purchase orders of demo's department in every state of the flow, each with its history;
 * "Bureaustoelen" waits for demo's approval through its linked approval request, the network
 * switches (above EUR 30,000) wait for the financial director's visum. Every municipality with demo
 * accounts gets the published budget keys of DEMO_BUDGET_KEYS.
 */
import type { ApprovalRequest } from '../../../shared/domain/approvals.js';
import { computeTotals, type OrderCategory, type OrderLine, type OrderStatus, type PurchaseOrder } from '../../../shared/domain/orders.js';
import { enterpriseCheck } from '../../../shared/format/enterprise-number.js';
import type { SeedContext, SeedPerson } from '../types.js';
import { SeedWorld, addDays, brussels } from '../agenda/seed-helpers.js';
import { buildSteps, demoDeputy, requestStatus } from '../approvals/seed.js';
import { insertRequest } from '../approvals/store.js';
import type { Prng } from '../../demo/prng.js';
import { DEMO_BUDGET_KEYS, publishBudgetKeys } from './budget-keys.js';
import { putOrder } from './store.js';
import type { OrderTables } from './tables.js';

/** The path to each status (what the history shows). */
const PATH: OrderStatus[] = ['ontwerp', 'ingediend', 'goedgekeurd_diensthoofd', 'goedgekeurd', 'besteld', 'deels_geleverd', 'geleverd', 'gefactureerd', 'betaalbaar_gesteld', 'afgesloten'];

function pathTo(status: OrderStatus, visum: boolean): OrderStatus[] {
  if (status === 'geweigerd') return ['ontwerp', 'ingediend', 'geweigerd'];
  if (status === 'geannuleerd') return ['ontwerp', 'geannuleerd'];
  const path = visum ? [...PATH.slice(0, 3), 'visum_financieel_directeur' as const, ...PATH.slice(3)] : PATH;
  return path.slice(0, path.indexOf(status) + 1);
}

/** Who moved an order to a status in the demo history: requester, head of department or finance. */
function actorName(status: OrderStatus, requester: string, head: string, finance: string): string {
  if (['goedgekeurd_diensthoofd', 'goedgekeurd', 'geweigerd'].includes(status)) return head;
  if (['visum_financieel_directeur', 'gefactureerd', 'betaalbaar_gesteld', 'afgesloten'].includes(status)) return finance;
  return requester;
}

function enterprise(rng: Prng): string {
  const first8 = '0' + String(rng.int(2000000, 9999999));
  return first8 + String(enterpriseCheck(first8)).padStart(2, '0');
}

const SUPPLIERS = [
  { name: 'Kantoorinrichting Westhoek bv', address: 'Ieperseweg 112, 8970 Poperinge' },
  { name: 'Drukkerij De Kegel nv', address: 'Zuidstraat 4, 8900 Ieper' },
  { name: 'Netwerk & Co bv', address: 'Kortrijksestraat 220, 8900 Ieper' },
  { name: 'Groenwerken Verhaeghe bv', address: 'Watouseweg 7, 8978 Watou' },
  { name: 'Bouwbedrijf Vandamme nv', address: 'Veurnestraat 55, 8630 Veurne' },
];

interface Spec {
  description: string;
  status: OrderStatus;
  category: OrderCategory;
  supplier: number;
  lines: OrderLine[];
  requester: 'team' | 'demo';
  approval?: 'waitingForDemo' | 'waitingForVisum';
}

const SPECS: Spec[] = [
  { description: 'Bureaustoelen voor de dienst', status: 'ingediend', category: 'supplies', supplier: 0, requester: 'team', approval: 'waitingForDemo', lines: [{ description: 'Ergonomische bureaustoel', quantity: 12, unitPriceCents: 34500, vatRate: 21 }, { description: 'Levering en montage', quantity: 1, unitPriceCents: 27000, vatRate: 21 }] },
  { description: 'Vernieuwing netwerkswitchen stadhuis', status: 'goedgekeurd_diensthoofd', category: 'supplies', supplier: 2, requester: 'team', approval: 'waitingForVisum', lines: [{ description: 'Switch 48 poorten PoE', quantity: 14, unitPriceCents: 310000, vatRate: 21 }, { description: 'Installatie en configuratie', quantity: 32, unitPriceCents: 9500, vatRate: 21 }] },
  { description: 'Infobrochure nieuwe inwoners (2.000 ex.)', status: 'ontwerp', category: 'services', supplier: 1, requester: 'demo', lines: [{ description: 'Brochure A5, 16 blz.', quantity: 2000, unitPriceCents: 185, vatRate: 6 }] },
  { description: 'Beamer voor vergaderzaal 1', status: 'besteld', category: 'supplies', supplier: 2, requester: 'demo', lines: [{ description: 'Beamer 4K', quantity: 1, unitPriceCents: 129900, vatRate: 21 }, { description: 'Plafondbeugel', quantity: 1, unitPriceCents: 8950, vatRate: 21 }] },
  { description: 'Onderhoud plantsoenen voorjaar', status: 'deels_geleverd', category: 'services', supplier: 3, requester: 'team', lines: [{ description: 'Snoeiwerken (uur)', quantity: 40, unitPriceCents: 5200, vatRate: 21 }, { description: 'Bloembollen', quantity: 1500, unitPriceCents: 45, vatRate: 6 }] },
  { description: 'Papier en toner', status: 'geleverd', category: 'supplies', supplier: 0, requester: 'team', lines: [{ description: 'Papier A4 (doos)', quantity: 20, unitPriceCents: 2890, vatRate: 21 }, { description: 'Toner zwart', quantity: 6, unitPriceCents: 8900, vatRate: 21 }] },
  { description: 'Vakliteratuur lokaal bestuur', status: 'gefactureerd', category: 'supplies', supplier: 1, requester: 'demo', lines: [{ description: 'Handboek lokaal bestuur', quantity: 3, unitPriceCents: 6500, vatRate: 6 }] },
  { description: 'Herstelling dakgoot depot', status: 'afgesloten', category: 'works', supplier: 4, requester: 'team', lines: [{ description: 'Herstelling dakgoot', quantity: 1, unitPriceCents: 184000, vatRate: 21 }] },
  { description: 'Koffiemachine cafetaria', status: 'geweigerd', category: 'supplies', supplier: 0, requester: 'team', lines: [{ description: 'Koffiemachine', quantity: 1, unitPriceCents: 249000, vatRate: 21 }] },
  { description: 'Vergaderkast (dubbel besteld)', status: 'geannuleerd', category: 'supplies', supplier: 0, requester: 'demo', lines: [{ description: 'Kast met schuifdeuren', quantity: 1, unitPriceCents: 62000, vatRate: 21 }] },
  { description: 'Archiefkasten voor het stadsarchief', status: 'goedgekeurd', category: 'supplies', supplier: 0, requester: 'demo', lines: [{ description: 'Archiefkast', quantity: 2, unitPriceCents: 48000, vatRate: 21 }] },
];

export async function seedOrders(ctx: SeedContext): Promise<void> {
  const world = new SeedWorld(ctx);
  for (const m of world.municipalities()) await publishBudgetKeys(ctx.trx, m.id, DEMO_BUDGET_KEYS, new Date(brussels(ctx.today, '07:00')));
  const demo = world.personOf('demo');
  if (!demo) return;
  const rng = ctx.rng.fork('orders');
  const fin = world.personWithRole(demo.municipalityId, 'finance');
  const deputy = demoDeputy(world, demo);
  const team = world.reportsOf(demo.id).filter((p) => p.id !== deputy?.id);
  const staff: SeedPerson[] = team.length ? team : [demo];
  const boss = (demo.managerId ? world.byId.get(demo.managerId) : null) ?? world.director(demo.municipalityId);
  const suppliers = SUPPLIERS.map((s) => ({ ...s, enterpriseNumber: enterprise(rng) }));
  const year = Number(ctx.today.slice(0, 4));
  const now = new Date(brussels(ctx.today, '07:30'));

  for (const [i, spec] of SPECS.entries()) {
    const requester = spec.requester === 'demo' ? demo : staff[i % staff.length]!;
    const headId = spec.requester === 'demo' ? (boss?.id ?? null) : demo.id;
    const totals = computeTotals(spec.lines);
    const visum = totals.exclCents >= 3_000_000 || spec.category === 'investment';
    const steps = pathTo(spec.status, visum);
    const history = steps.map((status, k) => ({
      status,
      at: brussels(addDays(ctx.today, k - steps.length - 1 - (i % 3)), '11:00'),
      byName: actorName(status, world.name(requester), world.name(spec.requester === 'demo' ? boss : demo), world.name(fin)),
      comment: status === 'geweigerd' ? 'Niet voorzien in het budget van dit jaar.' : null,
    }));
    const id = `ord-${demo.municipalityId}-${String(i + 1).padStart(3, '0')}`;
    const order: PurchaseOrder = {
      id,
      municipalityId: demo.municipalityId,
      number: `BB-${year}-${String(i + 41).padStart(5, '0')}`,
      description: spec.description,
      category: spec.category,
      supplier: suppliers[spec.supplier]!,
      lines: spec.lines,
      totals,
      budgetKey: { action: `AP1.${(i % 4) + 1}.${(i % 3) + 1}`, policyItem: rng.pick(['0119', '0190', '0200', '0705']), generalAccount: rng.pick(['6100000', '6140000', '2300000', '6150000']) },
      commitmentNumber: PATH.indexOf(spec.status) >= PATH.indexOf('goedgekeurd') ? `VL-${year}-${String(800 + i).padStart(5, '0')}` : null,
      requesterId: requester.id,
      requesterName: world.name(requester),
      departmentId: requester.departmentId,
      departmentName: world.departmentName(requester.departmentId),
      status: spec.status,
      history,
      approvalId: null,
      updatedAt: now.toISOString(),
      deliveryAddress: spec.category === 'services' ? '' : 'Stadhuis, Grote Markt 1, 8970 Poperinge',
      attachments: [],
    };
    if (spec.approval && fin) {
      const approvalId = `apr-${id}`;
      const specs =
        spec.approval === 'waitingForDemo'
          ? [{ role: 'head' as const, approver: demo, deputy }]
          : [
              { role: 'head' as const, approver: demo, deputy, decided: 'approved' as const, comment: 'Nodig voor de vernieuwing van het netwerk.', daysAgo: 1 },
              { role: 'finance_visum' as const, approver: fin },
            ];
      const chain = buildSteps(world, ctx.today, specs);
      const request: ApprovalRequest = {
        id: approvalId,
        municipalityId: demo.municipalityId,
        type: 'order',
        title: `Bestelbon ${order.number}: ${order.description}`,
        description: `${order.supplier.name} — ${order.lines.length} lijn(en)`,
        requesterId: requester.id,
        requesterName: world.name(requester),
        departmentId: requester.departmentId,
        amountCents: totals.inclCents,
        dueDate: addDays(ctx.today, spec.approval === 'waitingForDemo' ? 3 : 4),
        createdAt: history[1]?.at ?? now.toISOString(),
        status: requestStatus(chain),
        version: 1 + chain.filter((s) => s.decidedAt).length,
        steps: chain,
        orderId: id,
      };
      await insertRequest(ctx.trx, request, now);
      order.approvalId = approvalId;
    }
    await putOrder(ctx.trx, order, headId, now);
  }
  await ctx.trx.withTables<OrderTables>().insertInto('order_numbers').values({ municipality_id: demo.municipalityId, year, last: SPECS.length + 40 }).execute();
}
