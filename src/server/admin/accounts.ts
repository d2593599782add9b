/**
 * Accounts and roles: the one service behind the Beheer screen (admin routes), the accounts
 * command line and OIDC first sign-in.
 *
 * Rules every function keeps:
 *   - only an actor with the `admin` role of the SAME municipality as the account may change or
 *     read it (checked here, whatever the caller checked before);
 *   - every change writes one `admin_log` row (who, when, what, before, after) in the SAME
 *     transaction as the change: no change without its log line, no log line without its change;
 *   - a role change changes the user's scope version (roles are part of it, auth/scope.ts), so the
 *     user's next pull answers `reset` and the desktop re-syncs what it may see now;
 *   - disabling an account ends its sessions (local tokens) at once; OIDC tokens of a disabled
 *     account are refused by `findUser`.
 * Deputies are those of approval steps (`ApprovalStep.deputyId`): one person of the same
 * municipality who may decide in this person's place. Setting one also puts them on the waiting
 * and upcoming steps of this person's open requests, and new chains (orders) take them over.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { AccountList, AccountSnapshot, AdminAccount, AdminLogEntry, AdminLogPage, PeopleList } from '../../shared/domain/admin.js';
import { AccountSnapshot as SnapshotSchema } from '../../shared/domain/admin.js';
import { Role } from '../../shared/sync/protocol.js';
import { forgetSessions } from '../auth/session-cache.js';
import { dialectOf } from '../db/dialect.js';
import type { Db, Trx } from '../features/types.js';
import { applyDeputy } from '../features/approvals/repository.js';

export type AdminErrorCode = 'forbidden' | 'not_found' | 'invalid' | 'conflict';

/** An expected refusal: routes map it to 403/404/400/409, the CLI to a message and exit code 1. */
export class AdminError extends Error {
  constructor(
    readonly code: AdminErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}

/** Who makes the change: a Beheer user, the command line ("cli:<os user>") or "oidc". */
export interface Actor {
  /** Written to admin_log.actor. */
  name: string;
  municipalityId: string;
  roles: readonly Role[];
  /** The actor's own account (Beheer): may not take its own admin role or disable itself. */
  userId?: string;
}

export type AccountRef = { id: string } | { username: string };

const ROLE_ORDER = Role.options;
const sortRoles = (roles: Iterable<Role>): Role[] => [...new Set(roles)].sort((a, b) => ROLE_ORDER.indexOf(a) - ROLE_ORDER.indexOf(b));

export function parseRoles(json: string): Role[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? sortRoles(parsed.filter((r): r is Role => Role.safeParse(r).success)) : [];
  } catch {
    return [];
  }
}

function assertAdmin(actor: Actor, municipalityId: string): void {
  if (!actor.roles.includes('admin')) throw new AdminError('forbidden', 'Only the admin role may manage accounts');
  if (actor.municipalityId !== municipalityId) throw new AdminError('forbidden', "The account belongs to another municipality");
}

const personName = (p: { first_name: string; last_name: string }) => `${p.first_name} ${p.last_name}`.trim();

type AccountRow = {
  id: string;
  username: string;
  display_name: string;
  municipality_id: string;
  roles: string;
  idp_roles: string;
  disabled: number;
  person_id: string | null;
  password_hash: string | null;
  created_at: string;
};

const ACCOUNT_COLUMNS = ['users.id', 'users.username', 'users.display_name', 'users.municipality_id', 'users.roles', 'users.idp_roles', 'users.disabled', 'users.person_id', 'users.password_hash', 'users.created_at'] as const;

async function loadRow(db: Db | Trx, ref: AccountRef): Promise<AccountRow | undefined> {
  let q = db.selectFrom('users').select(ACCOUNT_COLUMNS);
  q = 'id' in ref ? q.where('users.id', '=', ref.id) : q.where('users.username', '=', ref.username.trim().toLowerCase());
  return q.executeTakeFirst();
}

