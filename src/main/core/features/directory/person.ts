/** One person with manager and direct reports; the facets for the filters. */
import { stmt } from '../../cache/statements.js';
import type { PersonDetail, PersonSummary } from '../../../../shared/contract/directory.js';
import type { Department, Municipality } from '../../../../shared/domain/directory.js';
import type { CacheDb } from '../types.js';
import { SUMMARY_COLUMNS, SUMMARY_WIDTH, summaries, type SummaryValues } from './summary.js';

export function personSummary(db: CacheDb, id: string): PersonSummary | null {
  const row = stmt(db, `SELECT ${SUMMARY_COLUMNS} FROM dir_people p WHERE p.id = ?`).raw().get(id) as SummaryValues | undefined;
  return row ? summaries(db, [row])[0]! : null;
}

export function personDetail(db: CacheDb, id: string): PersonDetail | null {
  const row = stmt(db, `SELECT ${SUMMARY_COLUMNS}, p.office, p.manager_id, p.birthday_month, p.birthday_day FROM dir_people p WHERE p.id = ?`)
    .raw()
    .get(id) as SummaryValues | undefined;
  if (!row) return null;
  const [office, managerId, month, day] = row.slice(SUMMARY_WIDTH) as [string, string | null, number | null, number | null];
  const summary = summaries(db, [row])[0]!;
  const reports = summaries(db, stmt(db, `SELECT ${SUMMARY_COLUMNS} FROM dir_people p WHERE p.manager_id = ? ORDER BY p.last_first LIMIT 500`).raw().all(id) as SummaryValues[]);
  return {
    ...summary,
    office,
    managerId,
    manager: managerId ? personSummary(db, managerId) : null,
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
