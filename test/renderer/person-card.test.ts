import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { setApi } from '../../src/renderer/api/index.js';
import PersonView from '../../src/renderer/features/directory/PersonView.vue';
import { features } from '../../src/renderer/features/index.js';
import { createAppI18n, loadScreens } from '../../src/renderer/i18n/index.js';
import type { MethodOutput } from '../../src/shared/ipc/contract.js';
import { fakeApi, person } from './fake-api.js';

const detail: NonNullable<MethodOutput<'directory.person'>> = {
  ...person(1),
  firstName: 'Céline',
  lastName: 'Vandenberghe',
  mobilePhone: '+32475123456',
  office: 'Stadhuis, Grote Markt 1, 8970 Poperinge — bureau 2.14',
  managerId: 'p-2',
  manager: { ...person(2), firstName: 'Koen', lastName: 'Vandevoorde' },
  reports: [{ ...person(3), firstName: '<b>Jan</b>', lastName: 'Peeters' }],
  birthday: { month: 3, day: 5 },
};

async function mountCard(answer: MethodOutput<'directory.person'>) {
  const fake = fakeApi({
    'directory.person': () => answer,
    'shell.openExternal': () => ({ opened: true }),
    'directory.vcard': () => ({ filename: 'celine-vandenberghe.vcf', content: 'BEGIN:VCARD\r\nEND:VCARD\r\n' }),
  });
  setApi(fake.api);
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/directory/:id', component: PersonView }, { path: '/directory', component: PersonView }] });
  await router.push('/directory/p-1');
  const i18n = createAppI18n(features);
  await loadScreens(i18n, ['directory']); // what the app's router does before a directory route renders
  const wrapper = mount(PersonView, { global: { plugins: [createPinia(), i18n, router] } });
  await flushPromises();
  return { wrapper, fake };
}

afterEach(() => {
  setApi(null);
  vi.restoreAllMocks();
});

describe('person card', () => {
  it('shows contact details with formatted phones, birthday without year, manager and reports', async () => {
    const { wrapper } = await mountCard(detail);
    expect(wrapper.find('h1').text()).toBe('Céline Vandenberghe');
    const tel = wrapper.findAll('a[href^="tel:"]');
    expect(tel.map((a) => [a.attributes('href'), a.text()])).toEqual([
      ['tel:+3257346578', '057 34 65 78'],
      ['tel:+32475123456', '0475 12 34 56'],
    ]);
    const terms = wrapper.findAll('dt').map((dt) => dt.text());
    const values = wrapper.findAll('dd').map((dd) => dd.text());
    expect(values[terms.indexOf('Verjaardag')]).toBe('5 maart');
    expect(wrapper.text()).toContain('Koen Vandevoorde');
    expect(wrapper.find('a[href="/directory/p-2"]').exists()).toBe(true);
    // synced text is text: markup in a name is shown, never interpreted
    expect(wrapper.text()).toContain('<b>Jan</b> Peeters');
    expect(wrapper.find('b').exists()).toBe(false);
  });

  it('opens tel:, mailto: and msteams: links through the core', async () => {
    const { wrapper, fake } = await mountCard(detail);
    await wrapper.find('a[href^="tel:"]').trigger('click');
    await wrapper.find('a[href^="mailto:"]').trigger('click');
    await wrapper.find('a[href^="msteams:"]').trigger('click');
    await flushPromises();
    const urls = fake.calls.filter((c) => c.method === 'shell.openExternal').map((c) => (c.input as { url: string }).url);
    expect(urls).toEqual(['tel:+3257346578', 'mailto:p1@poperinge.example', 'msteams:/l/chat/0/0?users=p1%40poperinge.example']);
  });

  it('downloads the vCard as a .vcf Blob link', async () => {
    const created: Blob[] = [];
    URL.createObjectURL = vi.fn((blob: Blob) => {
      created.push(blob);
      return 'blob:vcard-1';
    });
    URL.revokeObjectURL = vi.fn();
    const clicks: Array<{ href: string; download: string }> = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push({ href: this.href, download: this.download });
    });
    const { wrapper } = await mountCard(detail);
    await wrapper.find('[data-testid="vcard"]').trigger('click');
    await flushPromises();
    expect(clicks).toEqual([{ href: 'blob:vcard-1', download: 'celine-vandenberghe.vcf' }]);
    expect(created[0]?.type).toBe('text/vcard;charset=utf-8');
    expect(await created[0]?.text()).toBe('BEGIN:VCARD\r\nEND:VCARD\r\n');
  });

  it('says so when the person is not in the directory', async () => {
    const { wrapper } = await mountCard(null);
    expect(wrapper.find('h1').text()).toBe('Collega niet gevonden');
  });
});
