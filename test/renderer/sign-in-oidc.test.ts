/** The sign-in screen's "municipality account" button(s) (jsdom, fake transport; the flow itself is test/core/oidc-login.test.ts). */
import { flushPromises, mount } from '@vue/test-utils';
import axe from 'axe-core';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import { setApi } from '../../src/renderer/api/index.js';
import { createAppI18n, setActiveI18n } from '../../src/renderer/i18n/index.js';
import SignInView from '../../src/renderer/views/SignInView.vue';
import type { AuthMethods } from '../../src/shared/contract/auth.js';
import { PopError, type MethodOutput } from '../../src/shared/ipc/contract.js';
import { fakeApi, syncStatus } from './fake-api.js';

const user = { id: 'u1', username: 'demo', displayName: 'Céline Vanneste', municipalityId: 'poperinge', personId: null, roles: ['staff' as const] };
const issuer = 'https://login.microsoftonline.com/7f1c0c4e/v2.0';

async function mountSignIn(methods: AuthMethods | Error, signInOidc: () => MethodOutput<'session.signInOidc'>) {
  const fake = fakeApi({
    'session.authMethods': () => {
      if (methods instanceof Error) throw methods;
      return methods;
    },
    'session.signInOidc': signInOidc,
    'sync.status': () => syncStatus(),
  });
  setApi(fake.api);
  const i18n = createAppI18n([]);
  setActiveI18n(i18n);
  const wrapper = mount(SignInView, { global: { plugins: [createPinia(), i18n] }, attachTo: document.body });
  await flushPromises();
  return { wrapper, fake };
}

afterEach(() => {
  document.body.innerHTML = '';
  setApi(null);
});

describe('sign-in screen: municipality account', () => {
  it('offers the button when the backend has an issuer, and signs in through the core', async () => {
    const { wrapper, fake } = await mountSignIn({ password: true, oidc: [{ issuer, clientId: 'desktop', scopes: 'openid', label: null }] }, () => ({ signedIn: true, user, demo: false }));
    const button = wrapper.get('.sign-in__oidc button');
    expect(button.text()).toBe('Aanmelden met uw gemeenteaccount');
    expect(wrapper.find('form').exists()).toBe(true);
    await button.trigger('click');
    await flushPromises();
    expect(fake.calls.filter((c) => c.method === 'session.signInOidc')).toEqual([{ method: 'session.signInOidc', input: { issuer } }]);
    const results = await axe.run(wrapper.element, { runOnly: ['wcag2a', 'wcag2aa'] });
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  });

  it('labels one button per issuer, hides the password form when the backend has none, and explains a refusal', async () => {
    const { wrapper } = await mountSignIn(
      { password: false, oidc: [{ issuer, clientId: 'd', scopes: 'openid', label: 'Poperinge' }, { issuer: 'https://sso.example.be/realms/ieper', clientId: 'd', scopes: 'openid', label: 'Ieper' }] },
      () => {
        throw new PopError('forbidden', 'not linked');
      },
    );
    const buttons = wrapper.findAll('.sign-in__oidc button');
    expect(buttons.map((b) => b.text())).toEqual(['Aanmelden met uw account van Poperinge', 'Aanmelden met uw account van Ieper']);
    expect(wrapper.find('form').exists()).toBe(false);
    await buttons[1]!.trigger('click');
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toBe('Uw gemeenteaccount is niet gekoppeld aan een Pop Index-account. Vraag het aan ICT.');
  });

  it('shows only the password form when the methods cannot be fetched', async () => {
    const { wrapper } = await mountSignIn(new PopError('offline', 'offline'), () => ({ signedIn: false, user: null, demo: false }));
    expect(wrapper.find('.sign-in__oidc').exists()).toBe(false);
    expect(wrapper.find('form').exists()).toBe(true);
  });
});
