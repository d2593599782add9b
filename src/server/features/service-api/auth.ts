/**
 * Who calls the service API: `Authorization: Bearer <credential>`, either
 *   - an API key "popsk.<account id>.<secret>": the account is looked up by its id and the key's
 *     sha256 compared in constant time with the stored one; or
 *   - a JWT access token from the municipality's identity provider (OAuth 2.0 client credentials):
 *     the account is found by the token's issuer and client id (`client_id`, else `azp`, else
 *     Entra v1 `appid`), then the signature is checked against the issuer's published keys
 *     (discovery -> jwks_uri), with the account's audience, issuer, expiry and an algorithm allow-list.
 * Anything else, a revoked account or a bad signature: 401 with a clear reason (never the token).
 */
import { timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { ApprovalType } from '../../../shared/domain/approvals.js';
import { HttpError } from '../../http/errors.js';
import type { Db } from '../types.js';
import { API_KEY_PREFIX, sha256Hex } from './accounts.js';
import type { ServiceTables } from './tables.js';

export interface ServiceCaller {
  accountId: string;
  name: string;
  municipalityId: string;
  types: readonly ApprovalType[];
}

const ALGORITHMS = ['RS256', 'PS256', 'ES256'];
const CLOCK_TOLERANCE_SEC = 30;
const unauthenticated = (message: string) => new HttpError(401, 'unauthenticated', message);

export interface ServiceAuthOptions {
  now(): Date;
  /** Timeout of discovery and key requests to the identity provider (default 5 s). */
  fetchTimeoutMs?: number;
}

export type ServiceAuthenticator = (authorization: string | undefined) => Promise<ServiceCaller>;

export function makeServiceAuthenticator(db: Db, options: ServiceAuthOptions): ServiceAuthenticator {
  const keySets = new Map<string, Promise<JWTVerifyGetKey>>();
  const timeout = options.fetchTimeoutMs ?? 5000;

  async function discover(issuer: string): Promise<JWTVerifyGetKey> {
    const res = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(timeout) });
    if (!res.ok) throw new Error(`discovery HTTP ${res.status}`);
    const meta = z.object({ issuer: z.string(), jwks_uri: z.string().url() }).parse(await res.json());
    if (meta.issuer !== issuer) throw new Error('discovery names another issuer');
    return createRemoteJWKSet(new URL(meta.jwks_uri), { timeoutDuration: timeout });
  }
  function keysOf(issuer: string): Promise<JWTVerifyGetKey> {
    let keys = keySets.get(issuer);
    if (!keys) {
      keys = discover(issuer);
      keySets.set(issuer, keys);
      keys.catch(() => keySets.delete(issuer));
    }
    return keys;
  }

  const accounts = () => db.withTables<ServiceTables>().selectFrom('service_accounts').selectAll().where('revoked_at', 'is', null);
  const caller = (row: ServiceTables['service_accounts']): ServiceCaller => ({
    accountId: row.id,
    name: row.name,
    municipalityId: row.municipality_id,
    types: z.array(ApprovalType).parse(JSON.parse(row.allowed_types)),
  });

  async function byApiKey(key: string): Promise<ServiceCaller> {
    const parts = key.split('.');
    const row = parts.length === 3 ? await accounts().where('id', '=', parts[1]!).where('auth_kind', '=', 'api_key').executeTakeFirst() : undefined;
    const given = Buffer.from(sha256Hex(key), 'hex');
    const stored = Buffer.from(row?.api_key_hash ?? '0'.repeat(64), 'hex');
    // Compared even when no account was found, so the answer takes as long either way.
    if (!timingSafeEqual(given, stored) || !row) throw unauthenticated('Unknown or revoked API key');
    return caller(row);
  }

  async function byToken(token: string): Promise<ServiceCaller> {
    let claims;
    try {
      claims = decodeJwt(token);
    } catch {
      throw unauthenticated('The bearer token is neither an API key nor a JWT access token');
    }
    const clientId = [claims.client_id, claims.azp, claims.appid].find((v): v is string => typeof v === 'string');
    if (typeof claims.iss !== 'string' || !clientId) throw unauthenticated('The access token names no issuer or client id');
    const row = await accounts().where('auth_kind', '=', 'oauth').where('oauth_issuer', '=', claims.iss).where('oauth_client_id', '=', clientId).executeTakeFirst();
    if (!row) throw unauthenticated('No service account for this client of this identity provider (or it was revoked)');
    let keys: JWTVerifyGetKey;
    try {
      keys = await keysOf(claims.iss);
    } catch {
      throw new HttpError(503, 'identity_provider_unreachable', 'The identity provider cannot be reached to check the token; try again later');
    }
    try {
      await jwtVerify(token, keys, {
        issuer: row.oauth_issuer!,
        audience: row.oauth_audience!,
        algorithms: ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_SEC,
        currentDate: options.now(),
        requiredClaims: ['exp'],
      });
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw unauthenticated('The access token has expired');
      if (err instanceof joseErrors.JWTClaimValidationFailed) throw unauthenticated(`The access token was refused: claim "${err.claim}" (${err.reason})`);
      if (err instanceof joseErrors.JWSSignatureVerificationFailed || err instanceof joseErrors.JWKSNoMatchingKey) throw unauthenticated('The access token is not signed by the identity provider');
      if (err instanceof joseErrors.JOSEAlgNotAllowed) throw unauthenticated('The access token uses an algorithm that is not allowed');
      if (err instanceof joseErrors.JWKSTimeout) throw new HttpError(503, 'identity_provider_unreachable', 'The identity provider cannot be reached to check the token; try again later');
      throw unauthenticated('The access token is not valid');
    }
    return caller(row);
  }

  return async (authorization) => {
    const match = typeof authorization === 'string' ? /^Bearer ([A-Za-z0-9._~+/=-]{16,8192})$/.exec(authorization) : null;
    if (!match) throw unauthenticated('Send a service account credential: Authorization: Bearer <API key or access token>');
    const credential = match[1]!;
    return credential.startsWith(`${API_KEY_PREFIX}.`) ? byApiKey(credential) : byToken(credential);
  };
}
