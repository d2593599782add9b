/**
 * Sign-in with a municipality account (OpenID Connect: Entra ID, Keycloak).
 *
 * `AuthMethods` is also the wire answer of the backend's unauthenticated
 * `GET /api/v1/auth/methods` (src/server/auth/oidc-routes.ts): the desktop reads it to know
 * whether to offer "Sign in with your municipality account" and where to send the browser.
 * Contract methods (renderer <-> desktop core) are handled in src/main/core/auth/.
 */
import { z } from 'zod';
import type { SessionState } from '../ipc/contract.js';
import { SessionUser } from '../sync/protocol.js';

/**
 * The session after an OIDC sign-in: the same shape as `SessionState` in ../ipc/contract.ts
 * (built here because contract.ts imports this file; `satisfies` keeps the two in step).
 */
const SignedInState = z.object({
  signedIn: z.boolean(),
  user: SessionUser.nullable(),
  demo: z.boolean(),
}) satisfies z.ZodType<SessionState>;

/** One identity provider a municipality (or the whole region) signs in with. */
export const OidcMethod = z.object({
  /** Exact issuer (the `iss` of its tokens), e.g. https://login.microsoftonline.com/<tenant>/v2.0 */
  issuer: z.string().url().max(500),
  /** The desktop's public client id at that provider. */
  clientId: z.string().min(1).max(200),
  /** Scopes the desktop requests (space-separated), e.g. "openid profile offline_access api://pop-index/access". */
  scopes: z.string().min(1).max(1000),
  /** Shown on the button when there are several, e.g. "Poperinge". */
  label: z.string().max(100).nullable(),
});
export type OidcMethod = z.infer<typeof OidcMethod>;

export const AuthMethods = z.object({
  /** Local accounts (username + password) are accepted. */
  password: z.boolean(),
  oidc: z.array(OidcMethod).max(50),
});
export type AuthMethods = z.infer<typeof AuthMethods>;

export const authContract = {
  /** What the backend offers (empty `oidc` when offline or not configured). */
  'session.authMethods': { input: z.object({}).strict(), output: AuthMethods },
  /**
   * Opens the system browser at the provider (PKCE + loopback redirect) and resolves once signed
   * in. `issuer` picks one of `session.authMethods().oidc` (default: the first).
   */
  'session.signInOidc': {
    input: z.object({ issuer: z.string().url().max(500).optional() }).strict(),
    output: SignedInState,
  },
} as const;
