/**
 * Directory typeahead over the cache, built for 1- and 2-letter prefixes on 100,000 people.
 *
 * Ranking, in three classes that never overlap:
 *   A. "last first" starts with the query   (index range on dir_people.last_first, already ordered)
 *   B. "first last" starts with the query   (index range on dir_people.first_last, already ordered)
 *   C. every query word starts a word of the person: name parts, job title, department, phone
 *      digits, extension (dir_person_words, a B-tree ordered by (word, last_first))
 * Each class is read in index order and stops at the page: no class ever sorts its matches, so a
 * one-letter query costs about as much as a rare name. Counts stop at COUNT_CAP (`totalCapped`).
 */
import { stmt } from '../../cache/statements.js';
import { z } from 'zod';
import { phoneDigits } from '../../../../shared/format/phone.js';
import type { DirectorySearchInput, DirectorySearchResult } from '../../../../shared/contract/directory.js';
import type { CacheDb } from '../types.js';
import { normalize, prefixEnd } from './normalize.js';
import { SUMMARY_COLUMNS, SUMMARY_JOINS, summariesByPid } from './summary.js';
import type { PersonSummary } from '../../../../shared/contract/directory.js';

export const COUNT_CAP = 1000;

type SearchInput = z.output<typeof DirectorySearchInput>;

interface Plan {
  q: string;
  words: string[];
  /** Name classes A and B apply (not for phone-number queries). */
  names: boolean;
}

export function planQuery(raw: string): Plan | null {
  const trimmed = raw.trim();
  if (/^[+\d][\d\s./()-]*$/.test(trimmed) && trimmed.replace(/\D/g, '').length >= 2) {
    const digits = phoneDigits(trimmed).replace(/\D/g, '');
    return { q: digits, words: [digits], names: false };
  }
  const q = normalize(trimmed);
  if (!q) return null;
  // The longest word drives the class C scan (fewest matches); the others are checked per person.
  const words = [...new Set(q.split(' '))].sort((a, b) => b.length - a.length);
  return { q, words, names: true };
}

/** Department ids under (and including) the given one. */
function departmentTree(db: CacheDb, id: string): string[] {
  const rows = stmt(db, 
      `WITH RECURSIVE tree(id) AS (SELECT ? UNION SELECT d.id FROM dir_departments d JOIN tree t ON d.parent_id = t.id)
       SELECT id FROM tree`,
    )
    .all(id) as { id: string }[];
  return rows.map((r) => r.id);
}

export function searchDirectory(db: CacheDb, input: SearchInput): DirectorySearchResult {
  const deps = input.departmentId ? departmentTree(db, input.departmentId) : null;
  const params = {
    deps: deps ? JSON.stringify(deps) : null,
    mun: input.municipalityId ?? null,
  };
  const filter = `(@deps IS NULL OR p.department_id IN (SELECT value FROM json_each(@deps))) AND (@mun IS NULL OR p.municipality_id = @mun)`;
  const plan = planQuery(input.query);

  if (!plan) {
    const total = (stmt(db, `SELECT count(*) AS n FROM dir_people p WHERE ${filter}`).get(params) as { n: number }).n;
    const items = stmt(db, `SELECT ${SUMMARY_COLUMNS} FROM dir_people p ${SUMMARY_JOINS} WHERE ${filter} ORDER BY p.last_first, p.pid LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit: input.limit, offset: input.offset }) as PersonSummary[];
    return { total, totalCapped: false, items };
  }

  const q = { ...params, q: plan.q, qEnd: prefixEnd(plan.q), cap: COUNT_CAP + 1 };
  const inA = `(p.last_first >= @q AND p.last_first < @qEnd)`;
  const inB = `(p.first_last >= @q AND p.first_last < @qEnd)`;
  const classA = plan.names ? `FROM dir_people p WHERE ${inA} AND ${filter}` : null;
  const classB = plan.names ? `FROM dir_people p WHERE ${inB} AND NOT ${inA} AND ${filter}` : null;
  const count = (from: string | null): number =>
    from ? (stmt(db, `SELECT count(*) AS n FROM (SELECT 1 ${from} LIMIT @cap)`).get(q) as { n: number }).n : 0;

  const countA = count(classA);
  const countB = countA > COUNT_CAP ? 0 : count(classB);

  // Class C: the driving word's range, other words checked per person, A and B excluded.
  const [driver, ...others] = plan.words;
  const wordParams: Record<string, string> = { w0: driver!, w0End: prefixEnd(driver!) };
  const otherChecks = others.map((w, i) => {
    wordParams[`w${i + 1}`] = w;
    wordParams[`w${i + 1}End`] = prefixEnd(w);
    return `AND EXISTS (SELECT 1 FROM dir_person_words x WHERE x.pid = p.pid AND x.word >= @w${i + 1} AND x.word < @w${i + 1}End)`;
  });
  const excludeNames = plan.names ? `AND NOT ${inA} AND NOT ${inB}` : '';
  const classC = `FROM dir_person_words w JOIN dir_people p ON p.pid = w.pid
    WHERE w.word >= @w0 AND w.word < @w0End ${excludeNames} AND ${filter} ${otherChecks.join(' ')}`;
  const cq = { ...q, ...wordParams };

  let countC = 0;
  if (countA + countB <= COUNT_CAP) {
    countC = (stmt(db, `SELECT count(*) AS n FROM (SELECT DISTINCT w.pid ${classC} LIMIT @cap)`).get(cq) as { n: number }).n;
  }
  const counted = countA + countB + countC;
  const totalCapped = counted > COUNT_CAP;
  const total = Math.min(counted, COUNT_CAP);

  const items: PersonSummary[] = [];
  let offset = input.offset;
  let want = Math.min(input.limit, Math.max(0, total - input.offset));
  const take = (from: string | null, classCount: number, order: string): void => {
    if (!from || want <= 0) return;
    if (offset >= classCount) {
      offset -= classCount;
      return;
    }
    const rows = stmt(db, `SELECT ${SUMMARY_COLUMNS} ${from.replace('FROM dir_people p', `FROM dir_people p ${SUMMARY_JOINS}`)} ORDER BY ${order} LIMIT @limit OFFSET @offset`)
      .all({ ...q, limit: want, offset }) as PersonSummary[];
    items.push(...rows);
    want -= rows.length;
    offset = 0;
  };
  take(classA, countA, 'p.last_first, p.pid');
  take(classB, countB, 'p.first_last, p.pid');
  if (want > 0 && countC > 0) {
    const seen = new Set<number>();
    const pids: number[] = [];
    for (const row of stmt(db, `SELECT w.pid ${classC} ORDER BY w.word, w.last_first, w.pid`).iterate(cq) as IterableIterator<{ pid: number }>) {
      if (seen.has(row.pid)) continue;
      seen.add(row.pid);
      if (offset > 0) {
        offset -= 1;
        continue;
      }
      pids.push(row.pid);
      if (pids.length >= want) break;
    }
    items.push(...summariesByPid(db, pids));
  }
  return { total, totalCapped, items };
}
