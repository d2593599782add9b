/**
 * Directory search state, kept while the user opens a card and comes back: the query, the filters,
 * the active row, and the results fetched window by window (pages of PAGE_SIZE rows by offset).
 * A newer search makes the answers of older ones stale (generation counter), so fast typing never
 * shows results of an earlier query.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef, triggerRef } from 'vue';
import type { PersonSummary } from '../../../shared/contract/directory.js';
import type { Department, Municipality } from '../../../shared/domain/directory.js';
import { api, errorMessageKey } from '../../api/index.js';

export const PAGE_SIZE = 100;

export const useDirectoryStore = defineStore('directory', () => {
  const query = ref('');
  const municipalityId = ref('');
  const departmentId = ref('');
  const activeIndex = ref(-1);
  const total = ref(0);
  const totalCapped = ref(false);
  const searched = ref(false);
  /** true from the first keystroke of a new query until its first window has arrived. */
  const busy = ref(false);
  let current: Promise<void> = Promise.resolve();
  const error = ref<string | null>(null);
  const municipalities = ref<Municipality[]>([]);
  const departments = ref<Department[]>([]);
  /** page number -> rows; a shallowRef Map, triggered by hand when a page arrives. */
  const pages = shallowRef(new Map<number, PersonSummary[]>());
  const loading = new Set<number>();
  let generation = 0;

  async function loadFacets() {
    try {
      const facets = await api['directory.facets']();
      municipalities.value = [...facets.municipalities].sort((a, b) => a.name.localeCompare(b.name, 'nl'));
      departments.value = [...facets.departments].sort((a, b) => a.name.localeCompare(b.name, 'nl'));
    } catch (e) {
      error.value = errorMessageKey(e);
    }
  }

  function input(offset: number) {
    return {
      query: query.value.trim().slice(0, 100),
      offset,
      limit: PAGE_SIZE,
      ...(municipalityId.value ? { municipalityId: municipalityId.value } : {}),
      ...(departmentId.value ? { departmentId: departmentId.value } : {}),
    };
  }

  async function fetchPage(page: number, gen: number) {
    loading.add(page);
    try {
      const result = await api['directory.search'](input(page * PAGE_SIZE));
      if (gen !== generation) return;
      total.value = result.total;
      totalCapped.value = result.totalCapped;
      if (activeIndex.value >= result.total) activeIndex.value = result.total - 1;
      pages.value.set(page, result.items);
      triggerRef(pages);
      error.value = null;
    } catch (e) {
      if (gen === generation) error.value = errorMessageKey(e);
    } finally {
      if (gen === generation) loading.delete(page);
    }
  }

  /**
   * Start a new search with the current query and filters. `keepPosition` (the synced data changed
   * under the same query) keeps the active row, clamped to the new total.
   */
  function search(options: { keepPosition?: boolean } = {}): Promise<void> {
    generation += 1;
    const gen = generation;
    loading.clear();
    pages.value = new Map();
    if (!options.keepPosition) activeIndex.value = -1;
    searched.value = true;
    busy.value = true;
    current = fetchPage(0, gen).finally(() => {
      if (gen === generation) busy.value = false;
    });
    return current;
  }

  /** Resolves when the latest search has its first window (or failed). */
  function settled(): Promise<void> {
    return current;
  }

  /** Make sure rows [start, end) are loaded or loading. */
  function ensureRange(start: number, end: number) {
    if (!searched.value) return;
    const last = Math.max(start, end - 1);
    for (let page = Math.floor(start / PAGE_SIZE); page <= Math.floor(last / PAGE_SIZE); page += 1) {
      if (page * PAGE_SIZE >= Math.max(total.value, 1)) break;
      if (!pages.value.has(page) && !loading.has(page)) void fetchPage(page, generation);
    }
  }

  function item(index: number): PersonSummary | undefined {
    return pages.value.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  return { query, municipalityId, departmentId, activeIndex, total, totalCapped, searched, busy, error, municipalities, departments, pages, loadFacets, search, settled, ensureRange, item };
});
