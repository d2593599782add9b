/**
 * What a user may see: the own municipality, plus the other regional ones when the own is
 * regional. The scope version changes whenever any input changes (tenant, roles, person,
 * department, regional set, scope_generation); a pull cursor of another version answers `reset`.
 */
import { createHash } from 'node:crypto';
import type { SessionUser } from '../../shared/sync/protocol.js';
import { sql } from 'kysely';
import { dialectOf } from '../db/dialect.js';
import type { Db, Trx, UserScope } from '../features/types.js';
import { forgetSessions } from './session-cache.js';

export interface ScopeWithVersion extends UserScope {
  version: string;
}

export async function computeScope(db: Db | Trx, user: SessionUser): Promise<ScopeWithVersion> {
  // One round trip (this runs on every authenticated request, e.g. each desktop's pull every second).
  const others =
    dialectOf(db) === 'postgres'
      ? sql<string>`(SELECT coalesce(json_agg(id ORDER BY id), '[]')::text FROM municipalities WHERE regional = 1 AND id <> ${user.municipalityId})`
      : sql<string>`(SELECT json_group_array(id) FROM (SELECT id FROM municipalities WHERE regional = 1 AND id <> ${user.municipalityId} ORDER BY id))`;
  const { rows } = await sql<{ regional: number | null; generation: number | null; department_id: string | null; others: string }>`
    SELECT (SELECT regional FROM municipalities WHERE id = ${user.municipalityId}) AS regional,
           (SELECT scope_generation FROM users WHERE id = ${user.id}) AS generation,
           (SELECT department_id FROM people WHERE id = ${user.personId ?? ''}) AS department_id,
           ${others} AS others`.execute(db);
  const row = rows[0]!;
  const visibleTenants = [user.municipalityId];
  if (row.regional) visibleTenants.push(...(JSON.parse(row.others) as string[]));
  const account = { scope_generation: row.generation === null ? undefined : Number(row.generation) };
  const person = user.personId && row.department_id !== null ? { department_id: row.department_id } : undefined;
  const departmentId = person?.department_id ?? null;
  const version = createHash('sha256')
    .update(
      JSON.stringify([user.id, user.municipalityId, [...user.roles].sort(), user.personId, departmentId, visibleTenants, account?.scope_generation ?? 0]),
    )
    .digest('base64url')
    .slice(0, 16);
  return { user, visibleTenants, departmentId, version };
}

/** Call after changing something a user's visibility depends on that roles/tenant do not show. */
export async function bumpUserScope(trx: Trx, userId: string): Promise<void> {
  await trx
    .updateTable('users')
    .set((eb) => ({ scope_generation: eb('scope_generation', '+', 1) }))
    .where('id', '=', userId)
    .execute();
  // Cached sessions carry the old scope version (auth/session-cache.ts).
  forgetSessions();
}
