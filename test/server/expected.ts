/**
 * The server's view for a user, computed independently of the pull code (plain queries + the
 * rules of DOMAIN.md), to compare a client's copy with, row for row.
 */
import type { Kysely } from 'kysely';
import type { ServerDb } from '../../src/server/db/schema.js';

export interface ExpectedView {
  municipalities: string[];
  departments: string[];
  people: string[];
  /** person id -> "month-day" for visible birthdays */
  birthdays: Map<string, string>;
}

export async function expectedDirectory(db: Kysely<ServerDb>, userMunicipality: string): Promise<ExpectedView> {
  const munis = await db.selectFrom('municipalities').selectAll().execute();
  const own = munis.find((m) => m.id === userMunicipality)!;
  const visible = new Set(munis.filter((m) => m.id === own.id || (own.regional === 1 && m.regional === 1)).map((m) => m.id));
  const deps = await db.selectFrom('departments').select(['id', 'municipality_id']).execute();
  const people = await db.selectFrom('people').selectAll().execute();
  const seen = people.filter((p) => p.municipality_id === own.id || (visible.has(p.municipality_id) && p.regional_visible === 1));
  const birthdays = new Map<string, string>();
  for (const p of seen) {
    const ownTenant = p.municipality_id === own.id;
    if (p.birthday_visible === 1 && (ownTenant || p.birthday_regional === 1)) birthdays.set(p.id, `${p.birth_month}-${p.birth_day}`);
  }
  return {
    municipalities: [...visible].sort(),
    departments: deps.filter((d) => visible.has(d.municipality_id)).map((d) => d.id).sort(),
    people: seen.map((p) => p.id).sort(),
    birthdays,
  };
}

/** The wire row of a person as a user of `userMunicipality` must see it (independent of pull code). */
export function expectedPerson(p: import('../../src/server/db/schema.js').PersonTable, userMunicipality: string): Record<string, unknown> {
  const own = p.municipality_id === userMunicipality;
  const birthday = p.birthday_visible === 1 && (own || p.birthday_regional === 1) ? { month: p.birth_month, day: p.birth_day } : null;
  return {
    id: p.id,
    municipalityId: p.municipality_id,
    departmentId: p.department_id,
    firstName: p.first_name,
    lastName: p.last_name,
    jobTitle: p.job_title,
    managerId: p.manager_id,
    office: p.office,
    deskPhone: p.desk_phone,
    mobilePhone: p.mobile_phone,
    extension: p.extension,
    email: p.email,
    birthday,
  };
}
