/** Upcoming birthdays (today + 7 days), shared by the Birthdays screen and the Home card. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { BirthdayEntry } from '../../../shared/contract/directory.js';
import { api, errorMessageKey } from '../../api/index.js';

export type BirthdayDay = { daysUntil: number; date: Date; entries: BirthdayEntry[] };

/** Groups entries by day (sorted), with the calendar date of each day counted from `today`. */
export function groupByDay(entries: readonly BirthdayEntry[], today: Date): BirthdayDay[] {
  const days = new Map<number, BirthdayEntry[]>();
  for (const entry of entries) days.set(entry.daysUntil, [...(days.get(entry.daysUntil) ?? []), entry]);
  return [...days.entries()]
    .sort(([a], [b]) => a - b)
    .map(([daysUntil, list]) => ({
      daysUntil,
      date: new Date(today.getFullYear(), today.getMonth(), today.getDate() + daysUntil),
      entries: [...list].sort((a, b) => `${a.person.firstName} ${a.person.lastName}`.localeCompare(`${b.person.firstName} ${b.person.lastName}`, 'nl')),
    }));
}

export const useBirthdaysStore = defineStore('birthdays', () => {
  const entries = ref<BirthdayEntry[]>([]);
  const loaded = ref(false);
  const error = ref<string | null>(null);
  const loadedOn = ref(new Date());

  const days = computed(() => groupByDay(entries.value, loadedOn.value));
  const today = computed(() => entries.value.filter((e) => e.daysUntil === 0));

  async function load() {
    try {
      entries.value = await api['birthdays.upcoming']({ days: 7 });
      loadedOn.value = new Date();
      error.value = null;
    } catch (e) {
      error.value = errorMessageKey(e);
    } finally {
      loaded.value = true;
    }
  }

  return { entries, loaded, error, days, today, load };
});
