/**
 * Contract handlers of municipality sign-in (AUTH_METHODS in src/shared/ipc/channels.ts), plus the
 * two core session verbs wrapped so that signing out, or signing in with a password, also forgets
 * the OIDC tokens (no silent renewal of a session the user left).
 */
import type { AUTH_METHODS } from '../../../shared/ipc/channels.js';
import type { Handlers } from '../dispatch.js';
import type { OidcSession } from './oidc-session.js';

export type AuthMethod = (typeof AUTH_METHODS)[number];
type Wrapped = 'session.signOut' | 'session.signIn';

export function authHandlers(oidc: OidcSession, core: Pick<Handlers, 'session.get' | Wrapped>): Pick<Handlers, AuthMethod | Wrapped> {
  return {
    'session.authMethods': () => oidc.methods(),
    'session.signInOidc': async ({ issuer }) => {
      await oidc.signIn(issuer);
      return core['session.get']({});
    },
    'session.signOut': async (input) => {
      await oidc.forget();
      return core['session.signOut'](input);
    },
    'session.signIn': async (input) => {
      const state = await core['session.signIn'](input);
      await oidc.forget();
      return state;
    },
  };
}