async function toAccounts(db: Db | Trx, rows: AccountRow[]): Promise<AdminAccount[]> {
  const personIds = rows.map((r) => r.person_id).filter((id): id is string => !!id);
  const deputies = personIds.length ? await db.selectFrom('approval_deputies').select(['person_id', 'deputy_id']).where('person_id', 'in', personIds).execute() : [];
  const deputyOf = new Map(deputies.map((d) => [d.person_id, d.deputy_id]));
  const ids = [...new Set([...personIds, ...deputies.map((d) => d.deputy_id)])];
  const people = ids.length ? await db.selectFrom('people').select(['id', 'first_name', 'last_name', 'email', 'job_title']).where('id', 'in', ids).execute() : [];
  const byId = new Map(people.map((p) => [p.id, p]));
  return rows.map((r) => {
    const person = r.person_id ? byId.get(r.person_id) : undefined;
    const deputyId = r.person_id ? deputyOf.get(r.person_id) : undefined;
    const deputy = deputyId ? byId.get(deputyId) : undefined;
    return {
      id: r.id,
      username: r.username,
      displayName: r.display_name,
      municipalityId: r.municipality_id,
      roles: parseRoles(r.roles),
      idpRoles: parseRoles(r.idp_roles),
      disabled: !!r.disabled,
      person: person ? { id: person.id, name: personName(person), email: person.email, jobTitle: person.job_title } : null,
      deputy: deputy ? { id: deputy.id, name: personName(deputy) } : deputyId ? { id: deputyId, name: deputyId } : null,
      password: !!r.password_hash,
      createdAt: r.created_at,
    };
  });
}

/** `%` and `_` typed by the user are literal. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listAccounts(db: Db, actor: Actor, query: { q?: string; limit?: number; offset?: number } = {}): Promise<AccountList> {
  assertAdmin(actor, actor.municipalityId);
  const q = (query.q ?? '').trim().toLowerCase();
  let base = db.selectFrom('users').leftJoin('people', 'people.id', 'users.person_id').where('users.municipality_id', '=', actor.municipalityId);
  if (q) {
    const pattern = `%${likeEscape(q)}%`;
    base = base.where((eb) =>
      eb.or([
        sql<boolean>`lower(users.username) LIKE ${pattern} ESCAPE '\\'`,
        sql<boolean>`lower(users.display_name) LIKE ${pattern} ESCAPE '\\'`,
        sql<boolean>`lower(people.email) LIKE ${pattern} ESCAPE '\\'`,
      ]),
    );
  }
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .select(ACCOUNT_COLUMNS)
    .orderBy(sql`lower(users.display_name)`)
    .orderBy('users.username')
    .limit(query.limit ?? 20)
    .offset(query.offset ?? 0)
    .execute();
  return { items: await toAccounts(db, rows), total: Number(total.n) };
}

export async function getAccount(db: Db | Trx, actor: Actor, ref: AccountRef): Promise<AdminAccount> {
  const row = await loadRow(db, ref);
  // Another municipality's account is answered like a missing one only after the role check.
  if (!actor.roles.includes('admin')) throw new AdminError('forbidden', 'Only the admin role may manage accounts');
  if (!row) throw new AdminError('not_found', 'No such account');
  assertAdmin(actor, row.municipality_id);
  return (await toAccounts(db, [row]))[0]!;
}

export interface LogLine {
  at: Date;
  actor: string;
  municipalityId: string;
  action: string;
  target: string;
  before: AccountSnapshot | null;
  after: AccountSnapshot | null;
}

/** Appends one line to the admin log (call inside the transaction of the change). */
export async function writeAdminLog(trx: Trx, line: LogLine): Promise<void> {
  await trx
    .insertInto('admin_log')
    .values({
      at: line.at.toISOString(),
      actor: line.actor,
      municipality_id: line.municipalityId,
      action: line.action,
      target: line.target,
      before: line.before ? JSON.stringify(line.before) : null,
      after: line.after ? JSON.stringify(line.after) : null,
    })
    .execute();
}

