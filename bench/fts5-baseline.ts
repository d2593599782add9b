/**
 * The reference the issue measures against: one FTS5 table (unicode61, diacritics removed) over
 * name, first name, job title, department, municipality, e-mail and phone numbers, queried with
 * prefix terms and ranked by bm25, filters applied with a join. Built in a bench cache only.
 */
import type { CacheDb } from '../src/main/core/features/types.js';
import { normalize } from '../src/main/core/features/directory/normalize.js';

export type BaselineSearch = (query: string, filters: { departmentId?: string; municipalityId?: string }, limit: number) => unknown[];

export function buildFts5Baseline(db: CacheDb): void {
  db.exec(`
    DROP TABLE IF EXISTS bench_fts;
    CREATE VIRTUAL TABLE bench_fts USING fts5(first, last, title, dept, town, email, phones, tokenize = 'unicode61 remove_diacritics 2');
    INSERT INTO bench_fts (rowid, first, last, title, dept, town, email, phones)
      SELECT p.pid, p.first_name, p.last_name, p.job_title, coalesce(d.name, ''), coalesce(m.name, ''), p.email,
             replace(coalesce(p.desk_phone, ''), '+32', '0') || ' ' || replace(coalesce(p.mobile_phone, ''), '+32', '0') || ' ' || coalesce(p.extension, '')
      FROM dir_people p LEFT JOIN dir_departments d ON d.id = p.department_id LEFT JOIN dir_municipalities m ON m.id = p.municipality_id;
  `);
}

/** The baseline's query over an existing bench_fts table. */
export function fts5Search(db: CacheDb): BaselineSearch {
  const statement = db.prepare(`
    SELECT p.id, p.first_name, p.last_name, p.job_title, p.department_id, p.municipality_id, p.desk_phone, p.email
    FROM bench_fts f JOIN dir_people p ON p.pid = f.rowid
    WHERE bench_fts MATCH @match AND (@dep IS NULL OR p.department_id = @dep) AND (@mun IS NULL OR p.municipality_id = @mun)
    ORDER BY bm25(bench_fts) LIMIT @limit`);
  return (query, filters, limit) => {
    const digits = /^[+\d][\d\s./-]*$/.test(query.trim()) ? query.replace(/\D/g, '') : null;
    const terms = digits ? [digits] : normalize(query).split(' ').filter(Boolean);
    if (terms.length === 0) return [];
    const match = terms.map((t) => `"${t}"*`).join(' ');
    return statement.all({ match, dep: filters.departmentId ?? null, mun: filters.municipalityId ?? null, limit });
  };
}

export function fts5Baseline(db: CacheDb): { search: BaselineSearch } {
  buildFts5Baseline(db);
  return { search: fts5Search(db) };
}
