/** The directory screen's count line when the total is counted after the page (directory.count). */
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { setApi } from '../../src/renderer/api/index.js';
import DirectoryView from '../../src/renderer/features/directory/DirectoryView.vue';
import { features } from '../../src/renderer/features/index.js';
import { createAppI18n, loadScreens } from '../../src/renderer/i18n/index.js';
import type { MethodOutput } from '../../src/shared/ipc/contract.js';
import { fakeApi, person } from './fake-api.js';

afterEach(() => setApi(null));

describe('directory screen, total counted after the page', () => {
  it('never says "none found" above rows while their count runs, then says the exact count once', async () => {
    let finishCount: (count: MethodOutput<'directory.count'>) => void = () => undefined;
    setApi(
      fakeApi({
        'directory.facets': () => ({ municipalities: [], departments: [] }),
        'directory.search': (input) =>
          input.query === 'ja'
            ? { total: 100, totalCapped: false, totalPending: input.deferTotal === true, items: Array.from({ length: 100 }, (_, i) => person(i)) }
            : { total: 0, totalCapped: false, totalPending: false, items: [] },
        'directory.count': () => new Promise((resolve) => (finishCount = resolve)),
      }).api,
    );
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/directory', component: DirectoryView }, { path: '/directory/:id', component: DirectoryView }] });
    await router.push('/directory');
    const i18n = createAppI18n(features);
    await loadScreens(i18n, ['directory']);
    const wrapper = mount(DirectoryView, { global: { plugins: [createPinia(), i18n, router] } });
    await flushPromises();
    const line = () => wrapper.get('[data-testid="result-count"]').text();

    await wrapper.get('input#directory-query').setValue('zzz');
    await flushPromises();
    expect(line()).toBe('Geen collega’s gevonden');

    await wrapper.get('input#directory-query').setValue('ja');
    await flushPromises();
    expect(wrapper.text()).not.toContain('Geen collega’s gevonden');
    expect(line()).toBe('');

    finishCount({ total: 312, totalCapped: false });
    await flushPromises();
    expect(line()).toBe('312 collega’s gevonden');
  });
});
