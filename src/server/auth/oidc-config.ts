/**
 * Configuration of municipality sign-in (OpenID Connect), from server options or the environment:
 *
 *   OIDC_ISSUER        exact issuer, e.g. https://login.microsoftonline.com/<tenant-id>/v2.0
 *                      or https://sso.example.be/realms/westhoek
 *   OIDC_AUDIENCE      the `aud` of access tokens for this API (Entra: the API's application id URI
 *                      or client id; Keycloak: the audience set by an audience mapper)
 *   OIDC_CLIENT_ID     the desktop's public client id (told to the desktop by GET /api/v1/auth/methods)
 *   OIDC_SCOPES        scopes the desktop asks for (default "openid profile offline_access")
 *   OIDC_USER_CLAIM    claim naming the user (default preferred_username; Entra: preferred_username or email)
 *   OIDC_USER_MATCH    what that claim is matched with: username (default), email (people.email), or id
 *                      (users.id, for accounts provisioned with Entra's `oid`: OIDC_USER_CLAIM=oid)
 *   OIDC_TENANT        municipality id of every user of this issuer, or "*" (the account's own municipality)
 *   OIDC_TENANT_CLAIM  or: the claim that names the tenant (Entra: tid) ...
 *   OIDC_TENANT_MAP    ... and its mapping "claimValue=municipalityId,claimValue2=municipalityId2"
 *   OIDC_LABEL         button label when several issuers are configured
 *   OIDC_ALGORITHMS    allowed JWS algorithms (default RS256,PS256,ES256)
 *   OIDC_PROVISION     first sign-in creates the account of a directory person (default on; "off" to refuse unknown users)
 *   OIDC_PERSON_CLAIM  claim that names the person on first sign-in (default email; Entra: email, upn, oid)
 *   OIDC_PERSON_MATCH  what that claim is matched with: email (people.email, default) or source-id (the
 *                      stable id a directory import gave the person, e.g. AD objectGUID; Entra's
 *                      onPremisesImmutableId (base64 of the objectGUID) is recognised as that GUID)
 *   OIDC_PERSON_SOURCE with source-id: the import source whose ids are meant (e.g. ldap:ad; default: any)
 *   OIDC_GROUPS_CLAIM  claim listing the user's groups (default groups)
 *   OIDC_GROUP_ROLES   group -> role map "groupId=population,groupId2=admin" (a group may appear twice)
 *   OIDC_PROVIDERS     or: a JSON array of OidcIssuerConfig, for several issuers (a region whose
 *                      municipalities each have their own Entra tenant)
 */
import { z } from 'zod';
import { Role } from '../../shared/sync/protocol.js';

export const DEFAULT_ALGORITHMS = ['RS256', 'PS256', 'ES256'] as const;
const Algorithm = z.enum(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA']);

const loopbackHosts = ['127.0.0.1', 'localhost', '[::1]'];
const IssuerUrl = z
  .string()
  .url()
  .max(500)
  .refine((value) => {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && loopbackHosts.includes(url.hostname));
  }, 'The issuer must be an https:// URL (http only on 127.0.0.1, for tests)');

export const TenantMapping = z.union([
  z.object({ municipalityId: z.string().min(1).max(100) }).strict(),
  z.object({ claim: z.string().min(1).max(100), map: z.record(z.string(), z.string().min(1).max(100)) }).strict(),
  /** Trust the account's own municipality (one identity provider for the whole region). */
  z.object({ anyMunicipality: z.literal(true) }).strict(),
]);
export type TenantMapping = z.infer<typeof TenantMapping>;

export const OidcIssuerConfig = z
  .object({
    issuer: IssuerUrl,
    audience: z.union([z.string().min(1).max(500), z.array(z.string().min(1).max(500)).min(1).max(10)]),
    clientId: z.string().min(1).max(200),
    scopes: z.string().min(1).max(1000).default('openid profile offline_access'),
    userClaim: z.string().min(1).max(100).default('preferred_username'),
    /** username (default), email (the linked person's e-mail), or id (accounts created with the provider's `oid`/`sub` as id). */
    userMatch: z.enum(['username', 'email', 'id']).default('username'),
    tenant: TenantMapping,
    label: z.string().max(100).nullable().default(null),
    algorithms: z.array(Algorithm).min(1).default([...DEFAULT_ALGORITHMS]),
    /** Tolerated clock difference with the provider, seconds. */
    clockToleranceSec: z.number().int().min(0).max(300).default(30),
    /** First sign-in of a directory person without an account creates it (roles: staff + group roles). */
    provision: z.boolean().default(true),
    /** Claim matched (case-insensitively) with people.email on first sign-in: email, upn, preferred_username, ... */
    personClaim: z.string().min(1).max(100).default('email'),
    /** email: the claim is a person's e-mail; source-id: the stable id a directory import gave them (import_person_sources). */
    personMatch: z.enum(['email', 'source-id']).default('email'),
    /** With source-id: only ids of this import source (e.g. "ldap:ad"); null: any source of the municipality. */
    personSource: z.string().min(1).max(100).nullable().default(null),
    /** Claim with the user's groups (Entra: object ids; Keycloak: group paths with the group mapper). */
    groupsClaim: z.string().min(1).max(100).default('groups'),
    /** Group -> role(s). Roles from groups are synced at every sign-in; roles granted in Beheer stay. */
    groupRoles: z.record(z.string().min(1).max(300), z.union([Role, z.array(Role).min(1).max(7)])).default({}),
  })
  .strict();
