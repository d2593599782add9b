/**
 * A real OpenID Connect provider for tests: `oidc-provider` 9 on 127.0.0.1, port 0, shaped like a
 * municipality's Entra ID / Keycloak:
 *   - one public native client (`pop-index-desktop`): PKCE, loopback redirect http://127.0.0.1/callback
 *     (any port, RFC 8252), authorization_code + refresh_token;
 *   - access tokens for the Pop Index API are JWTs (aud `api://pop-index`, scope `api`) carrying
 *     `preferred_username`, `email` and an Entra-like tenant id `tid`, signed with ES256;
 *   - a login + consent interaction of its own (password checked), which `browse()` completes with
 *     plain HTTP requests, as a browser would.
 *   - optionally confidential clients (`serviceClients`) that get access tokens for the same API
 *     with the client-credentials grant (`clientCredentialsToken`), as another system would;
 * The test can mint tokens with the provider's own signing key (`sign`) to build expired or
 * wrong-audience tokens that are otherwise perfectly valid.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import { errors, Provider, withoutKnownWarnings } from './quiet-provider.js';

export const CLIENT_ID = 'pop-index-desktop';
export const API_AUDIENCE = 'api://pop-index';
export const SCOPES = 'openid profile email offline_access api';

export interface TestAccount {
  password: string;
  preferred_username: string;
  email: string;
  name: string;
  /** Entra-like tenant id claim. */
  tid: string;
  /** Group ids (Entra object ids / Keycloak group paths), sent as the `groups` claim when set. */
  groups?: string[];
}

export interface TestProvider {
  issuer: string;
  jwksUri: string;
  /** Revoke a refresh token at the provider (RFC 7009), as an administrator or a password reset would. */
  revoke(refreshToken: string): Promise<void>;
  /** An access token for the API by the client-credentials grant (POST /token, client_secret_basic). */
  clientCredentialsToken(clientId: string, secret: string): Promise<string>;
  /** Sign arbitrary claims with the provider's own key (same kid as its real tokens). */
  sign(claims: JWTPayload, options?: { expiresIn?: number | string }): Promise<string>;
  close(): Promise<void>;
}

export interface ProviderOptions {
  accounts: Record<string, TestAccount>;
  /** Lifetime of access tokens in seconds (default 300). */
  accessTokenTtl?: number;
  /** Confidential clients for the OAuth 2.0 client-credentials grant (other systems calling the service API). */
  serviceClients?: Array<{ clientId: string; secret: string }>;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return new URLSearchParams(body);
}

function page(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<!doctype html><html><body>${html}</body></html>`);
}

export async function startTestProvider(options: ProviderOptions): Promise<TestProvider> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid: `test-${Math.random().toString(36).slice(2, 10)}`, alg: 'ES256', use: 'sig' };
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = options.accounts;

  const provider = await withoutKnownWarnings(() => new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        redirect_uris: ['http://127.0.0.1/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        id_token_signed_response_alg: 'ES256',
      },
      ...(options.serviceClients ?? []).map((c) => ({
        client_id: c.clientId,
        client_secret: c.secret,
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['client_credentials'],
        id_token_signed_response_alg: 'ES256',
        response_types: [],
        redirect_uris: [],
      })),
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: ['test-cookie-key-1'] },
    pkce: { required: () => true },
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email'] },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, indicator: string) => {
          if (indicator !== API_AUDIENCE) throw new errors.InvalidTarget();
          return { scope: 'api', audience: API_AUDIENCE, accessTokenFormat: 'jwt', accessTokenTTL: options.accessTokenTtl ?? 300, jwt: { sign: { alg: 'ES256' } } };
        },
      },
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx: unknown, sub: string) => {
      const account = accounts[sub];
      if (!account) return undefined;
      return { accountId: sub, claims: () => ({ sub, name: account.name, preferred_username: account.preferred_username, email: account.email }) };
    },
    extraTokenClaims: (_ctx: unknown, token: { kind: string; accountId?: string }) => {
      const account = token.accountId ? accounts[token.accountId] : undefined;
      if (token.kind !== 'AccessToken' || !account) return undefined;
      return { preferred_username: account.preferred_username, email: account.email, tid: account.tid, ...(account.groups ? { groups: account.groups } : {}) };
    },
    ttl: { AccessToken: options.accessTokenTtl ?? 300, ClientCredentials: options.accessTokenTtl ?? 300, IdToken: 300, RefreshToken: 3600, Interaction: 300, Session: 3600, Grant: 3600 },
  }));
  const oidc = provider.callback();

  async function interaction(req: IncomingMessage, res: ServerResponse, uid: string, action: string | undefined): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) return page(res, 400, 'interaction mismatch');
    if (req.method === 'GET' && details.prompt.name === 'login') {
      return page(res, 200, `<form method="post" action="/interaction/${uid}/login"><input name="login"><input name="password" type="password"><button>Sign in</button></form>`);
    }
    if (req.method === 'GET' && details.prompt.name === 'consent') {
      return page(res, 200, `<form method="post" action="/interaction/${uid}/confirm"><button>Allow</button></form>`);
    }
    if (req.method === 'POST' && action === 'login') {
      const form = await readForm(req);
      const sub = form.get('login') ?? '';
      if (accounts[sub]?.password !== form.get('password')) return page(res, 401, 'Wrong login or password');
      return provider.interactionFinished(req, res, { login: { accountId: sub } }, { mergeWithLastSubmission: false });
    }
    if (req.method === 'POST' && action === 'confirm') {
      const accountId = details.session?.accountId ?? '';
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId, clientId: String(details.params['client_id']) });
      if (!grant) return page(res, 400, 'grant not found');
      const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(resource, scopes.join(' '));
      const grantId = await grant.save();
      return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    }
    return page(res, 400, 'unexpected interaction step');
  }

  server.on('request', (req, res) => {
    const match = /^\/interaction\/([\w-]+)(?:\/(login|confirm))?$/.exec(req.url ?? '');
    if (!match) return oidc(req, res);
    interaction(req, res, match[1] ?? '', match[2]).catch((err: unknown) => page(res, 500, String(err)));
  });

  const signingKey = await importJWK(jwk, 'ES256');
  return {
    issuer,
    jwksUri: `${issuer}/jwks`,
    async revoke(refreshToken) {
      const res = await fetch(`${issuer}/token/revocation`, {
        method: 'POST',
        body: new URLSearchParams({ token: refreshToken, token_type_hint: 'refresh_token', client_id: CLIENT_ID }),
      });
      if (!res.ok) throw new Error(`revocation failed: HTTP ${res.status}`);
    },
    async clientCredentialsToken(clientId, secret) {
      const res = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}` },
        body: new URLSearchParams({ grant_type: 'client_credentials', resource: API_AUDIENCE, scope: 'api' }),
      });
      const body = (await res.json()) as { access_token?: string; error?: string };
      if (!res.ok || !body.access_token) throw new Error(`client credentials failed: HTTP ${res.status} ${body.error ?? ''}`);
      return body.access_token;
    },
    async sign(claims, signOptions = {}) {
      const jwt = new SignJWT({ iss: issuer, ...claims }).setProtectedHeader({ alg: 'ES256', kid: jwk.kid!, typ: 'at+jwt' }).setIssuedAt();
      if (claims.exp === undefined) jwt.setExpirationTime(signOptions.expiresIn ?? '5m');
      return jwt.sign(signingKey);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
