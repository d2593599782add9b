/**
 * Personal requests a staff member starts in Pop Index: leave (verlof), overtime (overuren),
 * training (opleiding) and "other". Runs anywhere: imports only zod.
 *
 * One set of rules, `requestProblems(details)`, serves both sides: the form shows its codes as you
 * type (translated by the renderer), the server refuses the same codes with the nl-BE sentences of
 * REQUEST_PROBLEM_NL (the payload schema's refinement), so what the form accepts the server accepts.
 */
import { z } from 'zod';
import { Id } from './directory.js';

/** A calendar date that exists, YYYY-MM-DD (the form shows and reads dd/mm/jjjj). */
const Day = z.iso.date({ error: 'Geef een bestaande datum op (dd/mm/jjjj).' });

/** Kinds of leave a requester picks from (labels are translated; the type never leaves the request). */
export const LEAVE_TYPES = ['annual', 'compensation', 'special', 'unpaid'] as const;
export const LeaveType = z.enum(LEAVE_TYPES, { error: 'Kies een soort verlof.' });
export type LeaveType = z.infer<typeof LeaveType>;

export const LeaveDetails = z
  .object({
    kind: z.literal('leave'),
    from: Day,
    to: Day,
    /** The first day only from noon (afternoon). */
    halfDayStart: z.boolean(),
    /** The last day only until noon (morning). */
    halfDayEnd: z.boolean(),
    leaveType: LeaveType,
    /** Optional note for the manager. */
    note: z.string().trim().max(500, 'Houd de opmerking onder 500 tekens.').default(''),
  })
  .strict();
export type LeaveDetails = z.infer<typeof LeaveDetails>;

export const OvertimeDetails = z
  .object({
    kind: z.literal('overtime'),
    date: Day,
    hours: z.number({ error: 'Geef het aantal uren op.' }),
    reason: z.string().trim().max(500, 'Houd de reden onder 500 tekens.'),
  })
  .strict();
export type OvertimeDetails = z.infer<typeof OvertimeDetails>;

export const TrainingDetails = z
  .object({
    kind: z.literal('training'),
    course: z.string().trim().max(200, 'Houd de naam van de opleiding onder 200 tekens.'),
    provider: z.string().trim().max(200, 'Houd de naam van de organisator onder 200 tekens.'),
    from: Day,
    to: Day,
    /** EUR cents, registration fee etc. (0 = free). */
    costCents: z.number({ error: 'Geef de kostprijs op.' }).int('De kostprijs heeft hoogstens 2 cijfers na de komma.'),
  })
  .strict();
export type TrainingDetails = z.infer<typeof TrainingDetails>;

export const OtherDetails = z
  .object({
    kind: z.literal('other'),
    title: z.string().trim().max(200, 'Houd de titel onder 200 tekens.'),
    description: z.string().trim().max(5000, 'Houd de omschrijving onder 5000 tekens.'),
  })
  .strict();
export type OtherDetails = z.infer<typeof OtherDetails>;

const DetailsShape = z.discriminatedUnion('kind', [LeaveDetails, OvertimeDetails, TrainingDetails, OtherDetails], {
  error: 'Kies een soort aanvraag: verlof, overuren, opleiding of andere.',
});
export type RequestDetails = z.infer<typeof DetailsShape>;
export type RequestKind = RequestDetails['kind'];
export const REQUEST_KINDS: readonly RequestKind[] = ['leave', 'overtime', 'training', 'other'];

export type { RequestProblemCode } from './request-problems.js';
export { REQUEST_PROBLEM_NL } from './request-problems.js';
import { REQUEST_PROBLEM_NL, type RequestProblemCode } from './request-problems.js';

export interface RequestProblem {
  field: string;
  code: RequestProblemCode;
}


const DAY_MS = 86_400_000;
const utc = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

/** Days from `from` to `to` inclusive (1 for the same day; <= 0 when reversed). */
export function daySpan(from: string, to: string): number {
  return Math.round((utc(to) - utc(from)) / DAY_MS) + 1;
}

/** Monday-to-Friday days in the range, minus half days (holidays are not known here). */
export function leaveWorkingDays(d: Pick<LeaveDetails, 'from' | 'to' | 'halfDayStart' | 'halfDayEnd'>): number {
  const span = daySpan(d.from, d.to);
  if (span <= 0 || span > 400) return 0;
  let days = 0;
  const start = utc(d.from);
  for (let i = 0; i < span; i++) {
    const weekday = new Date(start + i * DAY_MS).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    let value = 1;
    if (i === 0 && d.halfDayStart) value -= 0.5;
    if (i === span - 1 && d.halfDayEnd) value -= 0.5;
    days += Math.max(value, 0);
  }
  return days;
}

function rangeProblems(from: string, to: string, out: RequestProblem[]): boolean {
  const span = daySpan(from, to);
  if (span <= 0) out.push({ field: 'to', code: 'range_reversed' });
  else if (span > 366) out.push({ field: 'to', code: 'range_too_long' });
  return span > 0 && span <= 366;
}