/** Runs `change` on the account in one transaction with its log line; returns the account after. */
async function change(
  db: Db,
  actor: Actor,
  ref: AccountRef,
  now: Date,
  apply: (trx: Trx, row: AccountRow) => Promise<{ action: string; before: AccountSnapshot; after: AccountSnapshot } | null>,
): Promise<AdminAccount> {
  const account = await db.transaction().execute(async (trx) => {
    if (!actor.roles.includes('admin')) throw new AdminError('forbidden', 'Only the admin role may manage accounts');
    const row = await loadRow(trx, ref);
    if (!row) throw new AdminError('not_found', 'No such account');
    assertAdmin(actor, row.municipality_id);
    const done = await apply(trx, row);
    if (done) {
      await writeAdminLog(trx, { at: now, actor: actor.name, municipalityId: row.municipality_id, action: done.action, target: row.username, before: done.before, after: done.after });
    }
    const after = await loadRow(trx, { id: row.id });
    return (await toAccounts(trx, [after!]))[0]!;
  });
  // Committed: roles, disabled and deputies are read by sessions cached in this process (auth/session-cache.ts).
  forgetSessions();
  return account;
}

async function writeRoles(trx: Trx, row: AccountRow, roles: Role[], idpRoles?: Role[]): Promise<void> {
  const set: { roles: string; idp_roles?: string } = { roles: JSON.stringify(roles) };
  if (idpRoles) set.idp_roles = JSON.stringify(idpRoles);
  // Roles are part of the scope version (auth/scope.ts): the user's next pull answers `reset`.
  await trx.updateTable('users').set(set).where('id', '=', row.id).execute();
}

/** Sets the account's roles (Beheer's checkboxes). No change = no log line. */
export function setRoles(db: Db, actor: Actor, ref: AccountRef, roles: readonly Role[], now: Date): Promise<AdminAccount> {
  const wanted = roles.map((r) => Role.parse(r));
  return changeRoles(db, actor, ref, now, 'roles', () => wanted);
}

export function grantRole(db: Db, actor: Actor, ref: AccountRef, role: Role, now: Date): Promise<AdminAccount> {
  return changeRoles(db, actor, ref, now, 'grant', (current) => [...current, Role.parse(role)]);
}

export function revokeRole(db: Db, actor: Actor, ref: AccountRef, role: Role, now: Date): Promise<AdminAccount> {
  return changeRoles(db, actor, ref, now, 'revoke', (current) => current.filter((r) => r !== role));
}

/** The new roles are computed from the roles read INSIDE the transaction (no lost update). */
function changeRoles(db: Db, actor: Actor, ref: AccountRef, now: Date, action: string, next: (current: Role[]) => Role[]): Promise<AdminAccount> {
  return change(db, actor, ref, now, async (trx, row) => {
    if (dialectOf(trx) === 'postgres') await sql`SELECT id FROM users WHERE id = ${row.id} FOR UPDATE`.execute(trx);
    const fresh = (await loadRow(trx, { id: row.id }))!;
    const before = parseRoles(fresh.roles);
    const wanted = sortRoles(next(before));
    if (JSON.stringify(before) === JSON.stringify(wanted)) return null;
    if (actor.userId === row.id && before.includes('admin') && !wanted.includes('admin')) {
      throw new AdminError('conflict', 'You cannot take away your own admin role (ask another admin)');
    }
    // A role taken away here is no longer "from the identity provider" (a later sign-in adds it again while the group still grants it).
    const idp = parseRoles(fresh.idp_roles).filter((r) => wanted.includes(r));
    await writeRoles(trx, row, wanted, idp);
    return { action, before: { roles: before }, after: { roles: wanted } };
  });
}

