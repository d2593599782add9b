/** One person with manager and direct reports; the facets for the filters. */
import { stmt } from '../../cache/statements.js';
import type { PersonDetail, PersonSummary } from '../../../../shared/contract/directory.js';
import type { Department, Municipality } from '../../../../shared/domain/directory.js';
import type { CacheDb } from '../types.js';
import { SUMMARY_COLUMNS, withNames, type SummaryRow } from './summary.js';

interface DetailRow extends SummaryRow {
  office: string;
  managerId: string | null;
  month: number | null;
  day: number | null;
}

export function personSummary(db: CacheDb, id: string): PersonSummary | null {
  const row = stmt(db, `SELECT ${SUMMARY_COLUMNS} FROM dir_people p WHERE p.id = ?`).get(id) as SummaryRow | undefined;
  return row ? withNames(db, [row])[0]! : null;
}

export function personDetail(db: CacheDb, id: string): PersonDetail | null {
  const row = stmt(db, 
      `SELECT ${SUMMARY_COLUMNS}, p.office, p.manager_id AS managerId, p.birthday_month AS month, p.birthday_day AS day
       FROM dir_people p WHERE p.id = ?`,
    )
    .get(id) as DetailRow | undefined;
  if (!row) return null;
  const { month, day, ...rest } = row;
  const summary = withNames(db, [rest])[0]!;
  const reports = withNames(db, stmt(db, `SELECT ${SUMMARY_COLUMNS} FROM dir_people p WHERE p.manager_id = ? ORDER BY p.last_first LIMIT 500`).all(id) as SummaryRow[]);
  return {
    ...summary,
    office: row.office,
    managerId: row.managerId,
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
