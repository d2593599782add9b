/** Reading people from the cache as contract PersonSummary rows. */
import { stmt } from '../../cache/statements.js';
import type { PersonSummary } from '../../../../shared/contract/directory.js';
import type { CacheDb } from '../types.js';

export const SUMMARY_COLUMNS = `
  p.id, p.first_name AS firstName, p.last_name AS lastName, p.job_title AS jobTitle,
  p.department_id AS departmentId, coalesce(d.name, '') AS departmentName,
  p.municipality_id AS municipalityId, coalesce(m.name, '') AS municipalityName,
  p.desk_phone AS deskPhone, p.mobile_phone AS mobilePhone, p.extension, p.email`;

export const SUMMARY_JOINS = `
  LEFT JOIN dir_departments d ON d.id = p.department_id
  LEFT JOIN dir_municipalities m ON m.id = p.municipality_id`;

/** Summaries of the given internal ids, in the given order. */
export function summariesByPid(db: CacheDb, pids: number[]): PersonSummary[] {
  if (pids.length === 0) return [];
  const rows = stmt(db, `SELECT p.pid AS _pid, ${SUMMARY_COLUMNS} FROM dir_people p ${SUMMARY_JOINS} WHERE p.pid IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(pids)) as (PersonSummary & { _pid: number })[];
  const byPid = new Map(rows.map(({ _pid, ...summary }) => [_pid, summary]));
  return pids.flatMap((pid) => byPid.get(pid) ?? []);
}
