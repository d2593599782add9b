/**
 * `useCoreQuery`: the load / error / reload-when-data-changes scaffolding every screen repeats.
 *
 *   const { data, loaded, error, reload } = useCoreQuery(() => api['orders.list']({ scope: scope.value }), {
 *     initial: [],
 *     collections: ['purchaseOrders'],        // reload when these synced collections change
 *     watch: () => [scope.value],              // and when these inputs change
 *   });
 *
 * Loads at once; `error` is an i18n key (errorMessageKey) and the last good data stays shown; an
 * answer that arrives after a newer load started is dropped (typing fast, switching tabs).
 */
import { ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue';
import { errorMessageKey } from '../api/index.js';
import { useAppStore } from '../stores/app.js';

export interface CoreQueryOptions<T> {
  initial: T;
  /** Synced collections whose change reloads (app.revisionOf). */
  collections?: readonly string[];
  /** More reactive inputs whose change reloads (filters, route params, pending commands). */
  watch?: () => unknown;
}

export interface CoreQuery<T> {
  data: ShallowRef<T>;
  loaded: Ref<boolean>;
  error: Ref<string | null>;
  reload(): Promise<void>;
}

export function useCoreQuery<T>(query: () => Promise<T>, options: CoreQueryOptions<T>): CoreQuery<T> {
  const app = useAppStore();
  const data = shallowRef<T>(options.initial) as ShallowRef<T>;
  const loaded = ref(false);
  const error = ref<string | null>(null);
  let latest = 0;

  async function reload(): Promise<void> {
    const mine = ++latest;
    try {
      const value = await query();
      if (mine !== latest) return;
      data.value = value;
      error.value = null;
    } catch (e) {
      if (mine !== latest) return;
      error.value = errorMessageKey(e);
    } finally {
      if (mine === latest) loaded.value = true;
    }
  }

  const collections = options.collections ?? [];
  // Two watchers: the revision is a number (reload only when it moves); the inputs are compared deeply.
  if (collections.length) watch(() => app.revisionOf(collections), () => void reload());
  if (options.watch) watch(options.watch, () => void reload(), { deep: true });
  void reload();
  return { data, loaded, error, reload };
}
