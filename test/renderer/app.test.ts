import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import App from '../../src/renderer/App.vue';
import { setApi } from '../../src/renderer/api/index.js';
import { features, navEntries } from '../../src/renderer/features/index.js';
import { createAppI18n, setActiveI18n } from '../../src/renderer/i18n/index.js';
import { createAppRouter } from '../../src/renderer/router.js';
import { useAppStore } from '../../src/renderer/stores/app.js';
import { PopError, type MethodOutput } from '../../src/shared/ipc/contract.js';
import { fakeApi, syncStatus } from './fake-api.js';

const user = { id: 'u1', username: 'demo', displayName: 'Céline Demo', municipalityId: 'poperinge', personId: null, roles: ['staff' as const] };

async function mountApp(signedIn: boolean) {
  let session: MethodOutput<'session.get'> = { signedIn, user: signedIn ? user : null, demo: false };
  const fake = fakeApi({
    'app.info': () => ({ version: '0.1.0', demo: true, backendUrl: null, shell: 'web', platform: 'linux' }),
    'session.get': () => session,
    'session.signIn': ({ username, password }) => {
      if (username !== 'demo' || password !== 'demo') throw new PopError('unauthenticated', 'bad credentials');
      session = { signedIn: true, user, demo: false };
      return session;
    },
    'sync.status': () => syncStatus(),
    'birthdays.upcoming': () => [],
    'settings.set': () => {
      throw new Error('not here');
    },
  });
  setApi(fake.api);
  window.localStorage.clear();
  window.history.replaceState(null, '', '/#/');
  const pinia = createPinia();
  const i18n = createAppI18n(features);
  setActiveI18n(i18n);
  const router = createAppRouter(() => useAppStore(pinia).roles);
  const wrapper = mount(App, { global: { plugins: [pinia, i18n, router] }, attachTo: document.body });
  await useAppStore(pinia).start();
  await router.isReady();
  await flushPromises();
  return { wrapper, fake, router };
}

afterEach(() => {
  document.body.innerHTML = '';
  setApi(null);
});

describe('App layout', () => {
  it('shows the sign-in form when signed out, and the navigation after signing in', async () => {
    const { wrapper, fake } = await mountApp(false);
    expect(wrapper.find('nav').exists()).toBe(false);
    expect(wrapper.find('h1').text()).toBe('Aanmelden');
    await wrapper.find('#sign-in-username').setValue('demo');
    await wrapper.find('#sign-in-password').setValue('wrong');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[role="alert"]').text()).toBe('Aanmelden mislukt: controleer uw gebruikersnaam en wachtwoord.');
    await wrapper.find('#sign-in-password').setValue('demo');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(fake.calls.filter((c) => c.method === 'session.signIn')).toHaveLength(2);
    const nav = wrapper.find('nav');
    expect(nav.attributes('aria-label')).toBe('Hoofdnavigatie');
    const labels = nav.findAll('a').map((a) => a.find('span:nth-child(2)').text());
    const i18n = createAppI18n(features);
    const expected = ['Start', ...navEntries(['staff']).map((entry) => i18n.global.t(entry.labelKey))];
    expect(labels).toEqual(expected);
    expect(labels.slice(0, 3)).toEqual(['Start', 'Collega’s', 'Verjaardagen']);
    // entries for other roles stay hidden
    expect(navEntries(['staff']).length).toBeLessThanOrEqual(navEntries(['staff', 'secretariat', 'finance', 'population', 'dpo', 'admin']).length);
    expect(nav.find('[aria-current="page"]').text()).toContain('Start');
  });

  it('labels demo mode, and shows the offline banner with the last sync time in a polite status region', async () => {
    const { wrapper, fake } = await mountApp(true);
    expect(wrapper.find('[data-testid="demo-label"]').text()).toBe('Demo');
    const region = wrapper.find('.status-banners');
    expect(region.attributes('role')).toBe('status');
    expect(region.attributes('aria-live')).toBe('polite');
    expect(wrapper.find('[data-testid="offline-banner"]').exists()).toBe(false);
    fake.emit('sync.status', syncStatus({ online: false, lastSyncAt: new Date(2026, 2, 5, 15, 30).toISOString() }));
    await flushPromises();
    expect(wrapper.find('[data-testid="offline-banner"]').text()).toBe('Offline: u werkt met de gegevens van donderdag 5 maart 2026 om 15:30.');
    fake.emit('sync.status', syncStatus({ online: true }));
    await flushPromises();
    expect(wrapper.find('[data-testid="offline-banner"]').exists()).toBe(false);
  });

  it('shows first-sync progress and sync errors by code', async () => {
    const { wrapper, fake } = await mountApp(true);
    fake.emit('sync.status', syncStatus({ ready: false, syncing: true, progress: { applied: 2000, remaining: 3000 } }));
    await flushPromises();
    const progress = wrapper.find('progress');
    expect(progress.attributes('value')).toBe('2000');
    expect(progress.attributes('max')).toBe('5000');
    expect(wrapper.find('.banner--progress').text()).toContain('2.000 van ongeveer 5.000 gegevens opgehaald');
    fake.emit('sync.status', syncStatus({ error: { code: 'unauthenticated', message: 'token expired' } }));
    await flushPromises();
    expect(wrapper.find('.banner--error').text()).toBe('Bijwerken mislukt: U bent afgemeld. Meld u opnieuw aan.');
    // The core's worker died (src/main/core-host): the user is told it restarts and nothing is lost.
    fake.emit('sync.status', syncStatus({ error: { code: 'core_restarting', message: 'restarting' } }));
    await flushPromises();
    expect(wrapper.find('.banner--error').text()).toContain('herstart zijn lokale gegevens. Niets van wat u deed gaat verloren');
    fake.emit('sync.status', syncStatus({ error: { code: 'core_failed', message: 'gave up' } }));
    await flushPromises();
    expect(wrapper.find('.banner--error').text()).toContain('Sluit Pop Index af en open het opnieuw');
  });

  it('switches the language everywhere, including <html lang>, even without desktop settings', async () => {
    const { wrapper } = await mountApp(true);
    const select = wrapper.find('.language-switch select');
    // fr-BE and en are lazy chunks: the switch loads their strings first, then switches.
    await select.setValue('fr-BE');
    await vi.waitFor(() => expect(document.documentElement.lang).toBe('fr-BE'));
    await flushPromises();
    expect(wrapper.find('nav').text()).toContain('Collègues');
    expect(window.localStorage.getItem('pop-locale')).toBe('fr-BE');
    await select.setValue('en');
    await vi.waitFor(() => expect(document.documentElement.lang).toBe('en'));
    await flushPromises();
    expect(wrapper.find('.skip-link').text()).toBe('Skip to content');
  });

  it('moves focus to the main landmark from the skip link without changing the route', async () => {
    const { wrapper, router } = await mountApp(true);
    await wrapper.find('.skip-link').trigger('click');
    expect(document.activeElement?.id).toBe('main');
    expect(router.currentRoute.value.path).toBe('/');
  });
});
