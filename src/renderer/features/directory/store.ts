/**
 * Directory search state, kept while the user opens a card and comes back: the query, the filters,
 * the active row, and the results fetched window by window (pages of PAGE_SIZE rows by offset).
 * A newer search makes the answers of older ones stale (generation counter), so fast typing never
 * shows results of an earlier query.
 *
 * Pages are asked with `deferTotal`: when counting the matches would cost more than the page (a
 * full page of name matches with more behind it), the page comes at once with the matches found
 * so far as its total, and `directory.count` is asked right after. Until it answers the list has
 * that many rows and the count line keeps its last exact total (it changes once per query).
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
  /** Rows of the list: the exact total, or while `counting` the matches found so far. */
  const total = ref(0);
  const totalCapped = ref(false);
  /** The last exact total and its cap, for the count line. */
  const counted = ref(0);
  const countedCapped = ref(false);
  /** The latest search's total is being counted (`directory.count`). */
  const counting = ref(false);
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

  function filters() {
    return {
      query: query.value.trim().slice(0, 100),
      ...(municipalityId.value ? { municipalityId: municipalityId.value } : {}),
      ...(departmentId.value ? { departmentId: departmentId.value } : {}),
    };
  }

  function setTotal(exact: number, capped: boolean) {
    total.value = counted.value = exact;
    totalCapped.value = countedCapped.value = capped;
    counting.value = false;
    if (activeIndex.value >= exact) activeIndex.value = exact - 1;
  }

  async function fetchCount(gen: number) {
    try {
      const result = await api['directory.count'](filters());
      if (gen === generation) setTotal(result.total, result.totalCapped);
    } catch (e) {
      if (gen === generation) {
        counting.value = false;
        error.value = errorMessageKey(e);
      }
    }
  }

  async function fetchPage(page: number, gen: number) {
    loading.add(page);
    try {
      const result = await api['directory.search']({ ...filters(), offset: page * PAGE_SIZE, limit: PAGE_SIZE, deferTotal: true });
      if (gen !== generation) return;
      if (!result.totalPending) setTotal(result.total, result.totalCapped);
      else if (!counting.value && page === 0) {
        // The first window of this search: rows for what was found, the count asked at once.
        total.value = result.total;
        totalCapped.value = false;
        counting.value = true;
        void fetchCount(gen);
      } else if (counting.value) total.value = Math.max(total.value, result.total);
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
    counting.value = false;
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

  return { query, municipalityId, departmentId, activeIndex, total, totalCapped, counted, countedCapped, counting, searched, busy, error, municipalities, departments, pages, loadFacets, search, settled, ensureRange, item };
});
