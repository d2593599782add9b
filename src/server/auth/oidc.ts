/**
 * Municipality sign-in on the backend: validates bearer JWT **access tokens** of configured
 * OpenID Connect issuers (Entra ID, Keycloak) and maps them onto a Pop Index account.
 *
 * Why access tokens, not ID tokens: an ID token tells the *desktop* who signed in (its `aud` is
 * the desktop's client id); an access token is what the provider issues *for this API* (`aud` =
 * the API, scopes granted to it, renewable with the refresh token). Tokens that look like ID
 * tokens are refused even when the audience would match (see `looksLikeIdToken`; not by `nonce`:
 * Keycloak before 24 copies the nonce into access tokens too).
 *
 * Checks, in order: a JWT of sane size -> `iss` is a configured issuer (others are refused) ->
 * signature with the issuer's keys (jose `createRemoteJWKSet` on the discovered `jwks_uri`,
 * algorithm allow-list) -> `iss`, `aud`, `exp`, `nbf` (clock tolerance) -> the user claim -> the
 * tenant (fixed per issuer, or a claim such as Entra's `tid` mapped to a municipality) -> an
 * enabled account with that username/e-mail in that municipality. No account yet: the first
 * sign-in of a directory person creates it (oidc-provision.ts; `provision: false` refuses them);
 * the roles that come from the token's groups are synced at every sign-in.
 */
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JWTPayload } from 'jose';
import type { OidcMethod } from '../../shared/contract/auth.js';
import type { SessionUser } from '../../shared/sync/protocol.js';
import type { TokenVerifier, VerifierContext } from './hook.js';
import type { OidcIssuerConfig } from './oidc-config.js';
import { provisionFromToken, ProvisionRefused, syncGroupRoles } from './oidc-provision.js';

export type OidcRefusal =
  | 'malformed'
  | 'unknown_issuer'
  | 'bad_signature'
  | 'bad_algorithm'
  | 'expired'
  | 'not_yet_valid'
  | 'wrong_audience'
  | 'invalid_claims'
  | 'id_token'
  | 'no_user_claim'
  | 'unknown_tenant'
  | 'unknown_user'
  | 'account_disabled'
  | 'wrong_tenant'
  | 'provider_unreachable';

export class OidcTokenError extends Error {
  constructor(
    readonly reason: OidcRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'OidcTokenError';
  }
}

/** What a valid token says, before it is matched with an account. */
export interface OidcIdentity {
  issuer: string;
  subject: string | null;
  /** Value of the configured user claim (lower-cased, except for `id` matching). */
  user: string;
  userMatch: 'username' | 'email' | 'id';
  /** Municipality the token's tenant maps to; null when the issuer trusts the account's own. */
  municipalityId: string | null;
}

interface Checked {
  identity: OidcIdentity;
  payload: JWTPayload;
  config: OidcIssuerConfig;
}

export interface OidcVerifierOptions {
  /** Told why a token was refused (for a log line; never the token itself). */
  onRefused?(reason: OidcRefusal, issuer: string | null): void;
  /** Timeout of discovery and JWKS requests (default 5 s). */
  fetchTimeoutMs?: number;
}

export interface OidcVerifier {
  /** Plug into createServer({ tokenVerifiers }). */
  verifier: TokenVerifier;
  /** Validates the token itself; null when it is not a JWT at all (e.g. a local session token). */
  identify(token: string): Promise<OidcIdentity | null>;
  /** What GET /api/v1/auth/methods tells the desktop. */
  methods(): OidcMethod[];
}

const JWT_SHAPE = /^[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}$/;
const MAX_TOKEN_LENGTH = 8192;
const Discovery = (json: unknown, issuer: string): URL => {
  const doc = json as { issuer?: unknown; jwks_uri?: unknown } | null;
  if (!doc || doc.issuer !== issuer || typeof doc.jwks_uri !== 'string') {
    throw new OidcTokenError('provider_unreachable', 'The discovery document does not match the configured issuer');
  }
  const url = new URL(doc.jwks_uri);
  const loopback = url.protocol === 'http:' && new URL(issuer).protocol === 'http:' && url.hostname === new URL(issuer).hostname;
  if (url.protocol !== 'https:' && !loopback) throw new OidcTokenError('provider_unreachable', 'jwks_uri must be https');
  return url;
};

type KeySet = ReturnType<typeof createRemoteJWKSet>;

/**
 * An ID token: `at_hash` (ID tokens only), Keycloak's `typ: "ID"`, or a token for the desktop
 * client (`aud`) that grants no scope (access tokens carry `scp` in Entra ID, `scope` elsewhere).
 */
function looksLikeIdToken(payload: JWTPayload, config: OidcIssuerConfig): boolean {
  if (payload.at_hash !== undefined || payload.typ === 'ID') return true;
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  return audiences.includes(config.clientId) && payload.scp === undefined && payload.scope === undefined;
}

