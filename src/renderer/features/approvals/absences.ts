/**
 * "Afwezig tot 2/01" for cards and search results: who is away today by an approved leave, from the
 * cache (`approvals.absences`). Asks of one render are sent together (one call for the visible rows);
 * new synced absences (revision of `absences`) are asked again.
 */
import { defineStore } from 'pinia';
import { shallowRef, triggerRef, watch } from 'vue';
import { MAX_ABSENCES_PER_CALL } from '../../../shared/contract/approvals.js';
import { api } from '../../api/index.js';
import { useAppStore } from '../../stores/app.js';

export const useAbsenceStore = defineStore('approvalsAbsences', () => {
  /** person id -> last day of the absence (YYYY-MM-DD), or null when not away. */
  const until = shallowRef(new Map<string, string | null>());
  const wanted = new Set<string>();
  let scheduled = false;

  async function flush() {
    scheduled = false;
    const ids = [...wanted];
    wanted.clear();
    for (let i = 0; i < ids.length; i += MAX_ABSENCES_PER_CALL) {
      const chunk = ids.slice(i, i + MAX_ABSENCES_PER_CALL);
      try {
        const found = new Map((await api['approvals.absences']({ ids: chunk })).map((a) => [a.id, a.until]));
        for (const id of chunk) until.value.set(id, found.get(id) ?? null);
        triggerRef(until);
      } catch {
        // nothing shown; the next render asks again
      }
    }
  }

  /** The last day of `id`'s absence today, or null (asks the core once when not known yet). */
  function of(id: string): string | null {
    if (!until.value.has(id) && !wanted.has(id)) {
      wanted.add(id);
      if (!scheduled) {
        scheduled = true;
        queueMicrotask(() => void flush());
      }
    }
    return until.value.get(id) ?? null;
  }

  const app = useAppStore();
  watch(
    () => app.revisionOf(['absences']),
    () => {
      for (const id of until.value.keys()) wanted.add(id);
      until.value = new Map();
      if (wanted.size && !scheduled) {
        scheduled = true;
        queueMicrotask(() => void flush());
      }
    },
  );

  return { until, of };
});
