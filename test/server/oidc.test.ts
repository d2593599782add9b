/**
 * The backend's OIDC access-token verifier against a real OpenID Connect provider (oidc-provider 9
 * on 127.0.0.1, discovery + JWKS over HTTP). Real tokens come from the desktop's browser flow;
 * broken ones are real tokens altered, or claims signed with the provider's own key.
 */
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type PopServer } from '../../src/server/app.js';
import { findUser } from '../../src/server/auth/accounts.js';
import type { VerifierContext } from '../../src/server/auth/hook.js';
import { OidcConfigError, oidcConfigFromEnv, parseOidcConfig, type OidcIssuerConfig } from '../../src/server/auth/oidc-config.js';
import { AUTH_METHODS_PATH } from '../../src/server/auth/oidc-routes.js';
import { AuthMethods } from '../../src/shared/contract/auth.js';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, SessionUser } from '../../src/shared/sync/protocol.js';
import { createOidcVerifier, OidcTokenError, type OidcRefusal, type OidcVerifier } from '../../src/server/auth/oidc.js';
import { ACCOUNTS, signInAs, TID_IEPER, TID_POPERINGE } from '../oidc/accounts.js';
import { API_AUDIENCE, CLIENT_ID, SCOPES, startTestProvider, type TestProvider } from '../oidc/provider.js';

const POPERINGE = 'poperinge';
const IEPER = 'ieper';

let provider: TestProvider;
let other: TestProvider;
let config: OidcIssuerConfig;
let verifier: OidcVerifier;
let demoToken: string;

function configFor(p: TestProvider, overrides: Partial<Parameters<typeof parseOidcConfig>[0][number]> = {}): OidcIssuerConfig {
  const [parsed] = parseOidcConfig([
    {
      issuer: p.issuer,
      audience: API_AUDIENCE,
      clientId: CLIENT_ID,
      scopes: SCOPES,
      tenant: { claim: 'tid', map: { [TID_POPERINGE]: POPERINGE, [TID_IEPER]: IEPER } },
      ...overrides,
    },
  ]);
  return parsed!;
}

async function refusal(v: OidcVerifier, token: string): Promise<OidcRefusal> {
  try {
    await v.identify(token);
  } catch (err) {
    if (err instanceof OidcTokenError) return err.reason;
    throw err;
  }
  throw new Error('token was accepted');
}

const base = () => ({ sub: 'sub-demo', aud: API_AUDIENCE, preferred_username: 'demo', tid: TID_POPERINGE, scope: 'api', client_id: CLIENT_ID });

beforeAll(async () => {
  [provider, other] = await Promise.all([startTestProvider({ accounts: ACCOUNTS }), startTestProvider({ accounts: ACCOUNTS })]);
  config = configFor(provider);
  verifier = createOidcVerifier([config]);
  demoToken = (await signInAs(provider, 'sub-demo')).tokens.accessToken;
});
afterAll(async () => {
  await Promise.all([provider?.close(), other?.close()]);
});

