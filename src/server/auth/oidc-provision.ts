/**
 * OIDC first sign-in and group roles (see oidc.ts for the token checks that come first).
 *
 * First sign-in: a valid token without an account gets one when its `personClaim` (email, upn, oid...)
 * matches exactly one directory person of the token's municipality who has no account yet: by
 * people.email (case-insensitive; `personMatch: email`) or by the stable id a directory import gave
 * the person (`personMatch: source-id`: AD objectGUID, entryUUID, personeelsnummer; an Entra
 * onPremisesImmutableId, base64 of the objectGUID, is read as that GUID). Username: the token's user claim (or the person claim when
 * accounts are matched by id); roles: `staff` plus the roles the token's groups map to. No matching
 * person, a person who already has an account, or a disabled account: refused as before.
 *
 * Group roles: at every sign-in (every request with an access token) the roles that came from
 * groups are synced with the token's groups; roles granted in Beheer stay. A token WITHOUT the
 * groups claim (e.g. Entra's "group overage") changes nothing: missing is not "no groups".
 * Every account created and every role changed here goes to the admin log with actor "oidc".
 */
import { sql } from 'kysely';
import type { JWTPayload } from 'jose';
import { Id } from '../../shared/domain/directory.js';
import { Role, type SessionUser } from '../../shared/sync/protocol.js';
import { provisionAccount, syncIdpRoles } from '../admin/accounts.js';
import type { Db } from '../features/types.js';
import type { OidcIssuerConfig } from './oidc-config.js';
import type { OidcIdentity } from './oidc.js';
import { findUser } from './accounts.js';
import { guidToString } from '../import/guid.js';
import type { ImportTables } from '../import/tables.js';

export const OIDC_ACTOR = 'oidc';

export type ProvisionRefusal = 'unknown_user' | 'account_disabled';

export class ProvisionRefused extends Error {
  constructor(
    readonly reason: ProvisionRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'ProvisionRefused';
  }
}

/** The roles the token's groups grant, or null when the token carries no groups claim. */
export function rolesFromGroups(config: OidcIssuerConfig, payload: JWTPayload): Role[] | null {
  const raw = payload[config.groupsClaim];
  if (!Array.isArray(raw)) return null;
  const roles = new Set<Role>();
  for (const group of raw.slice(0, 1000)) {
    if (typeof group !== 'string') continue;
    const mapped = config.groupRoles[group];
    for (const role of mapped === undefined ? [] : Array.isArray(mapped) ? mapped : [mapped]) roles.add(role);
  }
  return [...roles];
}

/** True when an account for this identity exists but is disabled. */
async function disabledAccount(db: Db, identity: OidcIdentity): Promise<boolean> {
  let q = db.selectFrom('users').select('users.id').where('users.disabled', '=', 1);
  if (identity.userMatch === 'id') q = q.where('users.id', '=', identity.user);
  else if (identity.userMatch === 'username') q = q.where('users.username', '=', identity.user);
  else q = q.innerJoin('people', 'people.id', 'users.person_id').where(sql<boolean>`lower(people.email) = ${identity.user.toLowerCase()}`);
  return !!(await q.executeTakeFirst());
}

const isUniqueViolation = (err: unknown) => /unique|duplicate/i.test(err instanceof Error ? err.message : String(err));

type PersonMatch = { id: string; municipality_id: string; first_name: string; last_name: string };

async function peopleByEmail(db: Db, config: OidcIssuerConfig, identity: OidcIdentity, claim: unknown): Promise<PersonMatch[]> {
  const email = typeof claim === 'string' && claim.length <= 320 && claim.includes('@') ? claim.trim().toLowerCase() : null;
  if (!email) throw new ProvisionRefused('unknown_user', `The token has no usable "${config.personClaim}" claim to find the person`);
  let people = db.selectFrom('people').select(['id', 'municipality_id', 'first_name', 'last_name']).where(sql<boolean>`lower(email) = ${email}`);
  if (identity.municipalityId !== null) people = people.where('municipality_id', '=', identity.municipalityId);
  return people.limit(2).execute();
}

/** The forms a directory id can take in a token: as is, and a base64 objectGUID (Entra) as AD's GUID string. */
export function sourceIdCandidates(value: string): string[] {
  const out = new Set([value, value.toLowerCase()]);
  if (/^[A-Za-z0-9+/]{22}==$/.test(value)) {
    const bytes = Buffer.from(value, 'base64');
    if (bytes.length === 16) out.add(guidToString(bytes));
  }
  return [...out];
}

