/**
 * Approval chain progression: pure functions, no I/O.
 *   approve   -> this step approved; the next step waits for its approver (or the request is approved)
 *   refuse    -> this step refused; the request is refused (final)
 *   sendBack  -> this step sent back; the request returns to the requester (status sent_back)
 *   resubmit  -> (requester) the step that sent it back waits again
 * A decision names the step and version it was made on: if the request moved meanwhile (someone
 * else decided), it is a `conflict` with a readable nl-BE message saying who did what and when.
 */
import type { ApprovalRequest, ApprovalStep, Decision } from '../../../shared/domain/approvals.js';

export interface Decider {
  personId: string;
  name: string;
}

export interface DecisionInput {
  decision: Decision;
  stepPosition: number;
  version: number;
  comment: string;
}

export type ChainOutcome =
  | { ok: true; request: ApprovalRequest; decidedStep: ApprovalStep; completed: boolean }
  | { ok: false; reason: 'conflict' | 'forbidden' | 'comment_required'; message: string };

const DECISION_NL: Record<'approved' | 'refused' | 'sent_back', string> = {
  approved: 'goedgekeurd',
  refused: 'geweigerd',
  sent_back: 'teruggestuurd',
};

/** "28/11/2026 om 14:05" in Belgian time. */
export function formatWhenNl(iso: string): string {
  const d = new Date(iso);
  const date = new Intl.DateTimeFormat('nl-BE', { day: 'numeric', month: '2-digit', year: 'numeric', timeZone: 'Europe/Brussels' }).format(d);
  const time = new Intl.DateTimeFormat('nl-BE', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Europe/Brussels' }).format(d);
  return `${date} om ${time}`;
}

export function currentStep(request: ApprovalRequest): ApprovalStep | null {
  return request.steps.find((s) => s.state === 'waiting') ?? null;
}

/** The most recent decided step (for conflict messages). */
function lastDecision(request: ApprovalRequest): ApprovalStep | null {
  const decided = request.steps.filter((s) => s.decidedAt !== null);
  decided.sort((a, b) => (a.decidedAt! < b.decidedAt! ? -1 : 1));
  return decided.at(-1) ?? null;
}

function conflictMessage(request: ApprovalRequest, input: DecisionInput): string {
  if (request.status === 'withdrawn') return 'De aanvrager heeft deze aanvraag ingetrokken. Uw beslissing werd niet geregistreerd.';
  const step = request.steps.find((s) => s.position === input.stepPosition);
  const decided = step && step.decidedAt ? step : lastDecision(request);
  if (decided && decided.decidedAt && decided.state !== 'waiting' && decided.state !== 'upcoming') {
    return `Deze aanvraag werd intussen al ${DECISION_NL[decided.state]} door ${decided.decidedByName ?? 'iemand anders'} op ${formatWhenNl(decided.decidedAt)}. Uw beslissing werd niet geregistreerd.`;
  }
  return 'Deze aanvraag werd intussen gewijzigd. Uw beslissing werd niet geregistreerd; bekijk de aanvraag opnieuw.';
}

export function mayDecide(step: ApprovalStep, personId: string): boolean {
  return step.approverId === personId || step.deputyId === personId;
}

export function decide(request: ApprovalRequest, input: DecisionInput, by: Decider, now: Date): ChainOutcome {
  const step = currentStep(request);
  if (request.status !== 'open' || !step || step.position !== input.stepPosition || request.version !== input.version) {
    return { ok: false, reason: 'conflict', message: conflictMessage(request, input) };
  }
  if (!mayDecide(step, by.personId)) {
    return { ok: false, reason: 'forbidden', message: 'U bent niet de beslisser van deze stap.' };
  }
  const comment = input.comment.trim();
  if (input.decision !== 'approve' && comment === '') {
    return { ok: false, reason: 'comment_required', message: 'Geef een reden op wanneer u weigert of terugstuurt.' };
  }
  const state = input.decision === 'approve' ? 'approved' : input.decision === 'refuse' ? 'refused' : 'sent_back';
  const decidedStep: ApprovalStep = {
    ...step,
    state,
    comment: comment === '' ? null : comment,
    decidedById: by.personId,
    decidedByName: by.name,
    decidedAt: now.toISOString(),
  };
  const next = request.steps.find((s) => s.position > step.position && s.state === 'upcoming') ?? null;
  const steps = request.steps.map((s) => {
    if (s.position === step.position) return decidedStep;
    if (state === 'approved' && next && s.position === next.position) return { ...s, state: 'waiting' as const };
    return s;
  });
  const status = state === 'refused' ? 'refused' : state === 'sent_back' ? 'sent_back' : next ? 'open' : 'approved';
  return {
    ok: true,
    request: { ...request, steps, status, version: request.version + 1 },
    decidedStep,
    completed: status === 'approved',
  };
}

/** The requester puts a sent-back request back on the chain at the step that sent it back. */
export function resubmit(request: ApprovalRequest, by: Decider): ChainOutcome {
  if (request.status !== 'sent_back') {
    return { ok: false, reason: 'conflict', message: 'Alleen een teruggestuurde aanvraag kan opnieuw ingediend worden.' };
  }
  if (request.requesterId !== by.personId) {
    return { ok: false, reason: 'forbidden', message: 'Alleen de aanvrager kan de aanvraag opnieuw indienen.' };
  }
  const back = [...request.steps].reverse().find((s) => s.state === 'sent_back')!;
  const reopened: ApprovalStep = { ...back, state: 'waiting', comment: null, decidedById: null, decidedByName: null, decidedAt: null };
  const steps = request.steps.map((s) => (s.position === back.position ? reopened : s));
  return { ok: true, request: { ...request, steps, status: 'open', version: request.version + 1 }, decidedStep: reopened, completed: false };
}

/**
 * The requester takes the request back while nobody decided on any step yet (status withdrawn,
 * final; the waiting step is no longer waiting). A decision made meanwhile is a `conflict` saying
 * who decided what and when.
 */
export function withdraw(request: ApprovalRequest, version: number, by: Decider): ChainOutcome {
  if (request.requesterId !== by.personId) {
    return { ok: false, reason: 'forbidden', message: 'Alleen de aanvrager kan een aanvraag intrekken.' };
  }
  if (request.status === 'withdrawn') return { ok: false, reason: 'conflict', message: 'Deze aanvraag werd al ingetrokken.' };
  const decided = lastDecision(request);
  if (decided && decided.decidedAt && decided.state !== 'waiting' && decided.state !== 'upcoming') {
    return {
      ok: false,
      reason: 'conflict',
      message: `U kunt deze aanvraag niet meer intrekken: ze werd al ${DECISION_NL[decided.state]} door ${decided.decidedByName ?? 'iemand anders'} op ${formatWhenNl(decided.decidedAt)}.`,
    };
  }
  if (request.status !== 'open' || request.version !== version) {
    return { ok: false, reason: 'conflict', message: 'Deze aanvraag werd intussen gewijzigd; bekijk ze opnieuw.' };
  }
  const steps = request.steps.map((s) => (s.state === 'waiting' ? { ...s, state: 'upcoming' as const } : s));
  const first = steps[0]!;
  return { ok: true, request: { ...request, steps, status: 'withdrawn', version: request.version + 1 }, decidedStep: first, completed: false };
}

/**
 * Everyone who may see the request: requester, approvers and deputies of the chain, and whom a
 * moved step was meant for (an approver away on leave still finds it when back).
 */
export function participants(request: Pick<ApprovalRequest, 'requesterId' | 'steps'>): string[] {
  const ids = new Set<string>([request.requesterId]);
  for (const s of request.steps) {
    ids.add(s.approverId);
    if (s.deputyId) ids.add(s.deputyId);
    if (s.meantForId) ids.add(s.meantForId);
  }
  return [...ids];
}
