/**
 * Municipality sign-in inside the core: asks the backend which issuers it trusts, runs the browser
 * sign-in (./oidc-login.ts), checks that the backend accepts the access token (GET /api/v1/me),
 * hands the result to the core's session (`session.accept`) and keeps it alive with the refresh
 * token: renewed before expiry, and after the access token lapsed (sleep, a 401). A refresh the
 * provider refuses forgets the OIDC tokens only: the session runs out and the user signs in again,
 * while the cache and the outbox stay (same user: nothing is cleared).
 *
 * Secrets: the OIDC tokens (refresh token included) live in the host's SecretStore under
 * `oidc-tokens` and in memory; they are never returned to the renderer and never logged.
 */
import { AuthMethods, type OidcMethod } from '../../../shared/contract/auth.js';
import { PopError, type ErrorCode } from '../../../shared/ipc/contract.js';
import { SessionUser } from '../../../shared/sync/protocol.js';
import type { BackendClient } from '../features/types.js';
import type { Logger } from '../logging/logger.js';
import type { SecretStore } from '../session/secret-store.js';
import type { Session } from '../session/session.js';
import { BackendError, createHttpClient } from '../sync/http.js';
import { OidcSignInError, type OidcFailure } from './errors.js';
import { refreshTokens, signInWithBrowser, type OidcTokens } from './oidc-login.js';

export const OIDC_SECRET_KEY = 'oidc-tokens';

export interface OidcSessionDeps {
  session: Session;
  secrets: SecretStore;
  /** The core's backend client (for the unauthenticated GET /api/v1/auth/methods). */
  backend: BackendClient;
  baseUrl(): string;
  /** Opens the system browser (Electron shell.openExternal; tests: a function that logs in over HTTP). */
  openExternal?(url: string): Promise<unknown> | unknown;
  log: Logger;
  /** Called after a sign-in or a renewal (the core kicks a sync). */
  signedIn?(): void;
  now?(): number;
  /** Renew this long before the access token expires (default 60 s). */
  refreshSkewMs?: number;
  /** How often to look for a lapsed session that can be renewed (default 30 s). */
  checkEveryMs?: number;
  /** Browser timeout (default 5 min). */
  timeoutMs?: number;
  /** Extra authorization parameters (e.g. prompt=consent where a provider needs it for offline_access). */
  extraParams?: Record<string, string>;
}

/** What a host may set (CoreOptions.oidc). */
export type OidcOptions = Partial<Pick<OidcSessionDeps, 'openExternal' | 'refreshSkewMs' | 'checkEveryMs' | 'timeoutMs' | 'extraParams'>>;

export interface OidcSession {
  methods(): Promise<AuthMethods>;
  /** Interactive sign-in; resolves with the signed-in user. Throws PopError with a readable message. */
  signIn(issuer?: string): Promise<SessionUser>;
  /** Renew now if there is a refresh token. Returns true when a renewed session is in place. */
  refresh(): Promise<boolean>;
  /** Forget the OIDC tokens (sign-out, or another way of signing in). */
  forget(): Promise<void>;
  /** Load stored tokens, renew a lapsed session, start the timers. */
  start(): Promise<void>;
  stop(): void;
}

const POP_CODE: Record<OidcFailure, ErrorCode> = {
  not_configured: 'not_found',
  unreachable: 'offline',
  timeout: 'unauthenticated',
  cancelled: 'unauthenticated',
  denied: 'unauthenticated',
  state_mismatch: 'unauthenticated',
  provider_error: 'unauthenticated',
  exchange_failed: 'unauthenticated',
  refresh_failed: 'unauthenticated',
  rejected_by_backend: 'forbidden',
};

function toPopError(err: unknown): PopError {
  if (err instanceof OidcSignInError) return new PopError(POP_CODE[err.code], err.message);
  if (err instanceof PopError) return err;
  return new PopError('internal', 'Signing in with the municipality account failed');
}

