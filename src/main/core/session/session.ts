/**
 * The session: who is signed in and the token the core uses against the backend.
 * The token is kept in memory and in the host's SecretStore; the user (not secret) in the cache so
 * the app knows whose data it holds. `accept(login)` is the seam for other sign-in flows (OIDC in
 * src/main/core/auth): they hand over a LoginResponse-shaped session.
 */
import { z } from 'zod';
import { LoginResponse, SessionUser, type LoginResponse as Login } from '../../../shared/sync/protocol.js';
import type { BackendClient, CacheDb } from '../features/types.js';
import type { SecretStore } from './secret-store.js';
import { getState, setState } from '../sync/state.js';

const TOKEN_KEY = 'session-token';

export interface Session {
  token(): string | null;
  user(): SessionUser | null;
  /** The last user whose data is in the cache (also when signed out / expired). */
  cachedUser(): SessionUser | null;
  /** Load a stored token at start. */
  restore(): Promise<void>;
  signIn(username: string, password: string): Promise<SessionUser>;
  /** Adopt a session obtained elsewhere (OIDC). Returns true when the user changed (cache must reset). */
  accept(login: Login): Promise<boolean>;
  signOut(): Promise<void>;
  /** The server said 401: forget the token, keep cache and outbox. */
  expired(): Promise<void>;
}

export function createSession(db: CacheDb, backend: BackendClient, secrets: SecretStore, onChange: (userChanged: boolean) => void): Session {
  let token: string | null = null;
  let expiresAt: number | null = null;
  let user: SessionUser | null = null;

  function cachedUser(): SessionUser | null {
    const raw = getState(db, 'session_user');
    if (!raw) return null;
    const parsed = SessionUser.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  }

  function valid(): boolean {
    return token !== null && (expiresAt === null || expiresAt > Date.now());
  }

  async function accept(login: Login): Promise<boolean> {
    const previous = cachedUser();
    const changed = previous !== null && previous.id !== login.user.id;
    token = login.token;
    expiresAt = Date.parse(login.expiresAt);
    user = login.user;
    await secrets.set(TOKEN_KEY, JSON.stringify({ token: login.token, expiresAt: login.expiresAt }));
    setState(db, 'session_user', JSON.stringify(login.user));
    onChange(changed);
    return changed;
  }

  return {
    token: () => (valid() ? token : null),
    user: () => (valid() ? user : null),
    cachedUser,
    async restore() {
      const raw = await secrets.get(TOKEN_KEY);
      if (!raw) return;
      try {
        const stored = JSON.parse(raw) as { token?: unknown; expiresAt?: unknown };
        if (typeof stored.token !== 'string' || typeof stored.expiresAt !== 'string') return;
        if (Date.parse(stored.expiresAt) <= Date.now()) return;
        token = stored.token;
        expiresAt = Date.parse(stored.expiresAt);
        user = cachedUser();
        if (!user) token = null;
      } catch {
        await secrets.delete(TOKEN_KEY);
      }
    },
    async signIn(username, password) {
      const login = await backend.request('POST', '/api/v1/auth/login', { body: { username, password }, schema: LoginResponse });
      await accept(login);
      return login.user;
    },
    accept,
    async signOut() {
      if (valid()) {
        // Best effort: end the session on the server too; signing out works offline as well.
        await backend.request('POST', '/api/v1/auth/logout', { schema: z.unknown() }).catch(() => undefined);
      }
      token = null;
      user = null;
      expiresAt = null;
      await secrets.delete(TOKEN_KEY);
      onChange(false);
    },
    async expired() {
      token = null;
      user = null;
      expiresAt = null;
      await secrets.delete(TOKEN_KEY);
      onChange(false);
    },
  };
}
