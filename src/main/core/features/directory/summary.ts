/**
 * Reading people from the cache as contract PersonSummary rows. Department and municipality names
 * come from a small in-memory map (a few hundred rows, reloaded when those collections change)
 * instead of two joins per row: on a 50-row typeahead page the joins cost more than the search.
 */
import type { PersonSummary } from '../../../../shared/contract/directory.js';
import { stmt } from '../../cache/statements.js';
import type { CacheDb } from '../types.js';

export const SUMMARY_COLUMNS = `
  p.id, p.first_name AS firstName, p.last_name AS lastName, p.job_title AS jobTitle,
  p.department_id AS departmentId, p.municipality_id AS municipalityId,
  p.desk_phone AS deskPhone, p.mobile_phone AS mobilePhone, p.extension, p.email`;

/**
 * A row of SUMMARY_COLUMNS in their order, read with `.raw()` (arrays: building an object per row
 * in the driver, then another here, was a third of a 50-row page's cost), then any other columns
 * the statement adds.
 */
export type SummaryValues = [
  id: string,
  firstName: string,
  lastName: string,
  jobTitle: string,
  departmentId: string,
  municipalityId: string,
  deskPhone: string | null,
  mobilePhone: string | null,
  extension: string | null,
  email: string,
  ...more: unknown[],
];
/** Where a statement's own columns start, after SUMMARY_COLUMNS. */
export const SUMMARY_WIDTH = 10;

export interface Names {
  departments: Map<string, string>;
  municipalities: Map<string, string>;
}
const names = new WeakMap<CacheDb, Names>();

/** Called by the collections whenever departments or municipalities change. */
export function forgetNames(db: CacheDb): void {
  names.delete(db);
}

/** Department and municipality names by id (the same object until they change). */
export function loadNames(db: CacheDb): Names {
  let cached = names.get(db);
  if (!cached) {
    const rows = (sql: string) => new Map((stmt(db, sql).all() as { id: string; name: string }[]).map((r) => [r.id, r.name]));
    cached = { departments: rows('SELECT id, name FROM dir_departments'), municipalities: rows('SELECT id, name FROM dir_municipalities') };
    names.set(db, cached);
  }
  return cached;
}

/** One object per row, of one shape. */
function summary(v: SummaryValues, names: Names): PersonSummary {
  return {
    id: v[0],
    firstName: v[1],
    lastName: v[2],
    jobTitle: v[3],
    departmentId: v[4],
    municipalityId: v[5],
    deskPhone: v[6],
    mobilePhone: v[7],
    extension: v[8],
    email: v[9],
    departmentName: names.departments.get(v[4]) ?? '',
    municipalityName: names.municipalities.get(v[5]) ?? '',
  };
}

/** Summaries of rows read with `.raw()` from a statement that starts with SUMMARY_COLUMNS. */
export function summaries(db: CacheDb, rows: SummaryValues[]): PersonSummary[] {
  const names = loadNames(db);
  return rows.map((row) => summary(row, names));
}

/** Summaries of the given internal ids, in the given order. */
export function summariesByPid(db: CacheDb, pids: number[]): PersonSummary[] {
  if (pids.length === 0) return [];
  const rows = stmt(db, `SELECT ${SUMMARY_COLUMNS}, p.pid FROM dir_people p WHERE p.pid IN (SELECT value FROM json_each(?))`)
    .raw()
    .all(JSON.stringify(pids)) as SummaryValues[];
  const byPid = new Map<number, SummaryValues>();
  for (const row of rows) byPid.set(row[SUMMARY_WIDTH] as number, row);
  const names = loadNames(db);
  const out: PersonSummary[] = [];
  for (const pid of pids) {
    const row = byPid.get(pid);
    if (row) out.push(summary(row, names));
  }
  return out;
}
