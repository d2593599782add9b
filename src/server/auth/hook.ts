/**
 * Authentication: `Authorization: Bearer <token>`. The token is first looked up as a local session
 * (opaque random token, stored as its sha256 with an expiry); otherwise each TokenVerifier given to
 * createServer({ tokenVerifiers }) is asked in turn (the OIDC verifier in src/server/auth/oidc*.ts).
 * On success `request.user` and `request.scope` are set; otherwise 401 `unauthenticated`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionUser } from '../../shared/sync/protocol.js';
import type { Db, UserScope } from '../features/types.js';
import { HttpError } from '../http/errors.js';
import { computeScope, type ScopeWithVersion } from './scope.js';
import { findUser, hashToken, sessionFromTokenHash } from './accounts.js';
import { AUTH_CACHE_MS, createSessionCache } from './session-cache.js';

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
    scope: ScopeWithVersion | null;
  }
}

export interface VerifierContext {
  db: Db;
  now(): Date;
  /** Find an enabled account (for mapping a token's claims onto a local user), or null. */
  findUser(by: { username: string } | { email: string } | { id: string }): Promise<SessionUser | null>;
}

/**
 * Validates a bearer token that is not a local session (e.g. an OIDC access token). Returns the
 * user it belongs to, or null when the token is not for this verifier. Throwing means "invalid".
 */
export type TokenVerifier = (token: string, ctx: VerifierContext) => Promise<SessionUser | null>;

export type Authenticate = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]{16,4096})$/;

export interface AuthenticateOptions {
  /** Local sessions + scope are reused this long (ms) per token (auth/session-cache.ts); 0: read on every request. */
  cacheMs?: number;
}

export function makeAuthenticate(db: Db, verifiers: readonly TokenVerifier[], now: () => Date, options: AuthenticateOptions = {}): Authenticate & { close(): void } {
  const ctx: VerifierContext = { db, now, findUser: (by) => findUser(db, by) };
  const cache = createSessionCache(options.cacheMs ?? AUTH_CACHE_MS);
  const authenticate = async (request: FastifyRequest): Promise<void> => {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? BEARER.exec(header) : null;
    if (!match) throw new HttpError(401, 'unauthenticated', 'Sign in first (Authorization: Bearer <token>)');
    const token = match[1]!;
    const tokenHash = hashToken(token);
    const at = now();
    const cached = cache.get(tokenHash, at.getTime());
    if (cached) {
      request.user = cached.user;
      request.scope = cached.scope;
      return;
    }
    const session = await lookup(tokenHash, at);
    if (session) {
      request.user = session.user;
      request.scope = session.scope;
      return;
    }
    let user: SessionUser | null = null;
    for (const verify of verifiers) {
      if (user) break;
      try {
        user = await verify(token, ctx);
      } catch (err) {
        request.log.info({ reason: err instanceof Error ? err.name : 'unknown' }, 'token refused by verifier');
      }
    }
    if (!user) throw new HttpError(401, 'unauthenticated', 'Session expired or token invalid: sign in again');
    request.user = user;
    request.scope = await computeScope(db, user);
  };
  // Desktops reconnecting together send many requests with one token before the first lookup
  // ends: they share it (only while nothing was forgotten since it started).
  const pending = new Map<string, { generation: number; promise: Promise<{ user: SessionUser; scope: ScopeWithVersion } | null> }>();
  const lookup = (tokenHash: string, at: Date) => {
    const generation = cache.generation();
    const running = pending.get(tokenHash);
    if (running && running.generation === generation) return running.promise;
    const promise = (async () => {
      const session = await sessionFromTokenHash(db, tokenHash, at);
      if (!session) return null;
      const scope = await computeScope(db, session.user);
      cache.set(tokenHash, { user: session.user, scope, expiresAt: Date.parse(session.expiresAt) }, at.getTime(), generation);
      return { user: session.user, scope };
    })();
    pending.set(tokenHash, { generation, promise });
    const done = () => {
      if (pending.get(tokenHash)?.promise === promise) pending.delete(tokenHash);
    };
    promise.then(done, done);
    return promise;
  };
  return Object.assign(authenticate, { close: () => cache.close() });
}

/** The signed-in user of a request behind `authenticate`. */
export function requireUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw new HttpError(401, 'unauthenticated', 'Sign in first');
  return request.user;
}

export function requireScope(request: FastifyRequest): UserScope & { version: string } {
  if (!request.scope) throw new HttpError(401, 'unauthenticated', 'Sign in first');
  return request.scope;
}
