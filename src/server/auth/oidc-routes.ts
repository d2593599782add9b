/**
 * `GET /api/v1/auth/methods` (no sign-in needed): which ways of signing in this backend accepts,
 * so the desktop knows whether to show "Sign in with your municipality account" and where to send
 * the browser (issuer, public client id, scopes). Nothing secret: a public client has no secret.
 */
import { AuthMethods } from '../../shared/contract/auth.js';
import type { RouteHelper } from '../http/route.js';
import { createOidcVerifier, type OidcVerifier, type OidcVerifierOptions } from './oidc.js';
import { oidcConfigFromEnv, parseOidcConfig, type OidcIssuerConfigInput } from './oidc-config.js';

export const AUTH_METHODS_PATH = '/api/v1/auth/methods';

export function registerAuthMethodsRoute(route: RouteHelper, options: { oidc: OidcVerifier | null; password: boolean }): void {
  route(
    { method: 'GET', url: AUTH_METHODS_PATH, summary: 'How to sign in: local accounts and/or OpenID Connect issuers', tags: ['auth'], auth: false, response: AuthMethods },
    async ({ reply }) => {
      reply.header('cache-control', 'no-store');
      return { password: options.password, oidc: options.oidc?.methods() ?? [] };
    },
  );
}

/**
 * The verifier for createServer: from `configs` (server options), else from the environment
 * (OIDC_* variables, see oidc-config.ts); null when no issuer is configured. Throws
 * OidcConfigError with a readable message on a bad configuration (the server refuses to start).
 */
export function oidcFromOptions(configs: readonly OidcIssuerConfigInput[] | null | undefined, options: OidcVerifierOptions = {}): OidcVerifier | null {
  const parsed = configs === undefined ? oidcConfigFromEnv() : configs === null ? [] : parseOidcConfig(configs);
  return parsed.length ? createOidcVerifier(parsed, options) : null;
}
