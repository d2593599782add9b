/**
 * What a user may see: the own municipality, plus the other regional ones when the own is
 * regional. The scope version changes whenever any input changes (tenant, roles, person,
 * department, regional set, scope_generation); a pull cursor of another version answers `reset`.
 */
import { createHash } from 'node:crypto';
import type { SessionUser } from '../../shared/sync/protocol.js';
import type { Db, Trx, UserScope } from '../features/types.js';

export interface ScopeWithVersion extends UserScope {
  version: string;
}

export async function computeScope(db: Db | Trx, user: SessionUser): Promise<ScopeWithVersion> {
  const own = await db
    .selectFrom('municipalities')
    .select(['id', 'regional'])
    .where('id', '=', user.municipalityId)
    .executeTakeFirst();
  const visibleTenants = [user.municipalityId];
  if (own?.regional) {
    const others = await db
      .selectFrom('municipalities')
      .select('id')
      .where('regional', '=', 1)
      .where('id', '!=', user.municipalityId)
      .orderBy('id')
      .execute();
    visibleTenants.push(...others.map((m) => m.id));
  }
  const account = await db.selectFrom('users').select('scope_generation').where('id', '=', user.id).executeTakeFirst();
  const person = user.personId
    ? await db.selectFrom('people').select('department_id').where('id', '=', user.personId).executeTakeFirst()
    : undefined;
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
}
