/**
 * Which notifications to show now, as a pure function of the current facts, the user's settings
 * and what was already shown (the memory, persisted by the host). The shell only displays them.
 *  - birthdays: once a day, from the set time on, only on days with birthdays;
 *  - approvals: requests not seen before, grouped into one notification;
 *  - letters: queued letter numbers that arrived, grouped;
 *  - decided: my own requests that were approved, refused or sent back (one each, grouped when
 *    several arrive at once), under the approvals setting.
 */
import { z } from 'zod';
import type { UserSettings } from '../../shared/contract/settings.js';
import type { Translate } from './strings.js';

export const PlannerMemory = z.object({
  /** Local date (YYYY-MM-DD) of the last day the birthdays check ran past the set time. */
  birthdaysDoneOn: z.string().nullable(),
  /** Ids of pending approvals already announced (kept only while they stay pending). */
  seenApprovalIds: z.array(z.string()).max(10_000),
});
export type PlannerMemory = z.infer<typeof PlannerMemory>;
export const EMPTY_MEMORY: PlannerMemory = { birthdaysDoneOn: null, seenApprovalIds: [] };

export interface PlannerFacts {
  now: Date;
  /** null when not known yet (no first sync): the birthdays check waits. */
  birthdaysToday: number | null;
  /** null when the approvals feature is not there or not loaded. */
  pendingApprovalIds: string[] | null;
  /** Letter numbers that arrived for queued reservations since the last run. */
  arrivedLetterNumbers: string[];
  /** My requests decided since the last run (absent: none). */
  decidedRequests?: Array<{ requestId: string; title: string; status: 'approved' | 'refused' | 'sent_back' }>;
}

/** 'update' is not planned here: the host announces a downloaded update once, when it is ready. */
export type NotificationKind = 'birthdays' | 'approvals' | 'letters' | 'update' | 'decided';
export interface PlannedNotification {
  kind: NotificationKind;
  title: string;
  body: string;
  /** Screen the click opens. */
  route: string;
}

type PlannerSettings = Pick<UserSettings, 'notifyBirthdays' | 'notifyApprovals' | 'notifyLetters' | 'birthdayNotificationTime'>;

export function localDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export function planNotifications(
  facts: PlannerFacts,
  settings: PlannerSettings,
  memory: PlannerMemory,
  t: Translate,
): { notifications: PlannedNotification[]; memory: PlannerMemory } {
  const out: PlannedNotification[] = [];
  const next: PlannerMemory = { ...memory };

  const today = localDate(facts.now);
  const pastTime = facts.now.getHours() * 60 + facts.now.getMinutes() >= minutesOf(settings.birthdayNotificationTime);
  if (pastTime && memory.birthdaysDoneOn !== today && facts.birthdaysToday !== null) {
    next.birthdaysDoneOn = today;
    const n = facts.birthdaysToday;
    if (settings.notifyBirthdays && n > 0)
      out.push({ kind: 'birthdays', title: t('notify.birthdaysTitle'), body: t('notify.birthdaysBody', { n }, n), route: '/birthdays' });
  }

  if (facts.pendingApprovalIds) {
    const seen = new Set(memory.seenApprovalIds);
    const fresh = facts.pendingApprovalIds.filter((id) => !seen.has(id));
    next.seenApprovalIds = [...facts.pendingApprovalIds];
    if (settings.notifyApprovals && fresh.length > 0)
      out.push({ kind: 'approvals', title: t('notify.approvalsTitle'), body: t('notify.approvalsBody', { n: fresh.length }, fresh.length), route: '/approvals' });
  }

  const letters = facts.arrivedLetterNumbers;
  if (settings.notifyLetters && letters.length > 0)
    out.push({ kind: 'letters', title: t('notify.letterTitle'), body: t('notify.letterBody', { n: letters.length, number: letters[0] ?? '' }, letters.length), route: '/letters' });

  const decided = facts.decidedRequests ?? [];
  if (settings.notifyApprovals && decided.length === 1) {
    const d = decided[0]!;
    out.push({ kind: 'decided', title: t(`notify.decidedTitle.${d.status}`), body: t('notify.decidedBody', { title: d.title }), route: /^[a-z0-9-]+$/.test(d.requestId) ? `/approvals/${d.requestId}` : '/approvals' });
  } else if (settings.notifyApprovals && decided.length > 1) {
    out.push({ kind: 'decided', title: t('notify.decidedManyTitle'), body: t('notify.decidedManyBody', { n: decided.length }, decided.length), route: '/approvals' });
  }

  return { notifications: out, memory: next };
}