/** Every rule beyond the shape, as codes per field (empty: the request may be sent). */
export function requestProblems(details: RequestDetails): RequestProblem[] {
  const out: RequestProblem[] = [];
  switch (details.kind) {
    case 'leave':
      if (!rangeProblems(details.from, details.to, out)) break;
      if (details.from === details.to && details.halfDayStart && details.halfDayEnd) out.push({ field: 'halfDayEnd', code: 'half_days_same_day' });
      else if (leaveWorkingDays(details) <= 0) out.push({ field: 'to', code: 'no_working_days' });
      break;
    case 'overtime':
      if (!(details.hours > 0 && details.hours <= 24)) out.push({ field: 'hours', code: 'hours_range' });
      else if (!Number.isInteger(details.hours * 4)) out.push({ field: 'hours', code: 'hours_step' });
      if (details.reason.trim() === '') out.push({ field: 'reason', code: 'reason_required' });
      break;
    case 'training':
      if (details.course.trim() === '') out.push({ field: 'course', code: 'course_required' });
      if (details.provider.trim() === '') out.push({ field: 'provider', code: 'provider_required' });
      rangeProblems(details.from, details.to, out);
      if (!(details.costCents >= 0 && details.costCents <= 100_000_000)) out.push({ field: 'costCents', code: 'cost_range' });
      break;
    case 'other':
      if (details.title.trim() === '') out.push({ field: 'title', code: 'title_required' });
      if (details.description.trim() === '') out.push({ field: 'description', code: 'description_required' });
      break;
  }
  return out;
}

/** The details of a request, with every rule checked (server messages in nl-BE). */
export const RequestDetails = DetailsShape.superRefine((details, ctx) => {
  for (const p of requestProblems(details)) ctx.addIssue({ code: 'custom', path: [p.field], message: REQUEST_PROBLEM_NL[p.code], params: { problem: p.code } });
});

/** Payload of the outbox command `approvals.create`: the id is made by the desktop (a UUID). */
export const CreateRequestPayload = z.object({ id: Id, details: RequestDetails }).strict();
export type CreateRequestPayload = z.infer<typeof CreateRequestPayload>;

/** Payload of `approvals.withdraw`: the requester takes back a request nobody decided on yet. */
export const WithdrawPayload = z.object({ requestId: Id, version: z.number().int().min(1) }).strict();
export type WithdrawPayload = z.infer<typeof WithdrawPayload>;

/**
 * Synced collection `absences` (row id = the person's id), to the colleagues of the person's own
 * municipality: only WHEN someone is away because of an approved leave, never why (no leave type,
 * no note). Periods that ended are left out.
 */
export const PersonAbsence = z
  .object({
    id: Id,
    periods: z.array(z.object({ from: Day, until: Day }).strict()).max(50),
  })
  .strict();
export type PersonAbsence = z.infer<typeof PersonAbsence>;

/** The last day of the absence that covers `today` (YYYY-MM-DD), or null. */
export function absentUntil(absence: Pick<PersonAbsence, 'periods'> | null | undefined, today: string): string | null {
  let until: string | null = null;
  for (const p of absence?.periods ?? []) if (p.from <= today && p.until >= today && (!until || p.until > until)) until = p.until;
  return until;
}

/** "5/01/2027" from "2027-01-05" (no time zone involved). */
export function dateNl(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${Number(d)}/${m}/${y}`;
}

/** "2/01" from "2027-01-02": the short "afwezig tot 2/01". */
export function dayMonthNl(iso: string): string {
  const [, m, d] = iso.split('-');
  return `${Number(d)}/${m}`;
}

/** Reads "5/01/2027", "05/01/2027" or "5-1-2027" as "2027-01-05"; null when it is not a real date. */
export function parseDateNl(text: string): string | null {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!m) return null;
  const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return Day.safeParse(iso).success ? iso : null;
}


const LEAVE_NL: Record<LeaveType, string> = { annual: 'Verlof', compensation: 'Compensatieverlof', special: 'Klein verlet', unpaid: 'Onbetaald verlof' };

const daysNl = (n: number) => `${String(n).replace('.', ',')} ${n === 1 ? 'dag' : 'dagen'}`;

/** The title the server gives a new request (nl-BE, like the rest of the synced data). */
export function requestTitleNl(details: RequestDetails): string {
  switch (details.kind) {
    case 'leave': {
      const days = daysNl(leaveWorkingDays(details));
      const what = LEAVE_NL[details.leaveType];
      return details.from === details.to ? `${what} op ${dateNl(details.from)} (${days})` : `${what} van ${dateNl(details.from)} tot ${dateNl(details.to)} (${days})`;
    }
    case 'overtime':
      return `Overuren op ${dateNl(details.date)} (${String(details.hours).replace('.', ',')} uur)`;
    case 'training':
      return `Opleiding '${details.course.trim()}' – ${details.provider.trim()}`.slice(0, 300);
    case 'other':
      return details.title.trim();
  }
}