describe('OIDC access tokens (verifier)', () => {
  it('accepts a real access token from the desktop flow and reads user and tenant from it', async () => {
    expect(await verifier.identify(demoToken)).toEqual({
      issuer: provider.issuer,
      subject: 'sub-demo',
      user: 'demo',
      userMatch: 'username',
      municipalityId: POPERINGE,
    });
  });

  it('refuses a real token of another issuer', async () => {
    const foreign = (await signInAs(other, 'sub-demo')).tokens.accessToken;
    expect(await refusal(verifier, foreign)).toBe('unknown_issuer');
    // ... also when it claims our issuer but is signed with the other provider's key
    expect(await refusal(verifier, await other.sign({ ...base(), iss: provider.issuer }))).toBe('bad_signature');
  });

  it('refuses an expired token, and one not valid yet', async () => {
    const past = Math.floor(Date.now() / 1000) - 3600;
    expect(await refusal(verifier, await provider.sign({ ...base(), iat: past - 300, exp: past }))).toBe('expired');
    expect(await refusal(verifier, await provider.sign({ ...base(), nbf: Math.floor(Date.now() / 1000) + 3600 }))).toBe('not_yet_valid');
    // within the clock tolerance (30 s) an expired token still passes: the provider's clock may differ
    expect(await verifier.identify(await provider.sign({ ...base(), exp: Math.floor(Date.now() / 1000) - 5 }))).not.toBeNull();
  });

  it('refuses a tampered signature and a tampered payload', async () => {
    const [header, payload, signature] = demoToken.split('.') as [string, string, string];
    const flipped = signature.slice(0, 10) + (signature[10] === 'A' ? 'B' : 'A') + signature.slice(11);
    expect(await refusal(verifier, `${header}.${payload}.${flipped}`)).toBe('bad_signature');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, preferred_username: 'admin' })).toString('base64url');
    expect(await refusal(verifier, `${header}.${forged}.${signature}`)).toBe('bad_signature');
  });

  it('refuses a wrong audience, and an ID token even when the audience would match', async () => {
    expect(await refusal(verifier, await provider.sign({ ...base(), aud: 'api://another-api' }))).toBe('wrong_audience');
    expect(await refusal(verifier, await provider.sign({ ...base(), aud: CLIENT_ID }))).toBe('wrong_audience');
    const lenient = createOidcVerifier([configFor(provider, { audience: [API_AUDIENCE, CLIENT_ID] })]);
    const { scope: _scope, ...idClaims } = base();
    expect(await refusal(lenient, await provider.sign({ ...idClaims, aud: CLIENT_ID, nonce: 'n-1' }))).toBe('id_token');
    expect(await refusal(lenient, await provider.sign({ ...base(), at_hash: 'x1' }))).toBe('id_token');
    expect(await refusal(lenient, await provider.sign({ ...base(), typ: 'ID' }))).toBe('id_token');
    // Keycloak < 24 puts the nonce into access tokens too: that alone is no reason to refuse
    expect(await lenient.identify(await provider.sign({ ...base(), nonce: 'n-2', typ: 'Bearer' }))).toMatchObject({ user: 'demo' });
  });

  it('only accepts allowed algorithms (no HS256 with a guessed secret, no alg "none")', async () => {
    const hs = await new SignJWT({ ...base(), iss: provider.issuer }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('5m').sign(new TextEncoder().encode('secret'));
    expect(await refusal(verifier, hs)).toBe('bad_algorithm');
    const unsigned = [{ alg: 'none', typ: 'JWT' }, { ...base(), iss: provider.issuer, exp: Math.floor(Date.now() / 1000) + 300 }]
      .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
      .join('.');
    expect(await refusal(verifier, `${unsigned}.${createHmac('sha256', 'x').update(unsigned).digest('base64url')}`)).toBe('bad_algorithm');
    const rsOnly = createOidcVerifier([configFor(provider, { algorithms: ['RS256'] })]);
    expect(await refusal(rsOnly, demoToken)).toBe('bad_algorithm');
  });

  it('needs the user claim and a mapped tenant', async () => {
    const { preferred_username: _drop, ...noUser } = base();
    expect(await refusal(verifier, await provider.sign(noUser))).toBe('no_user_claim');
    expect(await refusal(verifier, await provider.sign({ ...base(), tid: 'unmapped-tenant' }))).toBe('unknown_tenant');
    const ieper = await verifier.identify((await signInAs(provider, 'sub-ieper')).tokens.accessToken);
    expect(ieper).toMatchObject({ user: 'ieper', municipalityId: IEPER });
    const byEmail = createOidcVerifier([configFor(provider, { userClaim: 'email', userMatch: 'email', tenant: { municipalityId: POPERINGE } })]);
    expect(await byEmail.identify(demoToken)).toMatchObject({ user: 'demo@poperinge.example', userMatch: 'email', municipalityId: POPERINGE });
  });

  it('leaves tokens that are not JWTs to other verifiers, and refuses garbage that looks like one', async () => {
    expect(await verifier.identify('an-opaque-local-session-token-1234567890')).toBeNull();
    expect(await verifier.identify('x'.repeat(9000))).toBeNull();
    expect(await refusal(verifier, 'eyJub3Q.anNvbg.c2ln')).toBe('malformed');
  });

  it('reports an unreachable provider as such (the request is refused, not trusted)', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const gone = await startTestProvider({ accounts: ACCOUNTS });
    const goneConfig = configFor(gone);
    await gone.close();
    const v = createOidcVerifier([goneConfig], { fetchTimeoutMs: 2000 });
    const token = await new SignJWT({ ...base(), iss: goneConfig.issuer }).setProtectedHeader({ alg: 'ES256' }).setExpirationTime('5m').sign(privateKey);
    expect(await refusal(v, token)).toBe('provider_unreachable');
  });
});