export function createOidcSession(d: OidcSessionDeps): OidcSession {
  const now = d.now ?? Date.now;
  const log = d.log.scope('oidc');
  const skew = d.refreshSkewMs ?? 60_000;
  let tokens: OidcTokens | null = null;
  let timer: NodeJS.Timeout | null = null;
  let check: NodeJS.Timeout | null = null;
  let refreshing: Promise<boolean> | null = null;
  let pendingSignIn: AbortController | null = null;
  /** Set by stop(): a renewal still in flight must not touch the (closed) cache or the session. */
  let stopped = false;

  async function save(next: OidcTokens | null): Promise<void> {
    tokens = next;
    if (next) await d.secrets.set(OIDC_SECRET_KEY, JSON.stringify(next));
    else await d.secrets.delete(OIDC_SECRET_KEY);
  }

  /** The backend's view of the token's user; BackendError on refusal or network failure. */
  function whoAmI(accessToken: string): Promise<SessionUser> {
    const client = createHttpClient({ baseUrl: d.baseUrl, token: () => accessToken });
    return client.request('GET', '/api/v1/me', { schema: SessionUser });
  }

  /** Forget the OIDC tokens and end the core session (only if it still is ours). */
  async function endSession(): Promise<void> {
    const ours = tokens !== null && (d.session.token() === null || d.session.token() === tokens.accessToken);
    await save(null);
    if (ours && !stopped) await d.session.expired();
  }

  function schedule(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!tokens) return;
    // Without a refresh token (no offline_access) the session simply ends at expiry: say so then.
    const delay = tokens.refreshToken ? Math.max(5_000, tokens.expiresAt - skew - now()) : Math.max(0, tokens.expiresAt - now());
    timer = setTimeout(() => {
      if (tokens?.refreshToken) void refresh();
      else endSession().catch(() => log.warn('ending the lapsed session failed', {}));
    }, Math.min(delay, 2 ** 31 - 1));
    timer.unref?.();
  }

  async function adopt(next: OidcTokens, user: SessionUser): Promise<void> {
    if (stopped) return;
    await save(next);
    if (stopped) return;
    await d.session.accept({ token: next.accessToken, expiresAt: new Date(next.expiresAt).toISOString(), user });
    schedule();
    d.signedIn?.();
  }

  async function methods(): Promise<AuthMethods> {
    return d.backend.request('GET', '/api/v1/auth/methods', { schema: AuthMethods });
  }

  async function signIn(issuer?: string): Promise<SessionUser> {
    if (!d.openExternal) throw new PopError('internal', 'This app cannot open a browser for signing in');
    pendingSignIn?.abort(); // a second click restarts the sign-in
    const abort = new AbortController();
    pendingSignIn = abort;
    try {
      const offered = await methods();
      const method: OidcMethod | undefined = issuer ? offered.oidc.find((m) => m.issuer === issuer) : offered.oidc[0];
      if (!method) throw new OidcSignInError('not_configured', 'This server offers no sign-in with a municipality account');
      let user: SessionUser | null = null;
      const next = await signInWithBrowser(method, {
        openExternal: d.openExternal,
        signal: abort.signal,
        timeoutMs: d.timeoutMs,
        extraParams: d.extraParams,
        now,
        // the browser says "signed in" only once the backend accepted the token
        accept: async (tokens) => {
          try {
            user = await whoAmI(tokens.accessToken);
          } catch (err) {
            if (err instanceof BackendError && (err.reason === 'unauthenticated' || err.reason === 'forbidden')) {
              throw new OidcSignInError('rejected_by_backend', 'Your municipality account is not linked to a Pop Index account: ask IT');
            }
            throw err;
          }
        },
      });
      if (!user) throw new OidcSignInError('rejected_by_backend', 'The backend did not confirm the account');
      await adopt(next, user);
      log.info('signed in with municipality account', { issuer: method.issuer });
      return user;
    } catch (err) {
      const popError = toPopError(err);
      log.warn('municipality sign-in failed', { code: popError.code, reason: err instanceof OidcSignInError ? err.code : popError.code });
      throw popError;
    } finally {
      if (pendingSignIn === abort) pendingSignIn = null;
    }
  }

  async function doRefresh(): Promise<boolean> {
    const current = tokens;
    if (!current?.refreshToken) return false;
    const sessionToken = d.session.token();
    if (sessionToken !== null && sessionToken !== current.accessToken) {
      await save(null); // someone signed in another way meanwhile: these tokens are stale
      return false;
    }
    let next: OidcTokens;
    try {
      next = await refreshTokens(current, now);
    } catch (err) {
      const code = err instanceof OidcSignInError ? err.code : 'unreachable';
      if (code === 'refresh_failed') {
        // The refresh token is dead: end the session now (the UI asks to sign in again) rather
        // than let it run out unannounced. Cache and outbox stay; the same user finds them back.
        log.info('session renewal refused: the user signs in again', {});
        await endSession();
        return false;
      }
      log.info('session renewal postponed: identity provider unreachable', {});
      return false;
    }
    if (stopped) return false;
    let user: SessionUser | null;
    try {
      user = await whoAmI(next.accessToken);
    } catch (err) {
      if (err instanceof BackendError && (err.reason === 'unauthenticated' || err.reason === 'forbidden')) {
        log.warn('backend refused the renewed token: the user signs in again', {});
        await endSession();
        return false;
      }
      user = d.session.user() ?? d.session.cachedUser(); // backend offline: same account (subject checked)
    }
    if (!user) {
      await save(next);
      return false;
    }
    await adopt(next, user);
    return true;
  }

  /** Never rejects (timers call it): a failure is logged and the next check tries again. */
  function refresh(): Promise<boolean> {
    if (stopped) return Promise.resolve(false);
    refreshing ??= doRefresh()
      .catch((err: unknown) => {
        if (!stopped) log.warn('session renewal failed', { error: err instanceof Error ? err.name : typeof err });
        return false;
      })
      .finally(() => {
        refreshing = null;
        if (tokens && !stopped) schedule();
      });
    return refreshing;
  }

  async function load(): Promise<void> {
    const raw = await d.secrets.get(OIDC_SECRET_KEY);
    if (!raw) return;
    try {
      const stored = JSON.parse(raw) as Partial<OidcTokens>;
      if (typeof stored.accessToken !== 'string' || typeof stored.issuer !== 'string' || typeof stored.clientId !== 'string' || typeof stored.expiresAt !== 'number') throw new Error('bad shape');
      tokens = { issuer: stored.issuer, clientId: stored.clientId, accessToken: stored.accessToken, refreshToken: stored.refreshToken ?? null, expiresAt: stored.expiresAt, subject: stored.subject ?? null };
    } catch {
      await save(null);
    }
  }

  return {
    methods,
    signIn: (issuer) => signIn(issuer),
    refresh,
    async forget() {
      pendingSignIn?.abort();
      if (timer) clearTimeout(timer);
      timer = null;
      await save(null);
    },
    async start() {
      stopped = false;
      await load();
      if (tokens && (d.session.token() === null || tokens.expiresAt - skew <= now())) await refresh();
      else schedule();
      check = setInterval(() => {
        if (tokens && !refreshing && (d.session.token() === null || tokens.expiresAt - skew <= now())) void refresh();
      }, d.checkEveryMs ?? 30_000);
      check.unref?.();
    },
    stop() {
      stopped = true;
      pendingSignIn?.abort();
      if (timer) clearTimeout(timer);
      if (check) clearInterval(check);
      timer = check = null;
    },
  };
}
