/** Approval lists from the cache, with my local decisions (pending / applied / rejected) folded in. */
import type { ApprovalRequest } from '../../../../shared/domain/approvals.js';
import type { ApprovalBox, ApprovalListItem, ApprovalSummary, LocalDecision } from '../../../../shared/contract/approvals.js';
import type { CacheDb } from '../types.js';

interface DecisionRow {
  request_id: string;
  version: number;
  title: string;
  decision: LocalDecision['decision'];
  comment: string;
  status: LocalDecision['status'];
  reason: string | null;
  message: string | null;
  decided_at: string;
}

export function toLocalDecision(r: DecisionRow): LocalDecision {
  return { requestId: r.request_id, title: r.title, decision: r.decision, comment: r.comment, status: r.status, reason: r.reason, message: r.message, decidedAt: r.decided_at };
}

/** YYYY-MM-DD of the local day. */
export function localDay(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

export function currentStep(request: ApprovalRequest) {
  return request.steps.find((s) => s.state === 'waiting') ?? null;
}

/** Every cached request with my view of it (few hundred rows at most: done in JS). */
export function allItems(db: CacheDb, personId: string | null, now: Date): ApprovalListItem[] {
  const today = localDay(now);
  const decisions = new Map<string, DecisionRow>();
  for (const d of db.prepare('SELECT * FROM approval_decisions WHERE person_id = ? ORDER BY decided_at').all(personId) as DecisionRow[]) decisions.set(d.request_id, d);
  return (db.prepare('SELECT data FROM approval_requests').all() as { data: string }[]).map((r) => {
    const request = JSON.parse(r.data) as ApprovalRequest;
    const mine = decisions.get(request.id) ?? null;
    const step = currentStep(request);
    const myTurn = !!personId && request.status === 'open' && !!step && (step.approverId === personId || step.deputyId === personId);
    // Decided locally on this version (pending or done): no longer waiting for me.
    const decidedHere = !!mine && mine.version === request.version && mine.status !== 'rejected';
    return {
      ...request,
      overdue: request.status === 'open' && request.dueDate < today,
      waitingForMe: myTurn && !decidedHere,
      myDecision: mine ? toLocalDecision(mine) : null,
    };
  });
}

/** Plain code-point order for ISO dates (localeCompare is ICU: ~100x slower, and dates need no locale). */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const collator = new Intl.Collator('nl-BE');
const byUrgency = (a: ApprovalListItem, b: ApprovalListItem) => Number(b.overdue) - Number(a.overdue) || cmp(a.dueDate, b.dueDate) || collator.compare(a.title, b.title);

export function listBox(db: CacheDb, personId: string | null, now: Date, box: ApprovalBox, query: string): ApprovalListItem[] {
  const q = query.toLocaleLowerCase('nl-BE');
  let items = allItems(db, personId, now);
  if (q) items = items.filter((i) => `${i.title} ${i.requesterName}`.toLocaleLowerCase('nl-BE').includes(q));
  if (box === 'inbox') return items.filter((i) => i.waitingForMe).sort(byUrgency);
  if (box === 'requested') return items.filter((i) => i.requesterId === personId).sort((a, b) => cmp(b.createdAt, a.createdAt));
  const decidedAt = (i: ApprovalListItem) =>
    i.myDecision?.decidedAt ?? i.steps.reduce((latest, s) => (s.decidedById === personId && (s.decidedAt ?? '') > latest ? (s.decidedAt ?? '') : latest), '');
  return items
    .filter((i) => (i.myDecision !== null && i.myDecision.decision !== 'resubmit' && i.myDecision.decision !== 'withdraw' && i.myDecision.status !== 'rejected') || i.steps.some((s) => s.decidedById === personId))
    .sort((a, b) => cmp(decidedAt(b), decidedAt(a)));
}

export function summary(db: CacheDb, personId: string | null, now: Date): ApprovalSummary {
  const inbox = listBox(db, personId, now, 'inbox', '');
  const first = inbox[0];
  const rejected = (db.prepare("SELECT COUNT(*) AS n FROM approval_decisions WHERE person_id = ? AND status = 'rejected' AND acknowledged = 0").get(personId) as { n: number }).n;
  return {
    pending: inbox.length,
    overdue: inbox.filter((i) => i.overdue).length,
    mostUrgent: first ? { id: first.id, title: first.title, dueDate: first.dueDate, overdue: first.overdue } : null,
    rejected,
  };
}

export function rejections(db: CacheDb, personId: string | null): LocalDecision[] {
  return (
    db.prepare("SELECT * FROM approval_decisions WHERE person_id = ? AND status = 'rejected' AND acknowledged = 0 ORDER BY decided_at DESC").all(personId) as DecisionRow[]
  ).map(toLocalDecision);
}

export function decisionFor(db: CacheDb, personId: string | null, requestId: string, version: number): LocalDecision | null {
  const row = db.prepare('SELECT * FROM approval_decisions WHERE person_id = ? AND request_id = ? AND version = ?').get(personId, requestId, version) as DecisionRow | undefined;
  return row ? toLocalDecision(row) : null;
}
