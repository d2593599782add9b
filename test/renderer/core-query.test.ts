/**
 * useCoreQuery: loads at once, reloads when a watched collection changes (the core's data.changed)
 * or an input changes, keeps the last good data with an error key when a load fails, and drops an
 * answer that a newer load overtook.
 */
import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import { setApi } from '../../src/renderer/api/index.js';
import { useCoreQuery } from '../../src/renderer/composables/core-query.js';
import { useAppStore } from '../../src/renderer/stores/app.js';
import { PopError } from '../../src/shared/ipc/contract.js';
import { fakeApi, syncStatus } from './fake-api.js';

async function setup() {
  const fake = fakeApi({
    'app.info': () => ({ version: '0.1.0', demo: false, backendUrl: null, shell: 'web', platform: 'linux' }),
    'session.get': () => ({ signedIn: false, user: null, demo: false }),
    'sync.status': () => syncStatus(),
  });
  setApi(fake.api);
  setActivePinia(createPinia());
  await useAppStore().start();
  return fake;
}

describe('useCoreQuery', () => {
  it('loads, reloads on a change of its collections or inputs, not on others', async () => {
    const fake = await setup();
    let calls = 0;
    const filter = ref('a');
    const scope = effectScope();
    const q = scope.run(() => useCoreQuery(async () => `${filter.value}${++calls}`, { initial: '', collections: ['letters'], watch: () => filter.value }))!;
    await flushPromises();
    expect([q.data.value, q.loaded.value, q.error.value]).toEqual(['a1', true, null]);
    fake.emit('data.changed', { collections: ['people'] });
    await flushPromises();
    expect(q.data.value).toBe('a1');
    fake.emit('data.changed', { collections: ['letters'] });
    await flushPromises();
    expect(q.data.value).toBe('a2');
    filter.value = 'b';
    await nextTick();
    await flushPromises();
    expect(q.data.value).toBe('b3');
    scope.stop();
  });

  it('keeps the last good data and says why a load failed; drops an answer a newer load overtook', async () => {
    const fake = await setup();
    const answers: Array<{ resolve(v: string): void; reject(e: unknown): void }> = [];
    const scope = effectScope();
    const q = scope.run(() => useCoreQuery(() => new Promise<string>((resolve, reject) => answers.push({ resolve, reject })), { initial: '', collections: ['letters'] }))!;
    answers[0]!.resolve('first');
    await flushPromises();
    fake.emit('data.changed', { collections: ['letters'] });
    await flushPromises();
    answers[1]!.reject(new PopError('offline', 'no server'));
    await flushPromises();
    expect([q.data.value, q.error.value]).toEqual(['first', 'errors.offline']);
    fake.emit('data.changed', { collections: ['letters'] }); // slow answer...
    await flushPromises();
    fake.emit('data.changed', { collections: ['letters'] }); // ...overtaken by a newer load
    await flushPromises();
    answers[3]!.resolve('newest');
    await flushPromises();
    answers[2]!.resolve('stale');
    await flushPromises();
    expect([q.data.value, q.error.value]).toEqual(['newest', null]);
    scope.stop();
  });
});
