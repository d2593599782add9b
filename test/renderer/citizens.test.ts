/**
 * The /citizens screen in jsdom with a fake core: nothing is sent before the national number and
 * the purpose are valid; results are shown from memory only (not in Pinia, not in web storage) and
 * gone after leaving the screen; users without the population role have no entry and no route.
 */
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, type Pinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import App from '../../src/renderer/App.vue';
import { setApi } from '../../src/renderer/api/index.js';
import { features } from '../../src/renderer/features/index.js';
import { createAppI18n, setActiveI18n } from '../../src/renderer/i18n/index.js';
import { createAppRouter } from '../../src/renderer/router.js';
import { useAppStore } from '../../src/renderer/stores/app.js';
import type { Role } from '../../src/shared/sync/protocol.js';
import { fakeApi, syncStatus } from './fake-api.js';

afterEach(() => {
  document.body.innerHTML = '';
  setApi(null);
});

const summary = { id: 'cit-poperinge-00001', lastName: 'Demeyere', firstNames: 'Jozefien', birthDate: '1987-03-14', locality: '8970 Poperinge' };
const detail = {
  ...summary,
  birthPlace: 'Brugge',
  sex: 'F' as const,
  nationality: 'Belg',
  address: { street: 'Gasthuisstraat', houseNumber: '12', box: null, postcode: '8970', municipality: 'Poperinge' },
  civilStatus: 'married' as const,
  household: [{ id: 'cit-poperinge-00002', lastName: 'Vandenberghe', firstNames: 'Pieter-Jan', relation: 'partner' as const }],
  occupation: null,
  deathDate: null,
  fields: ['lastName'],
};

async function mountAt(path: string, roles: Role[]) {
  const user = { id: 'u1', username: 'burgerzaken', displayName: 'Jonas', municipalityId: 'poperinge', personId: null, roles };
  const fake = fakeApi({
    'app.info': () => ({ version: '0.1.0', demo: false, backendUrl: null, shell: 'web', platform: 'linux' }),
    'session.get': () => ({ signedIn: true, user, demo: false }),
    'sync.status': () => syncStatus(),
    'birthdays.upcoming': () => [],
    'directory.search': () => ({ total: 0, totalCapped: false, totalPending: false, items: [] }),
    'directory.facets': () => ({ municipalities: [], departments: [] }),
    'citizens.search': () => ({ items: [summary], truncated: false }),
    'citizens.view': () => detail,
  });
  setApi(fake.api);
  window.history.replaceState(null, '', `/#${path}`);
  const pinia: Pinia = createPinia();
  const i18n = createAppI18n(features);
  setActiveI18n(i18n);
  const router = createAppRouter(() => useAppStore(pinia).roles);
  const wrapper = mount(App, { global: { plugins: [pinia, i18n, router] }, attachTo: document.body });
  await useAppStore(pinia).start();
  await router.push(path);
  await router.isReady();
  await flushPromises();
  return { wrapper, fake, router, pinia };
}

const calls = (fake: ReturnType<typeof fakeApi>, method: string) => fake.calls.filter((c) => c.method === method);

describe('citizens screen', () => {
  it('offers search by national number only to roles that may see national numbers', async () => {
    const plain = await mountAt('/citizens', ['staff', 'population']);
    expect(plain.wrapper.find('input[type=radio][value=nationalNumber]').exists()).toBe(false);
    expect(plain.wrapper.find('input[type=radio][value=name]').exists()).toBe(true);
    const nrn = await mountAt('/citizens', ['staff', 'population', 'population_nrn']);
    expect(nrn.wrapper.find('input[type=radio][value=nationalNumber]').exists()).toBe(true);
  });

  it('sends nothing while the national number has a typo or the purpose is missing', async () => {
    const { wrapper, fake } = await mountAt('/citizens', ['staff', 'population', 'population_nrn']);
    expect(wrapper.find('h1').text()).toBe('Burgers opzoeken');
    await wrapper.find('input[type=radio][value=nationalNumber]').setValue(true);
    await wrapper.find('#citizen-nationalNumber').setValue('85.07.30-033.29');
    await wrapper.find('form.citizen-search').trigger('submit');
    await flushPromises();
    expect(wrapper.text()).toContain('Het controlegetal klopt niet: waarschijnlijk een tikfout.');
    expect(wrapper.find('#citizen-nationalNumber').attributes('aria-invalid')).toBe('true');
    await wrapper.find('#citizen-nationalNumber').setValue('1707300338');
    await wrapper.find('#citizen-purpose').setValue('Attest');
    await wrapper.find('form.citizen-search').trigger('submit');
    await flushPromises();
    expect(wrapper.text()).toContain('Een rijksregisternummer heeft 11 cijfers.');
    await wrapper.find('#citizen-nationalNumber').setValue('17.07.30-033.84');
    await wrapper.find('#citizen-purpose').setValue('');
    await wrapper.find('form.citizen-search').trigger('submit');
    await flushPromises();
    expect(wrapper.text()).toContain('Geef het doel van de opzoeking');
    expect(calls(fake, 'citizens.search')).toHaveLength(0);
    await wrapper.find('#citizen-purpose').setValue('Attest');
    await wrapper.find('form.citizen-search').trigger('submit');
    await flushPromises();
    expect(calls(fake, 'citizens.search')).toEqual([
      { method: 'citizens.search', input: { query: { by: 'nationalNumber', nationalNumber: '17073003384' }, reason: { purpose: 'Attest', dossier: '' } } },
    ]);
  });

  it('keeps results in the screen only and drops them when the user leaves', async () => {
    const { wrapper, fake, router, pinia } = await mountAt('/citizens', ['staff', 'population']);
    await wrapper.find('#citizen-lastName').setValue('Demeyere');
    await wrapper.find('#citizen-dossier').setValue('BZ-1');
    await wrapper.find('form.citizen-search').trigger('submit');
    await flushPromises();
    await wrapper.find('.citizen-results button').trigger('click');
    await flushPromises();
    expect(wrapper.text()).toContain('Gasthuisstraat 12');
    expect(calls(fake, 'citizens.view')[0]!.input).toEqual({ id: summary.id, reason: { purpose: '', dossier: 'BZ-1' } });
    expect(JSON.stringify(pinia.state.value)).not.toContain('Jozefien');
    expect(JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })).not.toContain('Jozefien');
    await router.push('/');
    await flushPromises();
    await router.push('/citizens');
    await flushPromises();
    expect(wrapper.text()).not.toContain('Jozefien');
    expect((wrapper.find('#citizen-lastName').element as HTMLInputElement).value).toBe('');
  });

  it('offline: says it needs a connection and disables the form', async () => {
    const { wrapper, fake } = await mountAt('/citizens', ['staff', 'population']);
    fake.emit('sync.status', syncStatus({ online: false }));
    await flushPromises();
    expect(wrapper.text()).toContain('Opzoeken in het bevolkingsregister kan alleen met verbinding met de server.');
    expect(wrapper.find('form.citizen-search button[type=submit]').attributes('disabled')).toBeDefined();
  });

  it('has no entry and no route for users without the population role', async () => {
    const { wrapper, router } = await mountAt('/citizens', ['staff']);
    expect(router.currentRoute.value.name).toBe('forbidden');
    expect(wrapper.find('[data-testid=forbidden]').text()).toContain('Uw rol geeft geen toegang tot het scherm “Burgers opzoeken”.');
    expect(wrapper.find('nav').text()).not.toContain('Burgers opzoeken');
    const allowed = await mountAt('/', ['staff', 'population']);
    expect(allowed.wrapper.find('nav').text()).toContain('Burgers opzoeken');
  });
});