/** Disables (ends its sessions) or enables an account. */
export async function setDisabled(db: Db, actor: Actor, ref: AccountRef, disabled: boolean, now: Date): Promise<AdminAccount> {
  return change(db, actor, ref, now, async (trx, row) => {
    if (!!row.disabled === disabled) return null;
    if (disabled && actor.userId === row.id) throw new AdminError('conflict', 'You cannot disable your own account');
    await trx.updateTable('users').set({ disabled: disabled ? 1 : 0 }).where('id', '=', row.id).execute();
    if (disabled) await trx.deleteFrom('sessions').where('user_id', '=', row.id).execute();
    return { action: disabled ? 'disable' : 'enable', before: { disabled: !disabled }, after: { disabled } };
  });
}

async function tableExists(trx: Trx, name: string): Promise<boolean> {
  const found =
    dialectOf(trx) === 'postgres'
      ? await sql<{ t: string | null }>`SELECT to_regclass(${name})::text AS t`.execute(trx)
      : await sql<{ t: string }>`SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name = ${name}`.execute(trx);
  return found.rows.some((r) => r.t);
}

/** Sets (or clears with null) who may decide in the account's person's place on approval steps. */
export async function setDeputy(db: Db, actor: Actor, ref: AccountRef, deputyId: string | null, now: Date): Promise<AdminAccount> {
  return change(db, actor, ref, now, async (trx, row) => {
    if (!row.person_id) throw new AdminError('invalid', 'This account is not linked to a person of the directory');
    const current = await trx.selectFrom('approval_deputies').select('deputy_id').where('person_id', '=', row.person_id).executeTakeFirst();
    if ((current?.deputy_id ?? null) === deputyId) return null;
    const names = await trx
      .selectFrom('people')
      .select(['id', 'first_name', 'last_name', 'municipality_id'])
      .where('id', 'in', [current?.deputy_id, deputyId].filter((id): id is string => !!id).concat(['-']))
      .execute();
    const ref = (id: string | null | undefined) => {
      const p = id ? names.find((n) => n.id === id) : undefined;
      return id ? { id, name: p ? personName(p) : id } : null;
    };
    if (deputyId) {
      const deputy = names.find((n) => n.id === deputyId);
      if (!deputy || deputy.municipality_id !== row.municipality_id) throw new AdminError('invalid', 'The deputy must be a person of the same municipality');
      if (deputyId === row.person_id) throw new AdminError('invalid', 'A person cannot be their own deputy');
      await trx.deleteFrom('approval_deputies').where('person_id', '=', row.person_id).execute();
      await trx.insertInto('approval_deputies').values({ person_id: row.person_id, municipality_id: row.municipality_id, deputy_id: deputyId, updated_at: now.toISOString() }).execute();
    } else {
      await trx.deleteFrom('approval_deputies').where('person_id', '=', row.person_id).execute();
    }
    if (await tableExists(trx, 'approval_requests')) await applyDeputy(trx, row.person_id, ref(deputyId), now);
    return { action: 'deputy', before: { deputy: ref(current?.deputy_id) }, after: { deputy: ref(deputyId) } };
  });
}

/** The admin log of the actor's municipality, newest first, `limit` per page. */
export async function adminLog(db: Db, actor: Actor, query: { before?: number; limit?: number; target?: string } = {}): Promise<AdminLogPage> {
  assertAdmin(actor, actor.municipalityId);
  const limit = query.limit ?? 50;
  let q = db.selectFrom('admin_log').selectAll().where('municipality_id', '=', actor.municipalityId);
  if (query.before !== undefined) q = q.where('id', '<', query.before);
  if (query.target) q = q.where('target', '=', query.target.toLowerCase());
  const rows = await q.orderBy('id', 'desc').limit(limit + 1).execute();
  const items: AdminLogEntry[] = rows.slice(0, limit).map((r) => ({
    id: Number(r.id),
    at: r.at,
    actor: r.actor,
    municipalityId: r.municipality_id,
    action: r.action,
    target: r.target,
    before: snapshot(r.before),
    after: snapshot(r.after),
  }));
  return { items, nextBefore: rows.length > limit ? items.at(-1)!.id : null };
}

