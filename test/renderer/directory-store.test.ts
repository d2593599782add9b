import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setApi } from '../../src/renderer/api/index.js';
import { PAGE_SIZE, useDirectoryStore } from '../../src/renderer/features/directory/store.js';
import type { MethodInput } from '../../src/shared/ipc/contract.js';
import { fakeApi, person } from './fake-api.js';

const TOTAL = 100_000;

function searchApi(delays: Record<string, number> = {}) {
  return fakeApi({
    'directory.search': async (input: MethodInput<'directory.search'>) => {
      const offset = input.offset ?? 0;
      const limit = input.limit ?? 50;
      await new Promise((r) => setTimeout(r, delays[input.query ?? ''] ?? 0));
      const total = input.query === 'none' ? 0 : TOTAL;
      const items = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => person(offset + i));
      return { total, totalCapped: false, totalPending: false, items };
    },
  });
}

beforeEach(() => setActivePinia(createPinia()));
afterEach(() => setApi(null));

describe('directory store', () => {
  it('fetches the first window, then only the windows asked for, by offset and limit', async () => {
    const fake = searchApi();
    setApi(fake.api);
    const store = useDirectoryStore();
    store.query = '  cél ';
    await store.search();
    expect(store.total).toBe(TOTAL);
    expect(store.item(0)?.id).toBe('p-0');
    expect(store.item(PAGE_SIZE)).toBeUndefined();
    expect(fake.calls.at(-1)?.input).toEqual({ query: 'cél', offset: 0, limit: PAGE_SIZE, deferTotal: true });

    store.ensureRange(54_990, 55_020); // spans pages 549 and 550
    store.ensureRange(54_990, 55_020); // already loading: no second request
    await new Promise((r) => setTimeout(r, 10));
    const offsets = fake.calls.slice(1).map((c) => (c.input as { offset: number }).offset);
    expect(offsets).toEqual([549 * PAGE_SIZE, 550 * PAGE_SIZE]);
    expect(store.item(55_000)?.id).toBe('p-55000');
    expect(fake.calls).toHaveLength(3);
  });

  it('passes the filters', async () => {
    const fake = searchApi();
    setApi(fake.api);
    const store = useDirectoryStore();
    store.municipalityId = 'ieper';
    store.departmentId = 'dep-ieper-ict';
    await store.search();
    expect(fake.calls[0]?.input).toEqual({ query: '', offset: 0, limit: PAGE_SIZE, deferTotal: true, municipalityId: 'ieper', departmentId: 'dep-ieper-ict' });
  });

  it('drops the answer of an older search that arrives last', async () => {
    const fake = searchApi({ slow: 40, none: 0 });
    setApi(fake.api);
    const store = useDirectoryStore();
    store.query = 'slow';
    const first = store.search();
    store.query = 'none';
    await store.search();
    await first;
    expect(store.total).toBe(0);
    expect(store.item(0)).toBeUndefined();
  });

  it('keeps the error as an i18n key', async () => {
    setApi(fakeApi({}).api);
    const store = useDirectoryStore();
    await store.search();
    expect(store.error).toBe('errors.unknown_method');
  });
});

describe('directory store, total counted after the page', () => {
  /** Pages say `totalPending` with the rows found so far (150); the count answers 312 after `countMs`. */
  function deferredApi(countMs: Record<string, number> = {}) {
    return fakeApi({
      'directory.search': (input) => {
        const exact = input.query === 'exact';
        return {
          total: exact ? 7 : 150,
          totalCapped: false,
          totalPending: !exact && input.deferTotal === true,
          items: Array.from({ length: Math.min(input.limit ?? 50, exact ? 7 : 150) }, (_, i) => person((input.offset ?? 0) + i)),
        };
      },
      'directory.count': async (input) => {
        await new Promise((r) => setTimeout(r, countMs[input.query ?? ''] ?? 0));
        return { total: 312, totalCapped: false };
      },
    });
  }

  it('shows the first window at once, then asks the count with the query and filters; the count line changes once', async () => {
    const fake = deferredApi({ ja: 20 });
    setApi(fake.api);
    const store = useDirectoryStore();
    store.query = 'ja';
    store.municipalityId = 'ieper';
    await store.search();
    expect(store.item(0)?.id).toBe('p-0');
    expect(store.total).toBe(150); // rows for what was found so far
    expect(store.counting).toBe(true);
    expect(store.counted).toBe(0); // the count line still shows the last exact total
    await vi.waitFor(() => expect(store.counting).toBe(false));
    expect(store.total).toBe(312);
    expect(store.counted).toBe(312);
    expect(fake.calls.map((c) => c.method)).toEqual(['directory.search', 'directory.count']);
    expect(fake.calls[1]?.input).toEqual({ query: 'ja', municipalityId: 'ieper' });
  });

  it('drops the count of an older search', async () => {
    const fake = deferredApi({ slow: 30 });
    setApi(fake.api);
    const store = useDirectoryStore();
    store.query = 'slow';
    await store.search();
    store.query = 'exact';
    await store.search();
    await new Promise((r) => setTimeout(r, 60));
    expect(fake.calls.filter((c) => c.method === 'directory.count')).toHaveLength(1);
    expect(store.total).toBe(7);
    expect(store.counted).toBe(7);
    expect(store.counting).toBe(false);
  });

  it('keeps the rows and says the error when the count fails', async () => {
    const fake = deferredApi();
    setApi(fakeApi({ 'directory.search': (input) => fake.api['directory.search'](input) }).api);
    const store = useDirectoryStore();
    store.query = 'ja';
    await store.search();
    await vi.waitFor(() => expect(store.counting).toBe(false));
    expect(store.error).toBe('errors.unknown_method');
    expect(store.total).toBe(150);
    expect(store.item(0)?.id).toBe('p-0');
  });
});

describe('directory store refresh', () => {
  it('keeps the active row when the data changes under the same query, clamped to the new total', async () => {
    let total = 500;
    setApi(
      fakeApi({
        'directory.search': (input) => ({ total, totalCapped: false, totalPending: false, items: Array.from({ length: Math.min(input.limit ?? 50, total) }, (_, i) => person(i)) }),
      }).api,
    );
    const store = useDirectoryStore();
    await store.search();
    store.activeIndex = 42;
    await store.search({ keepPosition: true });
    expect(store.activeIndex).toBe(42);
    total = 10;
    await store.search({ keepPosition: true });
    expect(store.activeIndex).toBe(9);
    await store.search();
    expect(store.activeIndex).toBe(-1);
  });
});
