/**
 * The Beheer screen in jsdom with a fake core: only the admin role has the entry and the route;
 * choosing an account shows its roles as translated checkboxes and saving sends exactly the ticked
 * roles; disabling asks first; the log shows translated actions and role names; offline says so.
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
import type { AdminAccount } from '../../src/shared/domain/admin.js';
import type { Role } from '../../src/shared/sync/protocol.js';
import { fakeApi, syncStatus } from './fake-api.js';

// jsdom has no modal dialogs: open/close as the browser would (the e2e test covers the real one).
HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
  this.setAttribute('open', '');
};
HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
  this.removeAttribute('open');
  this.dispatchEvent(new Event('close'));
};

afterEach(() => {
  document.body.innerHTML = '';
  setApi(null);
});

const account: AdminAccount = {
  id: 'u-burgerzaken',
  username: 'burgerzaken',
  displayName: 'Jonas Lefevere',
  municipalityId: 'poperinge',
  roles: ['staff', 'population'],
  idpRoles: ['population'],
  disabled: false,
  person: { id: 'p-1', name: 'Jonas Lefevere', email: 'jonas.lefevere@poperinge.be', jobTitle: 'Medewerker bevolking' },
  deputy: null,
  password: true,
  createdAt: '2026-11-28T07:00:00.000Z',
};

async function mountAt(path: string, roles: Role[]) {
  const user = { id: 'u-admin', username: 'admin', displayName: 'Wouter', municipalityId: 'poperinge', personId: null, roles };
  let current = account;
  const fake = fakeApi({
    'app.info': () => ({ version: '0.1.0', demo: false, backendUrl: null, shell: 'web', platform: 'linux' }),
    'session.get': () => ({ signedIn: true, user, demo: false }),
    'sync.status': () => syncStatus(),
    'birthdays.upcoming': () => [],
    'directory.search': () => ({ total: 0, totalCapped: false, totalPending: false, items: [] }),
    'directory.facets': () => ({ municipalities: [], departments: [] }),
    'admin.accounts': () => ({ items: [current], total: 1 }),
    'admin.account': () => current,
    'admin.setRoles': ({ roles: next }) => (current = { ...current, roles: next }),
    'admin.setDisabled': ({ disabled }) => (current = { ...current, disabled }),
    'admin.sources': () => [
      {
        name: 'hr',
        kind: 'csv',
        reads: '/srv/hr/export.csv',
        lastRun: { startedAt: '2026-11-30T06:00:00.000Z', finishedAt: '2026-11-30T06:00:03.000Z', outcome: 'ok', added: 12, changed: 3, removed: 1, unchanged: 480, rejected: 2, errorCount: 2, errors: [{ line: 14, dn: null, reason: 'e-mail is not valid' }, { line: 20, dn: null, reason: 'last name is missing' }] },
      },
      { name: 'ad', kind: 'ldap:ad', reads: null, lastRun: null },
    ],
    'admin.previewSource': () => ({
      ok: true,
      run: { dryRun: true, added: 1, changed: 1, removed: 1, unchanged: 480, rejected: 0, errors: [], preview: { added: [{ name: 'Sien Maes' }], changed: [{ name: 'Tom Vanhee', fields: ['job_title', 'department_id'] }], removed: [{ name: 'Els Dewaele' }] } },
    }),
    'admin.runSource': ({ allowMassRemoval }) =>
      allowMassRemoval
        ? { ok: true, run: { dryRun: false, added: 1, changed: 1, removed: 1, unchanged: 480, rejected: 0, errors: [], preview: null } }
        : { ok: false, reason: 'mass_removal', detail: 'This import would remove 300 of the 480 people of poperinge (62 %, more than 20 %).' },
    'admin.log': () => ({
      items: [{ id: 7, at: '2026-11-30T08:05:00.000Z', actor: 'admin', municipalityId: 'poperinge', action: 'roles', target: 'burgerzaken', before: { roles: ['staff'] }, after: { roles: ['staff', 'dpo'] } }],
      nextBefore: null,
    }),
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
  return { wrapper, fake, router };
}

const calls = (fake: ReturnType<typeof fakeApi>, method: string) => fake.calls.filter((c) => c.method === method);

async function chooseAccount(wrapper: Awaited<ReturnType<typeof mountAt>>['wrapper']) {
  const input = wrapper.find('#admin-find');
  await input.setValue('burger');
  await input.trigger('keydown', { key: 'Enter' }); // searches at once (no waiting for the debounce)
  await flushPromises();
  expect(wrapper.find('[role=option]').text()).toContain('burgerzaken');
  await input.trigger('keydown', { key: 'Enter' });
  await flushPromises();
}

describe('Beheer screen', () => {
  it('shows roles as translated checkboxes and saves exactly the ticked roles', async () => {
    const { wrapper, fake } = await mountAt('/admin', ['staff', 'admin']);
    expect(wrapper.find('h1').text()).toBe('Beheer');
    await chooseAccount(wrapper);
    const panel = wrapper.find('[data-testid=admin-account]');
    expect(panel.text()).toContain('Jonas Lefevere');
    expect(panel.text()).toContain('via groep'); // population came from a group
    expect((wrapper.find('[data-testid=role-population]').element as HTMLInputElement).checked).toBe(true);
    expect(panel.find('label:has([data-testid=role-dpo])').text()).toContain('Functionaris gegevensbescherming');
    await wrapper.find('[data-testid=role-dpo]').setValue(true);
    await panel.find('form').trigger('submit');
    await flushPromises();
    expect(calls(fake, 'admin.setRoles').map((c) => c.input)).toEqual([{ id: 'u-burgerzaken', roles: ['staff', 'population', 'dpo'] }]);
    expect(wrapper.text()).toContain('Rollen bewaard.');
  });

  it('asks before disabling', async () => {
    const { wrapper, fake } = await mountAt('/admin', ['staff', 'admin']);
    await chooseAccount(wrapper);
    await wrapper.find('[data-testid=toggle-disabled]').trigger('click');
    await flushPromises();
    expect(calls(fake, 'admin.setDisabled')).toHaveLength(0);
    expect(wrapper.find('[data-testid=confirm-dialog]').text()).toContain('Jonas Lefevere uitschakelen?');
    await wrapper.find('[data-testid=confirm-yes]').trigger('click');
    await flushPromises();
    expect(calls(fake, 'admin.setDisabled').map((c) => c.input)).toEqual([{ id: 'u-burgerzaken', disabled: true }]);
    expect(wrapper.find('[data-testid=admin-account]').text()).toContain('Uitgeschakeld');
  });

  it('lists the log with translated actions and role names', async () => {
    const { wrapper } = await mountAt('/admin', ['staff', 'admin']);
    await wrapper.find('#admin-tab-log').trigger('click');
    await flushPromises();
    const row = wrapper.findAll('[data-testid=admin-log] tbody tr')[0]!;
    expect(row.text()).toContain('Rollen gewijzigd');
    expect(row.text()).toContain('Personeel → Personeel, Functionaris gegevensbescherming');
  });

  it('lists the sources with their last run', async () => {
    const { wrapper } = await mountAt('/admin', ['staff', 'admin']);
    await wrapper.find('#admin-tab-sources').trigger('click');
    await flushPromises();
    const [hr, ad] = wrapper.findAll('[data-testid=admin-source]');
    expect(hr!.text()).toContain('HR-export (CSV)');
    expect(hr!.text()).toContain('Geslaagd');
    expect(hr!.text()).toMatch(/Toegevoegd\s*12/);
    expect(hr!.text()).toContain('2 fouten');
    expect(hr!.text()).toContain('Lijn 14: e-mail is not valid');
    expect(ad!.text()).toContain('Active Directory');
    expect(ad!.text()).toContain('Nog nooit uitgevoerd.');
  });

  it('previews a source (names, fields in words), runs it after confirmation, and offers "Toch uitvoeren" when the guard stops it', async () => {
    const { wrapper, fake } = await mountAt('/admin', ['staff', 'admin']);
    await wrapper.find('#admin-tab-sources').trigger('click');
    await flushPromises();
    const [hr, ad] = wrapper.findAll('[data-testid=admin-source]');
    expect(hr!.text()).toContain('/srv/hr/export.csv');
    expect(ad!.find('[data-testid=source-preview]').exists()).toBe(false);
    expect(ad!.text()).toContain('alleen met de opdrachtregel');
    expect(hr!.find('[data-testid=source-run]').exists()).toBe(false); // first a preview
    await hr!.find('[data-testid=source-preview]').trigger('click');
    await flushPromises();
    const preview = hr!.find('[data-testid=source-preview-result]');
    expect(preview.text()).toContain('Sien Maes');
    expect(preview.text()).toContain('Tom Vanhee — functie, dienst');
    expect(preview.text()).toContain('Els Dewaele');
    expect(preview.text()).toContain('Er is nog niets gewijzigd.');
    expect(calls(fake, 'admin.runSource')).toHaveLength(0);
    await hr!.find('[data-testid=source-run]').trigger('click');
    await flushPromises();
    await wrapper.find('dialog[open] [data-testid=confirm-yes]').trigger('click');
    await flushPromises();
    expect(calls(fake, 'admin.runSource').map((c) => c.input)).toEqual([{ name: 'hr', allowMassRemoval: false }]);
    expect(hr!.find('[data-testid=source-refused]').text()).toContain('meer dan 20 %');
    await hr!.find('[data-testid=source-run-mass]').trigger('click');
    await flushPromises();
    await wrapper.find('dialog[open] [data-testid=confirm-yes]').trigger('click');
    await flushPromises();
    expect(calls(fake, 'admin.runSource').map((c) => c.input)).toEqual([{ name: 'hr', allowMassRemoval: false }, { name: 'hr', allowMassRemoval: true }]);
    expect(hr!.find('[data-testid=source-done]').text()).toBe('Uitgevoerd: 1 toegevoegd, 1 gewijzigd, 1 verwijderd.');
    expect(calls(fake, 'admin.sources').length).toBeGreaterThanOrEqual(2); // reloaded after the run
  });

  it('offline: says it needs a connection and disables the search', async () => {
    const { wrapper, fake } = await mountAt('/admin', ['staff', 'admin']);
    fake.emit('sync.status', syncStatus({ online: false }));
    await flushPromises();
    expect(wrapper.text()).toContain('Beheer kan alleen met verbinding met de server.');
    expect(wrapper.find('#admin-find').attributes('disabled')).toBeDefined();
  });

  it('has no entry and no route without the admin role', async () => {
    const { wrapper, router } = await mountAt('/admin', ['staff']);
    expect(router.currentRoute.value.name).toBe('forbidden');
    expect(wrapper.find('[data-testid=forbidden]').text()).toContain('Uw rol geeft geen toegang tot het scherm “Beheer”.');
    expect(wrapper.find('nav').text()).not.toContain('Beheer');
  });
});
