import { describe, expect, it } from 'vitest';
import type { MeetingSummary } from '../../src/shared/contract/agenda.js';
import { groupMeetings, localDay } from '../../src/renderer/features/agenda/store.js';

const meeting = (id: string, plannedStart: string, bodyName: string): MeetingSummary => ({
  id,
  bodyId: bodyName,
  municipalityId: 'poperinge',
  plannedStart,
  startedAt: null,
  endedAt: null,
  location: 'Raadzaal',
  chair: 'X',
  secretary: 'Y',
  status: 'agenda_gepubliceerd',
  bodyName,
  bodyKind: 'gemeenteraad',
  itemCount: 3,
});

describe('agenda grouping', () => {
  it('groups meetings by local day, then by body in order of the first meeting', () => {
    const days = groupMeetings([
      meeting('a', '2026-12-01T08:00:00.000Z', 'College'),
      meeting('b', '2026-12-01T18:30:00.000Z', 'Gemeenteraad'),
      meeting('c', '2026-12-01T20:30:00.000Z', 'College'),
      meeting('d', '2026-12-03T13:00:00.000Z', 'Vast bureau'),
    ]);
    expect(days.map((d) => d.day)).toEqual([localDay('2026-12-01T08:00:00.000Z'), localDay('2026-12-03T13:00:00.000Z')]);
    expect(days[0]!.groups.map((g) => [g.bodyName, g.meetings.map((m) => m.id)])).toEqual([
      ['College', ['a', 'c']],
      ['Gemeenteraad', ['b']],
    ]);
    expect(days[1]!.groups).toHaveLength(1);
  });
  it('gives an empty list for no meetings', () => {
    expect(groupMeetings([])).toEqual([]);
  });
});
