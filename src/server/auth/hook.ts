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
import { findUser, sessionUserFromToken } from './accounts.js';

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

export function makeAuthenticate(db: Db, verifiers: readonly TokenVerifier[], now: () => Date): Authenticate {
  const ctx: VerifierContext = { db, now, findUser: (by) => findUser(db, by) };
  return async (request) => {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? BEARER.exec(header) : null;
    if (!match) throw new HttpError(401, 'unauthenticated', 'Sign in first (Authorization: Bearer <token>)');
    const token = match[1]!;
    let user = await sessionUserFromToken(db, token, now());
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
