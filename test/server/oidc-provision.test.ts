/**
 * OIDC first sign-in and group roles, against a real OpenID Connect provider (oidc-provider 9) and
 * a real backend, on SQLite and PostgreSQL: a directory person without an account signs in through
 * the desktop's browser flow and gets one (staff + the roles of their groups); later tokens sync
 * the group roles and keep the roles granted in Beheer; no person, another municipality's person,
 * a disabled account or provisioning switched off are refused (401). All of it in the admin log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminLog, grantRole, setDisabled, type Actor } from '../../src/server/admin/accounts.js';
import { findUser } from '../../src/server/auth/accounts.js';
import type { VerifierContext } from '../../src/server/auth/hook.js';
import { oidcConfigFromEnv, parseOidcConfig, type OidcIssuerConfigInput } from '../../src/server/auth/oidc-config.js';
import { createOidcVerifier, OidcTokenError } from '../../src/server/auth/oidc.js';
import { guidToString } from '../../src/server/import/guid.js';
import type { ImportTables } from '../../src/server/import/tables.js';
import { SessionUser } from '../../src/shared/sync/protocol.js';
import { ACCOUNTS, signInAs, TID_IEPER, TID_POPERINGE } from '../oidc/accounts.js';
import { API_AUDIENCE, CLIENT_ID, SCOPES, startTestProvider, type TestProvider } from '../oidc/provider.js';
import { api, KINDS, skipKind, startServer, type Api, type TestServer } from './helpers.js';

const G_POPULATION = '3f2a9c1e-0000-4000-8000-00000000b0b0'; // an Entra group object id
const G_IT = '3f2a9c1e-0000-4000-8000-00000000a1a1';
const admin: Actor = { name: 'admin', municipalityId: 'poperinge', roles: ['staff', 'admin'] };

let provider: TestProvider;
beforeAll(async () => {
  provider = await startTestProvider({ accounts: ACCOUNTS });
});
afterAll(async () => {
  await provider?.close();
});

const oidcConfig = (overrides: Partial<OidcIssuerConfigInput> = {}): OidcIssuerConfigInput => ({
  issuer: provider.issuer,
  audience: API_AUDIENCE,
  clientId: CLIENT_ID,
  scopes: SCOPES,
  tenant: { claim: 'tid', map: { [TID_POPERINGE]: 'poperinge', [TID_IEPER]: 'ieper' } },
  groupRoles: { [G_POPULATION]: 'population', [G_IT]: ['admin'] },
  ...overrides,
});

for (const kind of KINDS) {
  describe.skipIf(skipKind(kind))(`OIDC first sign-in and group roles (${kind})`, () => {
    let t: TestServer;
    let http: Api;
    let person: { id: string; email: string; first_name: string; last_name: string };
    let other: { id: string; email: string };
    let ieperPerson: { id: string; email: string };
    const db = () => t.server.db.kysely;
    const ctx = (): VerifierContext => ({ db: db(), now: () => new Date(), findUser: (by) => findUser(db(), by) });
    const token = (claims: Record<string, unknown>) =>
      provider.sign({ sub: `sub-${String(claims.preferred_username)}`, aud: API_AUDIENCE, tid: TID_POPERINGE, scope: 'api', client_id: CLIENT_ID, ...claims });
    const me = async (bearer: string) => http.get('/api/v1/me', bearer);

    beforeAll(async () => {
      t = await startServer(kind, { oidc: [oidcConfig()] });
      http = api(t.url);
      const free = await db()
        .selectFrom('people')
        .select(['id', 'email', 'first_name', 'last_name'])
        .where('municipality_id', '=', 'poperinge')
        .where('id', 'not in', db().selectFrom('users').select('person_id').where('person_id', 'is not', null).$narrowType<{ person_id: string }>())
        .orderBy('id')
        .limit(2)
        .execute();
      [person, other] = free as [typeof person, typeof person];
      ieperPerson = await db().selectFrom('people').select(['id', 'email']).where('municipality_id', '=', 'ieper').where('id', 'not in', db().selectFrom('users').select('person_id').where('person_id', 'is not', null).$narrowType<{ person_id: string }>()).orderBy('id').executeTakeFirstOrThrow();
    });
    afterAll(async () => {
      await t?.stop();
    });

    it('creates the account of a directory person on first sign-in (real browser flow): staff + group roles, person linked, logged', async () => {
      ACCOUNTS['sub-newcomer'] = { password: 'pw-new', preferred_username: 'newcomer@poperinge.example', email: person.email.toUpperCase(), name: 'New', tid: TID_POPERINGE, groups: [G_POPULATION, 'some-unmapped-group'] };
      try {
        const { tokens } = await signInAs(provider, 'sub-newcomer');
        const res = await me(tokens.accessToken);
        expect(res.status).toBe(200);
        expect(SessionUser.parse(res.body)).toMatchObject({ username: 'newcomer@poperinge.example', municipalityId: 'poperinge', personId: person.id, roles: ['staff', 'population'], displayName: `${person.first_name} ${person.last_name}` });
        // the next request with the same token finds the account, creates nothing more
        expect((await me(tokens.accessToken)).status).toBe(200);
      } finally {
        delete ACCOUNTS['sub-newcomer'];
      }
      const accounts = await db().selectFrom('users').select(['username', 'idp_roles']).where('person_id', '=', person.id).execute();
      expect(accounts).toEqual([{ username: 'newcomer@poperinge.example', idp_roles: '["population"]' }]);
      const log = await adminLog(db(), admin, { target: 'newcomer@poperinge.example' });
      expect(log.items).toHaveLength(1);
      expect(log.items[0]).toMatchObject({ actor: 'oidc', action: 'provision', before: null, after: { roles: ['staff', 'population'], person: person.id } });
    });

    it('syncs the roles from groups at later sign-ins and keeps the roles granted in Beheer', async () => {
      const username = 'newcomer@poperinge.example';
      const roles = async (groups?: string[]) => {
        const res = await me(await token({ preferred_username: username, email: person.email, ...(groups ? { groups } : {}) }));
        expect(res.status).toBe(200);
        return SessionUser.parse(res.body).roles;
      };
      expect(await roles([G_POPULATION, G_IT])).toEqual(['staff', 'population', 'admin']);
      await grantRole(db(), admin, { username }, 'dpo', new Date());
      expect(await roles([G_IT])).toEqual(['staff', 'dpo', 'admin']); // population left the group, dpo stays
      expect(await roles(undefined)).toEqual(['staff', 'dpo', 'admin']); // no groups claim (overage): nothing changes
      expect(await roles([])).toEqual(['staff', 'dpo']);
      const log = await adminLog(db(), admin, { target: username });
      expect(log.items.map((e) => [e.actor, e.action])).toEqual([
        ['oidc', 'idp_roles'],
        ['oidc', 'idp_roles'],
        ['admin', 'grant'],
        ['oidc', 'idp_roles'],
        ['oidc', 'provision'],
      ]);
      expect(log.items[0]).toMatchObject({ before: { roles: ['staff', 'dpo', 'admin'] }, after: { roles: ['staff', 'dpo'] } });
    });

    it('refuses a disabled account (also on first sign-in paths)', async () => {
      const username = 'newcomer@poperinge.example';
      await setDisabled(db(), admin, { username }, true, new Date());
      const bearer = await token({ preferred_username: username, email: person.email, groups: [G_POPULATION] });
      expect((await me(bearer)).status).toBe(401);
      const v = createOidcVerifier(parseOidcConfig([oidcConfig()]));
      await expect(v.verifier(bearer, ctx())).rejects.toMatchObject({ reason: 'account_disabled' });
      // the same person under another username does not get a second account
      await expect(v.verifier(await token({ preferred_username: 'alias', email: person.email }), ctx())).rejects.toMatchObject({ reason: 'account_disabled' });
      await setDisabled(db(), admin, { username }, false, new Date());
      expect((await me(bearer)).status).toBe(200);
    });

    it('refuses tokens that match no person, another municipality\'s person, or when provisioning is off', async () => {
      const v = createOidcVerifier(parseOidcConfig([oidcConfig()]));
      const reason = async (bearer: string, verifier = v) => {
        try {
          await verifier.verifier(bearer, ctx());
        } catch (err) {
          if (err instanceof OidcTokenError) return err.reason;
          throw err;
        }
        return 'accepted';
      };
      expect(await reason(await token({ preferred_username: 'stranger', email: 'nobody@elsewhere.example' }))).toBe('unknown_user');
      expect(await reason(await token({ preferred_username: 'nomail' }))).toBe('unknown_user');
      // an Ieper person presented by Poperinge's tenant
      expect(await reason(await token({ preferred_username: 'crossing', email: ieperPerson.email }))).toBe('unknown_user');
      const off = createOidcVerifier(parseOidcConfig([oidcConfig({ provision: false })]));
      expect(await reason(await token({ preferred_username: 'second', email: other.email }), off)).toBe('unknown_user');
      expect(await db().selectFrom('users').select('id').where('username', 'in', ['stranger', 'nomail', 'crossing', 'second']).execute()).toEqual([]);
      // matched by UPN instead of email (Entra): the person claim is configurable
      const upn = createOidcVerifier(parseOidcConfig([oidcConfig({ personClaim: 'upn' })]));
      const user = await upn.verifier(await token({ preferred_username: 'second', upn: other.email.toUpperCase(), groups: [G_IT] }), ctx());
      expect(user).toMatchObject({ username: 'second', personId: other.id, roles: ['staff', 'admin'] });
    });

    it('matches the person by the stable id a directory import gave them (Entra oid, or onPremisesImmutableId = base64 objectGUID)', async () => {
      const free = await db()
        .selectFrom('people')
        .select(['id', 'email'])
        .where('municipality_id', '=', 'poperinge')
        .where('id', 'not in', db().selectFrom('users').select('person_id').where('person_id', 'is not', null).$narrowType<{ person_id: string }>())
        .orderBy('id', 'desc')
        .limit(2)
        .execute();
      const [byGuid, byOid] = free as [{ id: string; email: string }, { id: string; email: string }];
      const guidBytes = Buffer.from(Array.from({ length: 16 }, (_, i) => (i * 17 + 3) & 0xff));
      const links = db().withTables<ImportTables>();
      await links
        .insertInto('import_person_sources')
        .values([
          { municipality_id: 'poperinge', source: 'ldap:ad', source_id: guidToString(guidBytes), person_id: byGuid.id },
          { municipality_id: 'poperinge', source: 'entra', source_id: '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d', person_id: byOid.id },
        ])
        .execute();
      const immutable = createOidcVerifier(parseOidcConfig([oidcConfig({ personClaim: 'onprem_immutable_id', personMatch: 'source-id', personSource: 'ldap:ad' })]));
      // an e-mail that matches nobody: the id decides
      const u1 = await immutable.verifier(await token({ preferred_username: 'guid-user', email: 'nobody@elsewhere.example', onprem_immutable_id: guidBytes.toString('base64') }), ctx());
      expect(u1).toMatchObject({ username: 'guid-user', personId: byGuid.id });
      // the id of another source does not count when a source is configured
      await expect(immutable.verifier(await token({ preferred_username: 'oid-wrong-source', onprem_immutable_id: '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d' }), ctx())).rejects.toMatchObject({ reason: 'unknown_user' });
      const oid = createOidcVerifier(parseOidcConfig([oidcConfig({ personClaim: 'oid', personMatch: 'source-id' })]));
      const u2 = await oid.verifier(await token({ preferred_username: 'oid-user', oid: '0B1C2D3E-4F50-4A6B-8C7D-9E0F1A2B3C4D' }), ctx());
      expect(u2).toMatchObject({ username: 'oid-user', personId: byOid.id });
      await expect(oid.verifier(await token({ preferred_username: 'no-oid' }), ctx())).rejects.toMatchObject({ reason: 'unknown_user' });
    });
  });
}

describe('OIDC group roles configuration', () => {
  it('reads the group -> role map, the claims and the switch from the environment', () => {
    const [c] = oidcConfigFromEnv({
      OIDC_ISSUER: 'https://sso.example.be/realms/westhoek',
      OIDC_AUDIENCE: 'pop-index',
      OIDC_CLIENT_ID: 'pop',
      OIDC_TENANT: 'poperinge',
      OIDC_GROUP_ROLES: '/Bevolking=population, /Bevolking=population_nrn, /IT=admin',
      OIDC_PERSON_CLAIM: 'upn',
      OIDC_PROVISION: 'off',
      OIDC_PERSON_MATCH: 'source-id',
      OIDC_PERSON_SOURCE: 'ldap:ad',
    });
    expect(c).toMatchObject({ groupsClaim: 'groups', personClaim: 'upn', personMatch: 'source-id', personSource: 'ldap:ad', provision: false, groupRoles: { '/Bevolking': ['population', 'population_nrn'], '/IT': ['admin'] } });
    expect(() => oidcConfigFromEnv({ OIDC_ISSUER: 'https://sso.example.be', OIDC_AUDIENCE: 'a', OIDC_CLIENT_ID: 'c', OIDC_TENANT: 'x', OIDC_GROUP_ROLES: 'g=emperor' })).toThrow(/groupRoles/);
    expect(() => oidcConfigFromEnv({ OIDC_ISSUER: 'https://sso.example.be', OIDC_AUDIENCE: 'a', OIDC_CLIENT_ID: 'c', OIDC_TENANT: 'x', OIDC_GROUP_ROLES: 'nonsense' })).toThrow(/OIDC_GROUP_ROLES/);
  });
});
