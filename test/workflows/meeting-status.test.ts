import { describe, expect, it } from 'vitest';
import { MEETING_STATUSES } from '../../src/shared/domain/agenda.js';
import { advanceMeeting, nextMeetingStatus } from '../../src/server/features/agenda/status.js';

const now = new Date('2026-11-28T10:00:00.000Z');
const inDays = (d: number) => new Date(now.getTime() + d * 86_400_000).toISOString();
const sec = { isSecretariat: true };

describe('meeting status', () => {
  it('moves forward one status at a time', () => {
    for (const from of MEETING_STATUSES) {
      for (const to of MEETING_STATUSES) {
        const r = advanceMeeting({ status: from, plannedStart: inDays(-1), bodyKind: 'cbs' }, to, sec, now);
        expect(r.ok, `${from} -> ${to}`).toBe(nextMeetingStatus(from) === to);
      }
    }
    expect(nextMeetingStatus('notulen_goedgekeurd')).toBeNull();
  });
  it('publishes a council agenda at least 8 days ahead', () => {
    expect(advanceMeeting({ status: 'ontwerp', plannedStart: inDays(7), bodyKind: 'gemeenteraad' }, 'agenda_gepubliceerd', sec, now)).toMatchObject({ ok: false, reason: 'too_late' });
    expect(advanceMeeting({ status: 'ontwerp', plannedStart: inDays(9), bodyKind: 'gemeenteraad' }, 'agenda_gepubliceerd', sec, now)).toMatchObject({ ok: true });
    expect(advanceMeeting({ status: 'ontwerp', plannedStart: inDays(2), bodyKind: 'cbs' }, 'agenda_gepubliceerd', sec, now)).toMatchObject({ ok: true });
  });
  it('is held only once started, and only the secretariat moves it', () => {
    expect(advanceMeeting({ status: 'agenda_gepubliceerd', plannedStart: inDays(1), bodyKind: 'cbs' }, 'gehouden', sec, now)).toMatchObject({ ok: false, reason: 'too_early' });
    expect(advanceMeeting({ status: 'agenda_gepubliceerd', plannedStart: inDays(-1), bodyKind: 'cbs' }, 'gehouden', { isSecretariat: false }, now)).toMatchObject({ ok: false, reason: 'forbidden' });
  });
});
