/**
 * Meeting publication status: pure functions, no I/O. A meeting moves forward one status at a
 * time (ontwerp -> agenda gepubliceerd -> gehouden -> besluitenlijst gepubliceerd -> notulen
 * goedgekeurd); only the secretariat moves it. A council agenda is published at least 8 days ahead;
 * a meeting is only "held" once it has started.
 */
import { MEETING_STATUSES, type BodyKind, type MeetingStatus } from '../../../shared/domain/agenda.js';

export const COUNCIL_NOTICE_DAYS = 8;

const STATUS_NL: Record<MeetingStatus, string> = {
  ontwerp: 'ontwerp',
  agenda_gepubliceerd: 'agenda gepubliceerd',
  gehouden: 'gehouden',
  besluitenlijst_gepubliceerd: 'besluitenlijst gepubliceerd',
  notulen_goedgekeurd: 'notulen goedgekeurd',
};

export type MeetingOutcome = { ok: true; to: MeetingStatus } | { ok: false; reason: 'illegal_transition' | 'too_late' | 'too_early' | 'forbidden'; message: string };

export function nextMeetingStatus(status: MeetingStatus): MeetingStatus | null {
  const i = MEETING_STATUSES.indexOf(status);
  return MEETING_STATUSES[i + 1] ?? null;
}

export function advanceMeeting(
  meeting: { status: MeetingStatus; plannedStart: string; bodyKind: BodyKind },
  to: MeetingStatus,
  actor: { isSecretariat: boolean },
  now: Date,
): MeetingOutcome {
  if (nextMeetingStatus(meeting.status) !== to) {
    return { ok: false, reason: 'illegal_transition', message: `Een zitting met status "${STATUS_NL[meeting.status]}" kan niet naar "${STATUS_NL[to]}".` };
  }
  if (!actor.isSecretariat) return { ok: false, reason: 'forbidden', message: 'Alleen het secretariaat beheert de status van een zitting.' };
  const start = Date.parse(meeting.plannedStart);
  if (to === 'agenda_gepubliceerd' && meeting.bodyKind === 'gemeenteraad' && start - now.getTime() < COUNCIL_NOTICE_DAYS * 86_400_000) {
    return { ok: false, reason: 'too_late', message: `De agenda van de gemeenteraad moet minstens ${COUNCIL_NOTICE_DAYS} dagen vooraf gepubliceerd worden.` };
  }
  if (to === 'gehouden' && now.getTime() < start) {
    return { ok: false, reason: 'too_early', message: 'Een zitting kan pas als gehouden gemarkeerd worden nadat ze begonnen is.' };
  }
  return { ok: true, to };
}
