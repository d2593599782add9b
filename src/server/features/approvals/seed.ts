/**
 * Demo approvals for the `demo` head of department: several requests waiting for them (one
 * overdue), some they already decided, and their own requests (one sent back). The deputy of
 * demo's steps is the `admin` account's person (a colleague in demo's department), who may decide
 * in demo's place, which is how a conflict happens in the demo.
 * Order-linked requests are seeded with the orders (orders/seed.ts).
 */
import type { ApprovalRequest, ApprovalStep, ApprovalType, StepRole } from '../../../shared/domain/approvals.js';
import { requestTitleNl } from '../../../shared/domain/requests.js';
import type { SeedContext, SeedPerson } from '../types.js';
import { SeedWorld, addDays, brussels } from '../agenda/seed-helpers.js';
import { recordAbsence } from './absences.js';
import { insertRequest } from './repository.js';

type StepSpec = { role: StepRole; approver: SeedPerson; deputy?: SeedPerson | null; decided?: 'approved' | 'sent_back' | 'refused'; comment?: string; daysAgo?: number };

/** Who may decide in demo's place: `admin` when in demo's department, else the secretariat's person. */
export function demoDeputy(world: SeedWorld, demo: SeedPerson): SeedPerson | null {
  const admin = world.personOf('admin');
  if (admin && admin.departmentId === demo.departmentId && admin.id !== demo.id) return admin;
  return world.personWithRole(demo.municipalityId, 'secretariat');
}

export function buildSteps(world: SeedWorld, today: string, specs: StepSpec[]): ApprovalStep[] {
  let waitingSet = false;
  return specs.map((s, i) => {
    const decided = s.decided ?? null;
    let state: ApprovalStep['state'] = decided ?? 'upcoming';
    if (!decided && !waitingSet) {
      state = 'waiting';
      waitingSet = true;
    }
    return {
      position: i + 1,
      role: s.role,
      approverId: s.approver.id,
      approverName: world.name(s.approver),
      deputyId: s.deputy?.id ?? null,
      deputyName: s.deputy ? world.name(s.deputy) : null,
      state,
      comment: s.comment ?? null,
      decidedById: decided ? s.approver.id : null,
      decidedByName: decided ? world.name(s.approver) : null,
      decidedAt: decided ? brussels(addDays(today, -(s.daysAgo ?? 1)), '10:15') : null,
    };
  });
}

export function requestStatus(steps: ApprovalStep[]): ApprovalRequest['status'] {
  if (steps.some((s) => s.state === 'refused')) return 'refused';
  if (steps.some((s) => s.state === 'sent_back')) return 'sent_back';
  return steps.some((s) => s.state === 'waiting') ? 'open' : 'approved';
}

export async function seedApprovals(ctx: SeedContext): Promise<void> {
  const world = new SeedWorld(ctx);
  const demo = world.personOf('demo');
  if (!demo) return;
  const fin = world.personWithRole(demo.municipalityId, 'finance');
  const deputy = demoDeputy(world, demo);
  // The same deputy as set in Beheer: new chains (orders) take it over, Beheer shows it.
  if (deputy) await ctx.trx.insertInto('approval_deputies').values({ person_id: demo.id, municipality_id: demo.municipalityId, deputy_id: deputy.id, updated_at: `${ctx.today}T07:00:00.000Z` }).execute();
  const director = world.director(demo.municipalityId) ?? fin ?? demo;
  const team = world.reportsOf(demo.id).filter((p) => p.id !== deputy?.id);
  const fallback = world.peopleOf(demo.departmentId).filter((p) => p.id !== demo.id && p.id !== deputy?.id);
  const staff = team.length ? team : fallback.length ? fallback : [demo];
  const who = (i: number) => staff[i % staff.length]!;
  const now = new Date(brussels(ctx.today, '07:30'));
  let n = 0;

  const add = async (type: ApprovalType, title: string, requester: SeedPerson, due: number, amountCents: number | null, specs: StepSpec[], description = '', details: ApprovalRequest['details'] = null) => {
    n += 1;
    const steps = buildSteps(world, ctx.today, specs);
    const request: ApprovalRequest = {
      id: `apr-${demo.municipalityId}-${String(n).padStart(3, '0')}`,
      municipalityId: demo.municipalityId,
      type,
      title,
      description,
      requesterId: requester.id,
      requesterName: world.name(requester),
      departmentId: requester.departmentId,
      amountCents,
      dueDate: addDays(ctx.today, due),
      createdAt: brussels(addDays(ctx.today, Math.min(due, 0) - 5), '09:12'),
      status: requestStatus(steps),
      version: 1 + steps.filter((s) => s.decidedAt).length,
      steps,
      orderId: null,
      ...(details ? { details } : {}),
    };
    await insertRequest(ctx.trx, request, now);
    await recordAbsence(ctx.trx, request, now);
  };

  const head = (extra: Partial<StepSpec> = {}): StepSpec => ({ role: 'head', approver: demo, deputy, ...extra });
  // Waiting for demo (overdue first in the inbox).
  await add('overtime', 'Overuren evenement Hoppefeesten (6 uur)', who(1), -2, null, [head()], 'Opbouw en afbraak van de tenten op zaterdag en zondag.');
  await add('leave', 'Verlof van 22/12 tot 2/01 (8 dagen)', who(0), 2, null, [head()], 'Jaarlijkse vakantie; vervanging geregeld met een collega.');
  await add('training', "Opleiding 'Toegankelijke websites (WCAG 2.1)' – 2 dagen", who(2), 5, 45000, [head(), { role: 'general_director', approver: director }], 'Opleiding bij een erkend centrum in Kortrijk.');
  await add('invoice', 'Factuur 2026/1187 – Drukkerij Westhoek (infobrochure)', who(3), 1, 128740, [head(), { role: 'finance_visum', approver: fin ?? director }]);
  await add('document', 'Ondertekening samenwerkingsovereenkomst met de bibliotheek van Ieper', who(1), 10, null, [head()]);
  // Already decided by demo.
  await add('training', 'Bijscholing EHBO (1 dag)', who(0), 12, 18000, [head({ decided: 'approved', comment: 'Akkoord.', daysAgo: 2 }), { role: 'general_director', approver: director }]);
  await add('leave', 'Compensatieverlof 14/11', who(2), -10, null, [head({ decided: 'approved', daysAgo: 16 })]);
  // Requested by demo.
  const boss = demo.managerId ? world.byId.get(demo.managerId) : null;
  const above = boss ?? director;
  if (above.id !== demo.id) {
    await add('leave', 'Verlof van 27/12 tot 31/12 (4 dagen)', demo, 6, null, [{ role: 'head', approver: above }]);
    await add('training', 'Congres lokale besturen (VVSG) – 1 dag', demo, 8, 29500, [{ role: 'head', approver: above, decided: 'sent_back', comment: 'Graag het programma toevoegen.', daysAgo: 1 }]);
  }
  // A leave demo approved that runs today: "afwezig tot ..." on the colleague's card (absences).
  const away = who(3);
  const leave = { kind: 'leave' as const, from: addDays(ctx.today, -1), to: addDays(ctx.today, 3), halfDayStart: false, halfDayEnd: false, leaveType: 'annual' as const, note: '' };
  await add('leave', requestTitleNl(leave), away, -2, null, [head({ decided: 'approved', comment: 'Goed herstel.', daysAgo: 3 })], '', leave);
}