function snapshot(json: string | null): AccountSnapshot | null {
  if (json === null) return null;
  try {
    const parsed = SnapshotSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Deputy candidates: people of the actor's municipality whose name or e-mail starts with / contains `q`. */
export async function searchPeople(db: Db, actor: Actor, q: string, limit = 10): Promise<PeopleList> {
  assertAdmin(actor, actor.municipalityId);
  const words = q.trim().toLowerCase().split(/\s+/).filter(Boolean).slice(0, 4);
  if (!words.length) return [];
  let query = db.selectFrom('people').select(['id', 'first_name', 'last_name', 'job_title']).where('municipality_id', '=', actor.municipalityId);
  for (const w of words) {
    const pattern = `%${likeEscape(w)}%`;
    query = query.where((eb) =>
      eb.or([
        sql<boolean>`lower(first_name) LIKE ${pattern} ESCAPE '\\'`,
        sql<boolean>`lower(last_name) LIKE ${pattern} ESCAPE '\\'`,
        sql<boolean>`lower(email) LIKE ${pattern} ESCAPE '\\'`,
      ]),
    );
  }
  const rows = await query.orderBy('last_name').orderBy('first_name').limit(limit).execute();
  return rows.map((p) => ({ id: p.id, name: personName(p), jobTitle: p.job_title }));
}

/**
 * A new account for a directory person (OIDC first sign-in): username from the token, the person
 * linked, `roles` (staff + the group roles), `idpRoles` the group roles. Logged with actor "oidc".
 */
export async function provisionAccount(
  trx: Trx,
  input: { id?: string; username: string; municipalityId: string; personId: string; displayName: string; roles: Role[]; idpRoles: Role[]; actor: string },
  now: Date,
): Promise<string> {
  const id = input.id ?? `u-${randomUUID()}`;
  const roles = sortRoles(input.roles);
  const idpRoles = sortRoles(input.idpRoles);
  await trx
    .insertInto('users')
    .values({
      id,
      municipality_id: input.municipalityId,
      username: input.username.toLowerCase(),
      display_name: input.displayName,
      password_hash: null,
      person_id: input.personId,
      roles: JSON.stringify(roles),
      idp_roles: JSON.stringify(idpRoles),
      created_at: now.toISOString(),
    })
    .execute();
  await writeAdminLog(trx, {
    at: now,
    actor: input.actor,
    municipalityId: input.municipalityId,
    action: 'provision',
    target: input.username.toLowerCase(),
    before: null,
    after: { roles, person: input.personId, idpRoles } as AccountSnapshot,
  });
  return id;
}

/**
 * Syncs the roles that come from the identity provider's groups: roles the groups grant now are
 * added (and remembered as from the provider), roles that came from groups and are no longer
 * granted are removed; roles granted in Beheer stay. Returns true when something changed.
 */
export async function syncIdpRoles(trx: Trx, userId: string, granted: readonly Role[], actor: string, now: Date): Promise<boolean> {
  // PostgreSQL: two requests of one user at once sync (and log) once.
  if (dialectOf(trx) === 'postgres') await sql`SELECT id FROM users WHERE id = ${userId} FOR UPDATE`.execute(trx);
  const row = await loadRow(trx, { id: userId });
  if (!row) return false;
  const roles = parseRoles(row.roles);
  const idp = parseRoles(row.idp_roles);
  const want = new Set(granted);
  const removed = idp.filter((r) => !want.has(r));
  const added = [...want].filter((r) => !roles.includes(r));
  const nextRoles = sortRoles([...roles.filter((r) => !removed.includes(r)), ...added]);
  const nextIdp = sortRoles([...idp.filter((r) => want.has(r)), ...added]);
  if (JSON.stringify(nextRoles) === JSON.stringify(roles) && JSON.stringify(nextIdp) === JSON.stringify(idp)) return false;
  await writeRoles(trx, row, nextRoles, nextIdp);
  if (JSON.stringify(nextRoles) !== JSON.stringify(roles)) {
    await writeAdminLog(trx, { at: now, actor, municipalityId: row.municipality_id, action: 'idp_roles', target: row.username, before: { roles }, after: { roles: nextRoles } });
  }
  return true;
}