export type OidcIssuerConfig = z.output<typeof OidcIssuerConfig>;
export type OidcIssuerConfigInput = z.input<typeof OidcIssuerConfig>;

export class OidcConfigError extends Error {
  override name = 'OidcConfigError';
}

function parseMap(text: string, name = 'OIDC_TENANT_MAP', what = 'municipalityId'): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new OidcConfigError(`${name}: expected "claimValue=${what}", got "${pair.slice(0, 80)}"`);
    map[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return map;
}

/** "g1=population,g1=population_nrn,g2=admin" -> { g1: [population, population_nrn], g2: [admin] }. */
function groupRolesFromEnv(text: string): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const pair of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = pair.lastIndexOf('=');
    if (eq <= 0) throw new OidcConfigError(`OIDC_GROUP_ROLES: expected "group=role", got "${pair.slice(0, 80)}"`);
    (map[pair.slice(0, eq).trim()] ??= []).push(pair.slice(eq + 1).trim());
  }
  return map;
}

function validate(input: unknown, source: string): OidcIssuerConfig[] {
  const parsed = z.array(OidcIssuerConfig).max(50).safeParse(input);
  if (!parsed.success) {
    const detail = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'config'}: ${i.message}`).join('; ');
    throw new OidcConfigError(`Invalid OpenID Connect configuration (${source}): ${detail}`);
  }
  const issuers = parsed.data.map((c) => c.issuer);
  if (new Set(issuers).size !== issuers.length) throw new OidcConfigError(`Invalid OpenID Connect configuration (${source}): an issuer is listed twice`);
  return parsed.data;
}

/** Validated issuer list from server options (throws OidcConfigError with a clear message). */
export function parseOidcConfig(configs: readonly OidcIssuerConfigInput[]): OidcIssuerConfig[] {
  return validate(configs, 'server options');
}

/** The issuer list from environment variables; [] when OIDC_ISSUER and OIDC_PROVIDERS are unset. */
export function oidcConfigFromEnv(env: NodeJS.ProcessEnv = process.env): OidcIssuerConfig[] {
  if (env.OIDC_PROVIDERS) {
    let json: unknown;
    try {
      json = JSON.parse(env.OIDC_PROVIDERS);
    } catch {
      throw new OidcConfigError('OIDC_PROVIDERS is not valid JSON');
    }
    return validate(json, 'OIDC_PROVIDERS');
  }
  if (!env.OIDC_ISSUER) return [];
  let tenant: TenantMapping | undefined;
  if (env.OIDC_TENANT === '*') tenant = { anyMunicipality: true };
  else if (env.OIDC_TENANT) tenant = { municipalityId: env.OIDC_TENANT };
  else if (env.OIDC_TENANT_CLAIM) tenant = { claim: env.OIDC_TENANT_CLAIM, map: parseMap(env.OIDC_TENANT_MAP ?? '') };
  if (!tenant) throw new OidcConfigError('OIDC_ISSUER is set: set OIDC_TENANT (a municipality id or "*") or OIDC_TENANT_CLAIM + OIDC_TENANT_MAP');
  const config: Record<string, unknown> = {
    issuer: env.OIDC_ISSUER,
    audience: env.OIDC_AUDIENCE?.includes(',') ? env.OIDC_AUDIENCE.split(',').map((a) => a.trim()) : env.OIDC_AUDIENCE,
    clientId: env.OIDC_CLIENT_ID,
    tenant,
  };
  if (env.OIDC_SCOPES) config.scopes = env.OIDC_SCOPES;
  if (env.OIDC_USER_CLAIM) config.userClaim = env.OIDC_USER_CLAIM;
  if (env.OIDC_USER_MATCH) config.userMatch = env.OIDC_USER_MATCH;
  if (env.OIDC_LABEL) config.label = env.OIDC_LABEL;
  if (env.OIDC_ALGORITHMS) config.algorithms = env.OIDC_ALGORITHMS.split(',').map((a) => a.trim());
  if (env.OIDC_PROVISION) config.provision = !['off', 'false', '0', 'no'].includes(env.OIDC_PROVISION.trim().toLowerCase());
  if (env.OIDC_PERSON_CLAIM) config.personClaim = env.OIDC_PERSON_CLAIM;
  if (env.OIDC_PERSON_MATCH) config.personMatch = env.OIDC_PERSON_MATCH;
  if (env.OIDC_PERSON_SOURCE) config.personSource = env.OIDC_PERSON_SOURCE;
  if (env.OIDC_GROUPS_CLAIM) config.groupsClaim = env.OIDC_GROUPS_CLAIM;
  if (env.OIDC_GROUP_ROLES) config.groupRoles = groupRolesFromEnv(env.OIDC_GROUP_ROLES);
  return validate([config], 'environment');
}
