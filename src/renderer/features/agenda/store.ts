/** Meetings: bodies, upcoming meetings (filtered by body), item search; shared by the screen and the Home card. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { GoverningBody } from '../../../shared/domain/agenda.js';
import type { AgendaSearchHit, MeetingSummary } from '../../../shared/contract/agenda.js';
import { api, errorMessageKey } from '../../api/index.js';

export type MeetingDay = { day: string; groups: Array<{ bodyName: string; meetings: MeetingSummary[] }> };

/** Local YYYY-MM-DD of an ISO instant. */
export function localDay(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** Meetings (sorted by start) grouped by local day, then by body in order of first meeting. */
export function groupMeetings(meetings: readonly MeetingSummary[]): MeetingDay[] {
  const days: MeetingDay[] = [];
  for (const m of meetings) {
    const day = localDay(m.plannedStart);
    let entry = days.find((d) => d.day === day);
    if (!entry) days.push((entry = { day, groups: [] }));
    let group = entry.groups.find((g) => g.bodyName === m.bodyName);
    if (!group) entry.groups.push((group = { bodyName: m.bodyName, meetings: [] }));
    group.meetings.push(m);
  }
  return days;
}

export const useAgendaStore = defineStore('agenda', () => {
  const bodies = ref<GoverningBody[]>([]);
  const meetings = ref<MeetingSummary[]>([]);
  const bodyId = ref('');
  const hits = ref<AgendaSearchHit[]>([]);
  const loaded = ref(false);
  const error = ref<string | null>(null);
  const days = computed(() => groupMeetings(meetings.value));

  async function load() {
    try {
      const [b, m] = await Promise.all([api['agenda.bodies'](), api['agenda.upcoming']({ bodyId: bodyId.value || undefined, days: 60 })]);
      bodies.value = b;
      meetings.value = m;
      error.value = null;
    } catch (e) {
      error.value = errorMessageKey(e);
    } finally {
      loaded.value = true;
    }
  }

  async function search(query: string) {
    const q = query.trim();
    if (!q) {
      hits.value = [];
      return;
    }
    try {
      hits.value = await api['agenda.search']({ query: q, bodyId: bodyId.value || undefined });
      error.value = null;
    } catch (e) {
      error.value = errorMessageKey(e);
    }
  }

  return { bodies, meetings, bodyId, hits, loaded, error, days, load, search };
});