describe('OIDC configuration', () => {
  it('reads one issuer from the environment', () => {
    const [c] = oidcConfigFromEnv({
      OIDC_ISSUER: 'https://login.microsoftonline.com/7f1c0c4e/v2.0',
      OIDC_AUDIENCE: 'api://pop-index',
      OIDC_CLIENT_ID: 'desktop-client',
      OIDC_TENANT_CLAIM: 'tid',
      OIDC_TENANT_MAP: `${TID_POPERINGE}=poperinge, ${TID_IEPER}=ieper`,
      OIDC_USER_CLAIM: 'email',
      OIDC_USER_MATCH: 'email',
    });
    expect(c).toMatchObject({
      issuer: 'https://login.microsoftonline.com/7f1c0c4e/v2.0',
      userClaim: 'email',
      userMatch: 'email',
      scopes: 'openid profile offline_access',
      algorithms: ['RS256', 'PS256', 'ES256'],
      tenant: { claim: 'tid', map: { [TID_POPERINGE]: 'poperinge', [TID_IEPER]: 'ieper' } },
    });
    expect(oidcConfigFromEnv({})).toEqual([]);
    expect(oidcConfigFromEnv({ OIDC_ISSUER: 'https://sso.example.be/realms/westhoek', OIDC_AUDIENCE: 'pop-index', OIDC_CLIENT_ID: 'pop', OIDC_TENANT: '*' })[0]?.tenant).toEqual({ anyMunicipality: true });
  });

  it('explains what is wrong', () => {
    expect(() => oidcConfigFromEnv({ OIDC_ISSUER: 'https://sso.example.be', OIDC_AUDIENCE: 'a', OIDC_CLIENT_ID: 'c' })).toThrow(/OIDC_TENANT/);
    expect(() => oidcConfigFromEnv({ OIDC_ISSUER: 'http://sso.example.be', OIDC_AUDIENCE: 'a', OIDC_CLIENT_ID: 'c', OIDC_TENANT: 'x' })).toThrow(/https/);
    expect(() => oidcConfigFromEnv({ OIDC_ISSUER: 'https://sso.example.be', OIDC_CLIENT_ID: 'c', OIDC_TENANT: 'x' })).toThrow(/audience/);
    expect(() => oidcConfigFromEnv({ OIDC_PROVIDERS: '[{' })).toThrow(/not valid JSON/);
    expect(() => oidcConfigFromEnv({ OIDC_ISSUER: 'https://sso.example.be', OIDC_AUDIENCE: 'a', OIDC_CLIENT_ID: 'c', OIDC_TENANT_CLAIM: 'tid', OIDC_TENANT_MAP: 'nonsense' })).toThrow(/OIDC_TENANT_MAP/);
  });
});

