/**
 * The /settings screen against the real desktop host (src/main/desktop/host.ts): a policy file on
 * disk locks two settings, the host's handlers answer through `dispatch` (input validation,
 * envelopes) like IPC does, and what the user changes lands in settings.json.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../../src/renderer/App.vue';
import { setApi } from '../../src/renderer/api/index.js';
import { features } from '../../src/renderer/features/index.js';
import { createAppI18n, setActiveI18n } from '../../src/renderer/i18n/index.js';
import { createAppRouter } from '../../src/renderer/router.js';
import { useAppStore } from '../../src/renderer/stores/app.js';
import { dispatch } from '../../src/main/core/dispatch.js';
import { silentLogger } from '../../src/main/core/logging/logger.js';
import { DesktopHost } from '../../src/main/desktop/host.js';
import { mergeHandlers } from '../../src/main/desktop/merge-handlers.js';
import { SETTINGS_METHODS } from '../../src/shared/ipc/channels.js';
import { PopError } from '../../src/shared/ipc/contract.js';
import { fakeApi, syncStatus, type Handlers } from './fake-api.js';

const user = { id: 'u1', username: 'demo', displayName: 'Céline Demo', municipalityId: 'poperinge', personId: null, roles: ['staff' as const] };
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pop-settings-ui-'));
  writeFileSync(join(dir, 'policy.json'), JSON.stringify({ startAtLogin: true, backendUrl: 'https://pop.westhoek.be', locked: ['startAtLogin', 'backendUrl'] }));
});
afterEach(() => {
  document.body.innerHTML = '';
  setApi(null);
  rmSync(dir, { recursive: true, force: true });
});

async function mountSettings(path = '/settings', before?: (host: DesktopHost) => void) {
  const host = new DesktopHost({
    dataDir: dir,
    logDir: null,
    policyFile: join(dir, 'policy.json'),
    log: silentLogger,
    appVersion: '0.1.0',
    shell: 'web',
    platform: 'linux x64',
    startAtLoginSupported: true,
    updater: { engine: null, disabledReason: 'web' },
  });
  before?.(host);
  const all = mergeHandlers(host.handlers);
  // Each settings method goes through dispatch, as over IPC: validated input, envelope unwrapped.
  const viaDispatch = Object.fromEntries(
    SETTINGS_METHODS.map((method) => [
      method,
      async (input: unknown) => {
        const envelope = await dispatch(all, method, input);
        if (!envelope.ok) throw new PopError(envelope.error.code, envelope.error.message);
        return envelope.value;
      },
    ]),
  ) as Handlers;
  const fake = fakeApi({
    'app.info': () => ({ version: '0.1.0', demo: false, backendUrl: 'https://pop.westhoek.be', shell: 'web', platform: 'linux' }),
    'session.get': () => ({ signedIn: true, user, demo: false }),
    'sync.status': () => syncStatus(),
    'birthdays.upcoming': () => [],
    ...viaDispatch,
  });
  setApi(fake.api);
  window.localStorage.clear();
  window.history.replaceState(null, '', `/#${path}`);
  const pinia = createPinia();
  const i18n = createAppI18n(features);
  setActiveI18n(i18n);
  const router = createAppRouter(() => useAppStore(pinia).roles);
  const wrapper = mount(App, { global: { plugins: [pinia, i18n, router] }, attachTo: document.body });
  await useAppStore(pinia).start();
  await router.isReady();
  await flushPromises();
  await flushPromises();
  return { wrapper, fake, host };
}

describe('settings screen', () => {
  it('shows IT-locked settings as set by IT and disabled', async () => {
    const { wrapper } = await mountSettings();
    expect(wrapper.find('h1').text()).toBe('Instellingen');
    const backend = wrapper.find('#settings-backend-url');
    expect((backend.element as HTMLInputElement).value).toBe('https://pop.westhoek.be');
    expect(backend.attributes('disabled')).toBeDefined();
    expect(wrapper.find('#lock-backendUrl').text()).toContain('Ingesteld door ICT');
    const login = wrapper.find('input[aria-describedby="lock-startAtLogin"]');
    expect((login.element as HTMLInputElement).checked).toBe(true);
    expect(login.attributes('disabled')).toBeDefined();
  });

  it('saves a notification choice to the settings file through the host', async () => {
    const { wrapper } = await mountSettings();
    const approvals = wrapper.findAll('input[type="checkbox"]').find((c) => c.element.parentElement?.textContent?.includes('Nieuwe goedkeuringen'));
    expect(approvals).toBeDefined();
    await approvals!.setValue(false);
    await flushPromises();
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual({ notifyApprovals: false });
    expect(wrapper.find('[role="status"].hint').text()).toBe('Bewaard.');
    await wrapper.find('#settings-birthday-time').setValue('07:45');
    await wrapper.find('#settings-birthday-time').trigger('change');
    await flushPromises();
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toMatchObject({ birthdayNotificationTime: '07:45' });
  });

  it('shows the version and why updates are off', async () => {
    const { wrapper } = await mountSettings();
    const updates = wrapper.find('[data-testid="settings-updates"]');
    expect(updates.text()).toContain('Pop Index versie 0.1.0');
    expect(updates.find('[role="status"]').text().replace(/\s+/g, ' ')).toBe('Automatische updates staan uit. — browserversie');
    expect(updates.find('button').exists()).toBe(false);
  });
});

describe('update notice on Home', () => {
  it('appears only when the server requires a newer version (or an update is ready)', async () => {
    const quiet = await mountSettings('/');
    expect(quiet.wrapper.find('[data-testid="home-update"]').exists()).toBe(false);
    document.body.innerHTML = '';
    const { wrapper } = await mountSettings('/', (host) => host.updates.setMinVersion('9.0.0'));
    const card = wrapper.find('[data-testid="home-update"]');
    expect(card.find('h2').text()).toBe('Nieuwe versie');
    expect(card.text()).toContain('De server vraagt minstens versie 9.0.0. Installeer de update.');
  });
});
