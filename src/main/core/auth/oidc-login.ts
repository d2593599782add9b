/**
 * OpenID Connect for a native app (openid-client 6): authorization code flow with PKCE (S256),
 * `state` and `nonce`, through the system browser and a loopback redirect (RFC 8252), and the
 * refresh-token grant. Plain Node: the host gives `openExternal` (Electron's shell.openExternal;
 * tests give a function that completes the login over HTTP).
 *
 * Tokens returned here go to the OIDC session (./oidc-session.ts) and from there only into the
 * host's SecretStore (../session/secret-store.ts): never to the renderer, never into a log line.
 */
import * as client from 'openid-client';
import type { OidcMethod } from '../../../shared/contract/auth.js';
import { OidcSignInError } from './errors.js';
import { startLoopback, type Callback } from './loopback.js';

/** What the core keeps of a sign-in (serialised into the SecretStore). */
export interface OidcTokens {
  issuer: string;
  clientId: string;
  accessToken: string;
  /** null when the provider gave none (no offline_access): the user signs in again at expiry. */
  refreshToken: string | null;
  /** Epoch ms when the access token expires. */
  expiresAt: number;
  /** `sub` of the ID token (who signed in), for checks on refresh; never logged. */
  subject: string | null;
}

export type OidcSettings = Pick<OidcMethod, 'issuer' | 'clientId' | 'scopes'>;

export interface BrowserSignInOptions {
  /** Opens the URL in the system browser (resolves once handed over). */
  openExternal(url: string): Promise<unknown> | unknown;
  /** How long to wait for the browser to come back (default 5 minutes). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Extra authorization parameters, e.g. `{ prompt: 'consent' }`, `{ login_hint }`, `{ domain_hint }`. */
  extraParams?: Record<string, string>;
  /**
   * Last check before the browser is told "you are signed in" (e.g. the backend accepts the
   * token); throwing makes the sign-in fail with that error and the browser show "failed".
   */
  accept?(tokens: OidcTokens): Promise<void>;
  now?: () => number;
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;

/** http is allowed only for an issuer on this computer (development, tests); real issuers are https. */
function isLoopbackHttp(issuer: URL): boolean {
  return issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
}

const configurations = new Map<string, Promise<client.Configuration>>();

/** Discovery (cached per issuer + client; a failed discovery is retried next time). */
export function discover(settings: Pick<OidcSettings, 'issuer' | 'clientId'>): Promise<client.Configuration> {
  const key = `${settings.issuer} ${settings.clientId}`;
  let pending = configurations.get(key);
  if (!pending) {
    const issuer = new URL(settings.issuer);
    if (issuer.protocol !== 'https:' && !isLoopbackHttp(issuer)) {
      return Promise.reject(new OidcSignInError('not_configured', 'The identity provider must use https'));
    }
    const options = isLoopbackHttp(issuer) ? { execute: [client.allowInsecureRequests], timeout: 15 } : { timeout: 15 };
    pending = client.discovery(issuer, settings.clientId, undefined, client.None(), options).catch((err: unknown) => {
      configurations.delete(key);
      throw new OidcSignInError('unreachable', `The identity provider could not be reached (${describe(err)})`);
    });
    configurations.set(key, pending);
  }
  return pending;
}

function describe(err: unknown): string {
  if (err instanceof client.ResponseBodyError) return err.error;
  if (err instanceof Error) return (err as Error & { code?: string }).code ?? err.name;
  return 'unknown error';
}

/** A refusal (4xx OAuth error, a token that fails checks) as opposed to a network or 5xx failure. */
function isRefusal(err: unknown): boolean {
  if (err instanceof client.ResponseBodyError) return err.status < 500;
  if (err instanceof client.ClientError) return err.code !== 'OAUTH_RESPONSE_IS_NOT_CONFORM';
  return false;
}

function toTokens(settings: Pick<OidcSettings, 'issuer' | 'clientId'>, response: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers, now: number, previous?: OidcTokens): OidcTokens {
  const expiresIn = response.expiresIn() ?? 300;
  return {
    issuer: settings.issuer,
    clientId: settings.clientId,
    accessToken: response.access_token,
    refreshToken: response.refresh_token ?? previous?.refreshToken ?? null,
    expiresAt: now + expiresIn * 1000,
    subject: response.claims()?.sub ?? previous?.subject ?? null,
  };
}

/** The whole interactive sign-in: browser out, loopback back, code exchanged for tokens. */
export async function signInWithBrowser(settings: OidcSettings, options: BrowserSignInOptions): Promise<OidcTokens> {
  const config = await discover(settings);
  const loopback = await startLoopback();
  const abort = new AbortController();
  const onOuterAbort = (): void => abort.abort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  try {
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      ...options.extraParams,
      redirect_uri: loopback.redirectUri,
      scope: settings.scopes,
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    const waiting = loopback.waitForCallback(state, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, abort.signal);
    // The browser runs on its own: its opener may only return once the user is done (tests).
    let openFailure: unknown = null;
    Promise.resolve()
      .then(() => options.openExternal(url.href))
      .catch((err: unknown) => {
        openFailure = err;
        abort.abort();
      });
    let callback: Callback;
    try {
      callback = await waiting;
    } catch (err) {
      if (openFailure) throw new OidcSignInError('cancelled', `The browser could not be opened (${describe(openFailure)})`);
      throw err;
    }
    let signedIn = false;
    try {
      let tokens: OidcTokens;
      try {
        const response = await client.authorizationCodeGrant(
          config,
          callback.url,
          { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true },
          { redirect_uri: loopback.redirectUri },
        );
        tokens = toTokens(settings, response, (options.now ?? Date.now)());
      } catch (err) {
        throw new OidcSignInError('exchange_failed', `The sign-in could not be completed (${describe(err)})`);
      }
      await options.accept?.(tokens);
      signedIn = true;
      return tokens;
    } finally {
      callback.answer(signedIn);
    }
  } finally {
    options.signal?.removeEventListener('abort', onOuterAbort);
    await loopback.close();
  }
}

/**
 * New tokens for a refresh token. A refused refresh token (expired, revoked: `invalid_grant`) is
 * `refresh_failed` (sign in again); a provider that cannot be reached is `unreachable` (try later).
 */
export async function refreshTokens(previous: OidcTokens, now: () => number = Date.now): Promise<OidcTokens> {
  if (!previous.refreshToken) throw new OidcSignInError('refresh_failed', 'No refresh token: sign in again');
  const config = await discover(previous);
  let response: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers;
  try {
    response = await client.refreshTokenGrant(config, previous.refreshToken);
  } catch (err) {
    if (isRefusal(err)) throw new OidcSignInError('refresh_failed', `The identity provider refused to renew the session (${describe(err)})`);
    throw new OidcSignInError('unreachable', `The identity provider could not be reached (${describe(err)})`);
  }
  const tokens = toTokens(previous, response, now(), previous);
  if (previous.subject && tokens.subject && tokens.subject !== previous.subject) {
    throw new OidcSignInError('refresh_failed', 'The renewed session belongs to another account');
  }
  return tokens;
}