describe('OIDC on the running backend', () => {
  let server: PopServer;
  let url: string;
  const dir = mkdtempSync(join(tmpdir(), 'pop-oidc-server-'));

  beforeAll(async () => {
    server = await createServer({ file: join(dir, 'server.sqlite'), seed: { size: 120 }, oidc: [{ issuer: provider.issuer, audience: API_AUDIENCE, clientId: CLIENT_ID, scopes: SCOPES, label: 'Westhoek', tenant: { claim: 'tid', map: { [TID_POPERINGE]: POPERINGE, [TID_IEPER]: IEPER } } }] });
    url = await server.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const me = (token: string) => fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) } });

  it('tells anyone which issuer and client id to use (no secrets)', async () => {
    const res = await fetch(`${url}${AUTH_METHODS_PATH}`, { headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) } });
    expect(res.status).toBe(200);
    expect(AuthMethods.parse(await res.json())).toEqual({ password: true, oidc: [{ issuer: provider.issuer, clientId: CLIENT_ID, scopes: SCOPES, label: 'Westhoek' }] });
  });

  it('maps a real access token onto the Pop Index account, per tenant', async () => {
    const res = await me(demoToken);
    expect(res.status).toBe(200);
    expect(SessionUser.parse(await res.json())).toMatchObject({ username: 'demo', municipalityId: POPERINGE });
    const ieper = await me((await signInAs(provider, 'sub-ieper')).tokens.accessToken);
    expect(SessionUser.parse(await ieper.json())).toMatchObject({ username: 'ieper', municipalityId: IEPER });
  });

  it('answers 401 to every refused token: unknown user, other tenant, other issuer, expired, tampered, wrong audience', async () => {
    const [header, payload, signature] = demoToken.split('.') as [string, string, string];
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), preferred_username: 'admin' })).toString('base64url')}.${signature}`;
    const refused = {
      unknownUser: (await signInAs(provider, 'sub-mallory')).tokens.accessToken,
      otherTenant: (await signInAs(provider, 'sub-crossover')).tokens.accessToken,
      otherIssuer: (await signInAs(other, 'sub-demo')).tokens.accessToken,
      expired: await provider.sign({ ...base(), exp: Math.floor(Date.now() / 1000) - 3600 }),
      tampered,
      wrongAudience: await provider.sign({ ...base(), aud: 'api://another-api' }),
    };
    for (const [what, token] of Object.entries(refused)) {
      const res = await me(token);
      expect({ what, status: res.status }).toEqual({ what, status: 401 });
      expect(await res.json()).toMatchObject({ error: 'unauthenticated' });
    }
  });

  it('can match the account by e-mail, or by account id (Entra oid), instead of username', async () => {
    const db = server.db.kysely;
    const row = await db.selectFrom('users').innerJoin('people', 'people.id', 'users.person_id').select(['users.id', 'people.email']).where('users.username', '=', 'demo').executeTakeFirstOrThrow();
    const ctx: VerifierContext = { db, now: () => new Date(), findUser: (by) => findUser(db, by) };
    ACCOUNTS['sub-mail'] = { password: 'pw-mail', preferred_username: 'someone-else', email: row.email.toUpperCase(), name: 'Mail', tid: TID_POPERINGE };
    try {
      const token = (await signInAs(provider, 'sub-mail')).tokens.accessToken;
      const byEmail = createOidcVerifier([configFor(provider, { userClaim: 'email', userMatch: 'email' })]);
      expect(await byEmail.verifier(token, ctx)).toMatchObject({ username: 'demo', municipalityId: POPERINGE });
      await expect(verifier.verifier(token, ctx)).rejects.toMatchObject({ reason: 'unknown_user' }); // by username: someone-else
    } finally {
      delete ACCOUNTS['sub-mail'];
    }
    const byId = createOidcVerifier([configFor(provider, { userClaim: 'oid', userMatch: 'id' })]);
    expect(await byId.verifier(await provider.sign({ ...base(), oid: row.id }), ctx)).toMatchObject({ username: 'demo' });
    await expect(byId.verifier(await provider.sign({ ...base(), oid: 'no-such-account' }), ctx)).rejects.toMatchObject({ reason: 'unknown_user' });
  });

  it('keeps local accounts working next to OIDC', async () => {
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
      body: JSON.stringify({ username: 'ieper', password: 'demo' }),
    });
    const { token } = (await login.json()) as { token: string };
    expect((await me(token)).status).toBe(200);
  });

  it('refuses to start with a broken configuration', async () => {
    await expect(createServer({ file: ':memory:', seed: false, oidc: [{ issuer: 'http://sso.example.be', audience: 'a', clientId: 'c', tenant: { municipalityId: POPERINGE } }] })).rejects.toBeInstanceOf(OidcConfigError);
  });
});
