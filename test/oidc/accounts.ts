/**
 * Test accounts of the OIDC provider fixture, and a helper that signs one in through the desktop's
 * real browser flow (PKCE + loopback) and returns its tokens.
 */
import { signInWithBrowser, type OidcTokens } from '../../src/main/core/auth/oidc-login.js';
import { browse } from './browse.js';
import { CLIENT_ID, SCOPES, type TestAccount, type TestProvider } from './provider.js';

export const TID_POPERINGE = '7f1c0c4e-0000-4000-8000-000000008970';
export const TID_IEPER = '7f1c0c4e-0000-4000-8000-000000008900';

/** Keyed by the provider's account id (`sub`). `preferred_username` is what maps onto Pop Index. */
export const ACCOUNTS: Record<string, TestAccount> = {
  // A Pop Index demo account of Poperinge, signing in with Poperinge's tenant.
  'sub-demo': { password: 'pw-demo', preferred_username: 'demo', email: 'demo@poperinge.example', name: 'Demo', tid: TID_POPERINGE },
  // The Ieper demo account, in Ieper's tenant.
  'sub-ieper': { password: 'pw-ieper', preferred_username: 'ieper', email: 'ieper@ieper.example', name: 'Ieper', tid: TID_IEPER },
  // Known to the provider, unknown to Pop Index.
  'sub-mallory': { password: 'pw-mallory', preferred_username: 'mallory', email: 'mallory@poperinge.example', name: 'Mallory', tid: TID_POPERINGE },
  // A Poperinge account name presented by Ieper's tenant: must not become the Poperinge user.
  'sub-crossover': { password: 'pw-cross', preferred_username: 'demo', email: 'x@ieper.example', name: 'Cross', tid: TID_IEPER },
  // A tenant no municipality is mapped to.
  'sub-stranger': { password: 'pw-stranger', preferred_username: 'demo', email: 's@elsewhere.example', name: 'Stranger', tid: 'unmapped-tenant' },
};

/** Signs `sub` in through the desktop flow against `provider`; returns the tokens and the loopback page. */
export async function signInAs(provider: TestProvider, sub: string): Promise<{ tokens: OidcTokens; page: string }> {
  const account = ACCOUNTS[sub];
  if (!account) throw new Error(`no test account ${sub}`);
  let browsing: Promise<string> = Promise.resolve('');
  const tokens = await signInWithBrowser(
    { issuer: provider.issuer, clientId: CLIENT_ID, scopes: SCOPES },
    {
      openExternal: (url) => {
        browsing = browse(url, { login: sub, password: account.password }).then((r) => r.body);
      },
      extraParams: { prompt: 'consent' },
      timeoutMs: 10_000,
    },
  );
  return { tokens, page: await browsing };
}
