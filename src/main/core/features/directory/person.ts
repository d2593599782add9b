/** One person with manager and direct reports; the facets for the filters. */
import { stmt } from '../../cache/statements.js';
import type { PersonDetail, PersonSummary } from '../../../../shared/contract/directory.js';
import type { Department, Municipality } from '../../../../shared/domain/directory.js';
import type { CacheDb } from '../types.js';
import { SUMMARY_COLUMNS, SUMMARY_JOINS } from './summary.js';

interface DetailRow extends PersonSummary {
  office: string;
  managerId: string | null;
  month: number | null;
  day: number | null;
}

export function personSummary(db: CacheDb, id: string): PersonSummary | null {
  return (stmt(db, `SELECT ${SUMMARY_COLUMNS} FROM dir_people p ${SUMMARY_JOINS} WHERE p.id = ?`).get(id) as PersonSummary | undefined) ?? null;
}

export function personDetail(db: CacheDb, id: string): PersonDetail | null {
  const row = stmt(db, 
      `SELECT ${SUMMARY_COLUMNS}, p.office, p.manager_id AS managerId, p.birthday_month AS month, p.birthday_day AS day
       FROM dir_people p ${SUMMARY_JOINS} WHERE p.id = ?`,
    )
    .get(id) as DetailRow | undefined;
  if (!row) return null;
  const { month, day, ...rest } = row;
  const reports = stmt(db, `SELECT ${SUMMARY_COLUMNS} FROM dir_people p ${SUMMARY_JOINS} WHERE p.manager_id = ? ORDER BY p.last_first LIMIT 500`)
    .all(id) as PersonSummary[];
  return {
    ...rest,
    manager: row.managerId ? personSummary(db, row.managerId) : null,
    reports,
    birthday: month !== null && day !== null ? { month, day } : null,
  };
}

export function facets(db: CacheDb): { municipalities: Municipality[]; departments: Department[] } {
  const municipalities = (
    stmt(db, 'SELECT id, name, postcode, regional FROM dir_municipalities ORDER BY name').all() as (Omit<Municipality, 'regional'> & { regional: number })[]
  ).map((m) => ({ ...m, regional: m.regional === 1 }));
  const departments = stmt(db, 'SELECT id, municipality_id AS municipalityId, name, parent_id AS parentId FROM dir_departments ORDER BY name')
    .all() as Department[];
  return { municipalities, departments };
}