async function peopleBySourceId(db: Db, config: OidcIssuerConfig, identity: OidcIdentity, claim: unknown): Promise<PersonMatch[]> {
  const value = typeof claim === 'string' && claim.trim().length > 0 && claim.length <= 200 ? claim.trim() : null;
  if (!value) throw new ProvisionRefused('unknown_user', `The token has no usable "${config.personClaim}" claim to find the person`);
  let q = db
    .withTables<ImportTables>()
    .selectFrom('import_person_sources as s')
    .innerJoin('people', 'people.id', 's.person_id')
    .select(['people.id', 'people.municipality_id', 'people.first_name', 'people.last_name'])
    .distinct()
    .where('s.source_id', 'in', sourceIdCandidates(value));
  if (config.personSource !== null) q = q.where('s.source', '=', config.personSource);
  if (identity.municipalityId !== null) q = q.where('s.municipality_id', '=', identity.municipalityId);
  return q.limit(2).execute();
}

/** Creates the account of the directory person this token names, or throws ProvisionRefused. */
export async function provisionFromToken(db: Db, config: OidcIssuerConfig, identity: OidcIdentity, payload: JWTPayload, now: Date): Promise<SessionUser> {
  if (await disabledAccount(db, identity)) throw new ProvisionRefused('account_disabled', 'This account is disabled');
  if (!config.provision) throw new ProvisionRefused('unknown_user', 'No Pop Index account belongs to this sign-in');
  const claim = payload[config.personClaim];
  const matches = config.personMatch === 'source-id' ? await peopleBySourceId(db, config, identity, claim) : await peopleByEmail(db, config, identity, claim);
  if (matches.length !== 1) throw new ProvisionRefused('unknown_user', 'No (single) person of the directory matches this sign-in');
  const person = matches[0]!;
  const existing = await db.selectFrom('users').select(['id', 'disabled']).where('person_id', '=', person.id).executeTakeFirst();
  if (existing?.disabled) throw new ProvisionRefused('account_disabled', "This person's account is disabled");
  // One account per person: an existing account signs in by its own name.
  if (existing) throw new ProvisionRefused('unknown_user', 'This person already has another account');
  const personEmail = await db.selectFrom('people').select('email').where('id', '=', person.id).executeTakeFirstOrThrow();
  const username = identity.userMatch === 'id' ? personEmail.email.toLowerCase() : identity.user;
  const id = identity.userMatch === 'id' ? identity.user : undefined;
  if (id !== undefined && !Id.safeParse(id).success) throw new ProvisionRefused('unknown_user', 'The token\'s account id cannot be used as an id');
  const taken = await db.selectFrom('users').select(['id', 'disabled']).where('username', '=', username).executeTakeFirst();
  if (taken) throw new ProvisionRefused(taken.disabled ? 'account_disabled' : 'unknown_user', 'The username is taken by another account');
  const groupRoles = rolesFromGroups(config, payload) ?? [];
  try {
    const userId = await db.transaction().execute((trx) =>
      provisionAccount(
        trx,
        {
          id,
          username,
          municipalityId: person.municipality_id,
          personId: person.id,
          displayName: `${person.first_name} ${person.last_name}`.trim(),
          roles: ['staff', ...groupRoles],
          idpRoles: groupRoles.filter((r) => r !== 'staff'),
          actor: OIDC_ACTOR,
        },
        now,
      ),
    );
    const user = await findUser(db, { id: userId });
    if (!user) throw new ProvisionRefused('unknown_user', 'The new account could not be read back');
    return user;
  } catch (err) {
    // Two first requests at once: the other one created it.
    if (isUniqueViolation(err)) {
      const user = await findUser(db, { username });
      if (user && user.personId === person.id) return user;
    }
    throw err;
  }
}

/** Syncs the roles that come from groups; returns the user as it is now. */
export async function syncGroupRoles(db: Db, config: OidcIssuerConfig, user: SessionUser, payload: JWTPayload, now: Date): Promise<SessionUser> {
  if (Object.keys(config.groupRoles).length === 0) return user;
  const granted = rolesFromGroups(config, payload);
  if (granted === null) return user;
  const changed = await db.transaction().execute((trx) => syncIdpRoles(trx, user.id, granted.filter((r) => r !== 'staff'), OIDC_ACTOR, now));
  return changed ? ((await findUser(db, { id: user.id })) ?? user) : user;
}
