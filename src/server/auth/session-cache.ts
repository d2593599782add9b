/**
 * Local sessions and their scope, remembered per token for a short time (default AUTH_CACHE_MS),
 * so that a desktop pulling every second does not cost two database round trips (session, scope)
 * on every request.
 *
 * Bounds (docs/security.md "Sessions"):
 *   - in this process, logout, refresh and every session delete through `deleteSession`, an
 *     admin's change of an account (roles, disable, deputy: admin/accounts.ts), `bumpUserScope` and an
 *     import disabling a leaver forget the cached sessions at once (`forgetSessions()`: all of them,
 *     in every server of this process: rare events, simpler than tracking users);
 *   - a change made elsewhere (another backend process, `npm run admin` from a shell, SQL by hand)
 *     is seen at the latest `ttlMs` after it committed (each entry lives a random 50-100 % of it): a disabled account or revoked session can
 *     pull for at most that long. The session's own expiry is always checked, cached or not.
 *
 * Only local sessions are cached (an OIDC token is verified on every request). The key is the
 * token's sha256, as stored in `sessions`, never the token itself.
 */
import type { SessionUser } from '../../shared/sync/protocol.js';
import type { ScopeWithVersion } from './scope.js';

/** How long a session + scope read from the database is used without reading it again. */
export const AUTH_CACHE_MS = 5_000;
/** More distinct sessions than this in the cache: it is emptied (a bound on memory, not an LRU). */
const MAX_ENTRIES = 50_000;

interface Entry {
  user: SessionUser;
  scope: ScopeWithVersion;
  /** The session's expiry (ms since epoch). */
  expiresAt: number;
  /** Cached until (ms since epoch). */
  until: number;
}

export interface SessionCache {
  get(tokenHash: string, nowMs: number): { user: SessionUser; scope: ScopeWithVersion } | null;
  /** `generation`: the value of generation() taken BEFORE the database was read; a forget since then wins. */
  set(tokenHash: string, value: { user: SessionUser; scope: ScopeWithVersion; expiresAt: number }, nowMs: number, generation: number): void;
  generation(): number;
  close(): void;
}

const caches = new Set<{ clear(tokenHash?: string): void }>();
let forgetCount = 0;

/**
 * Forget the cached session of this token hash, or every cached session of this process: call after a session was deleted or anything a
 * user's session or scope depends on changed (also inside a transaction: a request racing it can
 * cache the old state once more, for at most the TTL).
 */
export function forgetSessions(tokenHash?: string): void {
  forgetCount += 1;
  for (const c of caches) c.clear(tokenHash);
}

export function createSessionCache(ttlMs: number): SessionCache {
  const entries = new Map<string, Entry>();
  const handle = { clear: (tokenHash?: string) => (tokenHash === undefined ? entries.clear() : void entries.delete(tokenHash)) };
  caches.add(handle);
  return {
    get(tokenHash, nowMs) {
      const e = entries.get(tokenHash);
      if (!e) return null;
      if (nowMs >= e.until || nowMs >= e.expiresAt || nowMs < e.until - ttlMs) {
        entries.delete(tokenHash);
        return null;
      }
      return { user: e.user, scope: e.scope };
    },
    set(tokenHash, value, nowMs, generation) {
      if (ttlMs <= 0 || generation !== forgetCount) return;
      if (entries.size >= MAX_ENTRIES) entries.clear();
      // Between half the TTL and the TTL: sessions first seen together (a thousand desktops after a
      // restart) are not all read again in the same instant every TTL.
      entries.set(tokenHash, { ...value, until: nowMs + Math.ceil(ttlMs * (0.5 + Math.random() / 2)) });
    },
    generation: () => forgetCount,
    close() {
      entries.clear();
      caches.delete(handle);
    },
  };
}