function refusalOf(err: unknown): OidcTokenError {
  if (err instanceof OidcTokenError) return err;
  if (err instanceof errors.JWTExpired) return new OidcTokenError('expired', 'The token has expired');
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'aud') return new OidcTokenError('wrong_audience', 'The token is not meant for this API (audience)');
    if (err.claim === 'nbf') return new OidcTokenError('not_yet_valid', 'The token is not valid yet');
    if (err.claim === 'iss') return new OidcTokenError('unknown_issuer', 'The token comes from another issuer');
    return new OidcTokenError('invalid_claims', `The token's claim "${err.claim}" is invalid`);
  }
  if (err instanceof errors.JOSEAlgNotAllowed) return new OidcTokenError('bad_algorithm', 'The token is signed with an algorithm that is not allowed');
  if (err instanceof errors.JWSSignatureVerificationFailed || err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) {
    return new OidcTokenError('bad_signature', "The token's signature does not match the issuer's keys");
  }
  if (err instanceof errors.JWTInvalid || err instanceof errors.JWSInvalid || err instanceof errors.JOSENotSupported) {
    return new OidcTokenError('malformed', 'The token is malformed');
  }
  return new OidcTokenError('provider_unreachable', "The identity provider's keys could not be fetched");
}

export function createOidcVerifier(configs: readonly OidcIssuerConfig[], options: OidcVerifierOptions = {}): OidcVerifier {
  const byIssuer = new Map(configs.map((c) => [c.issuer, c]));
  const keySets = new Map<string, Promise<KeySet>>();
  const timeout = options.fetchTimeoutMs ?? 5000;

  function keysOf(config: OidcIssuerConfig): Promise<KeySet> {
    let pending = keySets.get(config.issuer);
    if (!pending) {
      const url = `${config.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
      pending = fetch(url, { signal: AbortSignal.timeout(timeout), redirect: 'error' })
        .then(async (res) => {
          if (!res.ok) throw new OidcTokenError('provider_unreachable', `Discovery answered HTTP ${res.status}`);
          const jwksUri = Discovery(await res.json(), config.issuer);
          return createRemoteJWKSet(jwksUri, { timeoutDuration: timeout, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
        })
        .catch((err: unknown) => {
          keySets.delete(config.issuer); // retry discovery on the next token
          throw refusalOf(err);
        });
      keySets.set(config.issuer, pending);
    }
    return pending;
  }

  function tenantOf(config: OidcIssuerConfig, payload: JWTPayload): string | null {
    const tenant = config.tenant;
    if ('municipalityId' in tenant) return tenant.municipalityId;
    if ('anyMunicipality' in tenant) return null;
    const value = payload[tenant.claim];
    const mapped = typeof value === 'string' ? tenant.map[value] : undefined;
    if (!mapped) throw new OidcTokenError('unknown_tenant', `The token's tenant (${tenant.claim}) is not mapped to a municipality`);
    return mapped;
  }

  async function check(token: string): Promise<Checked | null> {
    if (token.length > MAX_TOKEN_LENGTH || !JWT_SHAPE.test(token)) return null;
    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(token);
    } catch {
      throw new OidcTokenError('malformed', 'The token is malformed');
    }
    const config = typeof unverified.iss === 'string' ? byIssuer.get(unverified.iss) : undefined;
    if (!config) throw new OidcTokenError('unknown_issuer', 'The token comes from an issuer this server does not trust');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await keysOf(config), {
        issuer: config.issuer,
        audience: config.audience,
        algorithms: config.algorithms,
        clockTolerance: config.clockToleranceSec,
        requiredClaims: ['exp'],
      }));
    } catch (err) {
      throw refusalOf(err);
    }
    if (looksLikeIdToken(payload, config)) {
      throw new OidcTokenError('id_token', 'An ID token is not accepted here: send the access token');
    }
    const user = payload[config.userClaim];
    if (typeof user !== 'string' || user.length === 0 || user.length > 320) {
      throw new OidcTokenError('no_user_claim', `The token has no usable "${config.userClaim}" claim`);
    }
    const identity: OidcIdentity = {
      issuer: config.issuer,
      subject: typeof payload.sub === 'string' ? payload.sub : null,
      user: config.userMatch === 'id' ? user : user.toLowerCase(),
      userMatch: config.userMatch,
      municipalityId: tenantOf(config, payload),
    };
    return { identity, payload, config };
  }

  async function checked(token: string): Promise<Checked | null> {
    try {
      return await check(token);
    } catch (err) {
      const refusal = refusalOf(err);
      options.onRefused?.(refusal.reason, null);
      throw refusal;
    }
  }

  async function identify(token: string): Promise<OidcIdentity | null> {
    return (await checked(token))?.identity ?? null;
  }

  async function verifier(token: string, ctx: VerifierContext): Promise<SessionUser | null> {
    const found = await checked(token);
    if (!found) return null;
    const { identity, payload, config } = found;
    const by = identity.userMatch === 'email' ? { email: identity.user } : identity.userMatch === 'id' ? { id: identity.user } : { username: identity.user };
    const user = await ctx.findUser(by);
    if (!user) {
      try {
        return await provisionFromToken(ctx.db, config, identity, payload, ctx.now());
      } catch (err) {
        if (!(err instanceof ProvisionRefused)) throw err;
        options.onRefused?.(err.reason, identity.issuer);
        throw new OidcTokenError(err.reason, err.reason === 'account_disabled' ? 'This Pop Index account is disabled' : 'No Pop Index account belongs to this sign-in');
      }
    }
    if (identity.municipalityId !== null && user.municipalityId !== identity.municipalityId) {
      options.onRefused?.('wrong_tenant', identity.issuer);
      throw new OidcTokenError('wrong_tenant', "The account belongs to another municipality than the token's tenant");
    }
    return syncGroupRoles(ctx.db, config, user, payload, ctx.now());
  }

  return {
    verifier,
    identify,
    methods: () => configs.map((c) => ({ issuer: c.issuer, clientId: c.clientId, scopes: c.scopes, label: c.label })),
  };
}
