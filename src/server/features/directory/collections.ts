/**
 * The directory's synced collections, scoped per user:
 *   municipalities  the own one and (when it is regional) the other regional ones
 *   departments     of those municipalities
 *   people          everybody of the own municipality; of other regional municipalities only
 *                   who opted in (regional_visible). Birthday (month/day) only when the person
 *                   opted in, and cross-tenant only with birthday_regional too.
 */
import type { Person } from '../../../shared/domain/directory.js';
import { idIn } from '../../db/dialect.js';
import type { PersonTable } from '../../db/schema.js';
import type { CollectionContext, SyncedCollection, UserScope, WireRow } from '../types.js';

/** The view of municipalities and departments: the visible tenants only. */
const byTenants = (scope: UserScope): string => scope.visibleTenants.join(',');
/** The view of people and photos (personVisible, personWire): the own municipality and the visible tenants. */
const byOwnAndTenants = (scope: UserScope): string => `${scope.user.municipalityId}|${scope.visibleTenants.join(',')}`;

export const municipalities: SyncedCollection = {
  shared: byTenants,
  async load({ trx, scope, dialect }: CollectionContext, ids) {
    const rows = await trx
      .selectFrom('municipalities')
      .select(['id', 'name', 'postcode', 'regional'])
      .where(idIn('id', ids, dialect))
      .where('id', 'in', scope.visibleTenants)
      .execute();
    return rows.map((r) => ({ id: r.id, data: { id: r.id, name: r.name, postcode: r.postcode, regional: r.regional === 1 } }));
  },
};

export const departments: SyncedCollection = {
  shared: byTenants,
  async load({ trx, scope, dialect }, ids) {
    const rows = await trx
      .selectFrom('departments')
      .select(['id', 'municipality_id', 'name', 'parent_id'])
      .where(idIn('id', ids, dialect))
      .where('municipality_id', 'in', scope.visibleTenants)
      .execute();
    return rows.map((r) => ({ id: r.id, data: { id: r.id, municipalityId: r.municipality_id, name: r.name, parentId: r.parent_id } }));
  },
};

/** Whether this user may see this person at all (own municipality, or opted in regionally and in scope). */
export function personVisible(r: Pick<PersonTable, 'municipality_id' | 'regional_visible'>, scope: UserScope): boolean {
  const own = r.municipality_id === scope.user.municipalityId;
  return own || (r.regional_visible === 1 && scope.visibleTenants.includes(r.municipality_id));
}

export function personWire(r: PersonTable, scope: UserScope): WireRow | null {
  const own = r.municipality_id === scope.user.municipalityId;
  if (!personVisible(r, scope)) return null;
  const showBirthday = r.birthday_visible === 1 && (own || r.birthday_regional === 1) && r.birth_month !== null && r.birth_day !== null;
  const data: Person = {
    id: r.id,
    municipalityId: r.municipality_id,
    departmentId: r.department_id,
    firstName: r.first_name,
    lastName: r.last_name,
    jobTitle: r.job_title,
    managerId: r.manager_id,
    office: r.office,
    deskPhone: r.desk_phone,
    mobilePhone: r.mobile_phone,
    extension: r.extension,
    email: r.email,
    birthday: showBirthday ? { month: r.birth_month!, day: r.birth_day! } : null,
  };
  return { id: r.id, data };
}

export const people: SyncedCollection = {
  shared: byOwnAndTenants,
  async load({ trx, scope, dialect }, ids) {
    // Primary-key lookups only (a tenant filter here makes planners scan a whole municipality);
    // personWire checks the tenant and the opt-in.
    const rows = await trx.selectFrom('people').selectAll().where(idIn('id', ids, dialect)).execute();
    return rows.map((r) => personWire(r, scope)).filter((w): w is WireRow => w !== null);
  },
};

export const personPhotos: SyncedCollection = {
  shared: byOwnAndTenants,
  async load({ trx, scope, dialect }, ids) {
    const rows = await trx
      .selectFrom('person_photos')
      .innerJoin('people', 'people.id', 'person_photos.person_id')
      .select(['person_photos.person_id', 'person_photos.content_type', 'person_photos.data', 'person_photos.hash', 'people.municipality_id', 'people.regional_visible'])
      .where(idIn('person_photos.person_id', ids, dialect))
      .execute();
    return rows
      .filter((r) => personVisible(r, scope))
      .map((r) => ({ id: r.person_id, data: { id: r.person_id, contentType: r.content_type, data: r.data, hash: r.hash } }));
  },
};
