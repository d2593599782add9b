/**
 * Directory typeahead over the cache, built for 1- and 2-letter prefixes on 100,000 people.
 *
 * Matches: every query word starts a word of the person (name parts, job title, department, phone
 * digits, extension), read from dir_person_words, a B-tree ordered by (word, last_first).
 * Ranking, in three classes that never overlap:
 *   A. "last first" starts with the query   (index range on dir_people.last_first, already ordered)
 *   B. "first last" starts with the query   (index range on dir_people.first_last, already ordered)
 *   C. the other matches, by matched word then name (the word table's own order)
 * A and B are subsets of the matches, so the total is the number of distinct matching people.
 * Every read follows an index in its order and stops at the page or at COUNT_CAP: nothing sorts
 * thousands of rows, so a one-letter query costs about as much as a rare name. A multi-word query
 * is driven by its rarest word and examines at most SCAN_BUDGET of its rows (beyond that its total
 * is "more than"); within a department every word is checked on the department's people.
 */
import { z } from 'zod';
import { phoneDigits } from '../../../../shared/format/phone.js';
import type { DirectorySearchInput, DirectorySearchResult, PersonSummary } from '../../../../shared/contract/directory.js';
import { stmt } from '../../cache/statements.js';
import type { CacheDb } from '../types.js';
import { normalize, prefixEnd } from './normalize.js';
import { SUMMARY_COLUMNS, summariesByPid, withNames, type SummaryRow } from './summary.js';

export const COUNT_CAP = 500;
export const SCAN_BUDGET = 600;

type SearchInput = z.output<typeof DirectorySearchInput>;

export interface Plan {
  q: string;
  /** Distinct words (longest first); the rarest drives the scan. */
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
  const words = [...new Set(q.split(' '))].sort((a, b) => b.length - a.length || a.localeCompare(b));
  return { q, words, names: true };
}

/** Department ids under (and including) the given one. */
function departmentTree(db: CacheDb, id: string): string[] {
  const sql = `WITH RECURSIVE tree(id) AS (SELECT ? UNION SELECT d.id FROM dir_departments d JOIN tree t ON d.parent_id = t.id) SELECT id FROM tree`;
  return (stmt(db, sql).all(id) as { id: string }[]).map((r) => r.id);
}

type Params = Record<string, string | number | null>;

function count(db: CacheDb, sql: string, params: Params): number {
  return (stmt(db, `SELECT count(*) AS n FROM (${sql})`).get(params) as { n: number }).n;
}

export function searchDirectory(db: CacheDb, input: SearchInput): DirectorySearchResult {
  const deps = input.departmentId ? departmentTree(db, input.departmentId) : null;
  const params: Params = { deps: deps ? JSON.stringify(deps) : null, mun: input.municipalityId ?? null };
  const filters = [deps ? 'p.department_id IN (SELECT value FROM json_each(@deps))' : null, params.mun ? 'p.municipality_id = @mun' : null].filter(Boolean);
  const pFilter = filters.map((f) => ` AND ${f}`).join('');
  const plan = planQuery(input.query);

  if (!plan) {
    const where = filters.length ? `WHERE ${filters.join(' AND ')}` : '';
    const total = count(db, `SELECT 1 FROM dir_people p ${where}`, params);
    const sql = `SELECT ${SUMMARY_COLUMNS} FROM dir_people p ${where} ORDER BY p.last_first, p.pid LIMIT @limit OFFSET @offset`;
    const items = withNames(db, stmt(db, sql).all({ ...params, limit: input.limit, offset: input.offset }) as SummaryRow[]);
    return { total, totalCapped: false, items };
  }

  const need = input.offset + input.limit;
  Object.assign(params, { q: plan.q, qEnd: prefixEnd(plan.q), need, cap: COUNT_CAP + 1, budget: SCAN_BUDGET });
  // Rows of the driving word in class-C order, filters applied. A department (with its
  // sub-departments) holds few people: read them and check every word on their word lists.
  const ownWords = `(' ' || substr(p.indexed, 1, instr(p.indexed, '|') - 1))`;
  const wordRange = (i: number) => {
    params[`w${i}`] = plan.words[i]!;
    params[`w${i}End`] = prefixEnd(plan.words[i]!);
    return params.mun
      ? `FROM dir_person_words w INDEXED BY dir_person_words_muni WHERE w.municipality_id = @mun AND w.word >= @w${i} AND w.word < @w${i}End`
      : `FROM dir_person_words w WHERE w.word >= @w${i} AND w.word < @w${i}End`;
  };
  let driverRows: string;
  let otherWords = '';
  let multi = false;
  if (deps) {
    plan.words.forEach((w, i) => (params[`w${i}`] = w));
    const all = plan.words.map((_, i) => `${ownWords} LIKE '% ' || @w${i} || '%'`).join(' AND ');
    driverRows = `SELECT p.pid, p.last_first FROM dir_people p INDEXED BY dir_people_dept WHERE ${all} ${pFilter} ORDER BY p.last_first, p.pid`;
  } else {
    // Drive with the word that has the fewest rows (counted up to the budget); check the others
    // on each person's own word list.
    let best = 0;
    if (plan.words.length > 1) {
      const sizes = plan.words.map((_, i) => count(db, `SELECT 1 ${wordRange(i)} LIMIT @budget`, { ...params, budget: SCAN_BUDGET + 1 }));
      best = sizes.indexOf(Math.min(...sizes));
      multi = true;
    }
    driverRows = `SELECT w.pid, w.word, w.last_first ${wordRange(best)} ORDER BY w.word, w.last_first, w.pid`;
    otherWords = plan.words
      .map((_, i) => (i === best ? '' : ` AND ${ownWords} LIKE '% ' || @w${i} || '%'`))
      .join('');
  }
  const scanned = multi ? `SELECT d.pid FROM (${driverRows} LIMIT @budget) d JOIN dir_people p ON p.pid = d.pid WHERE 1 = 1 ${otherWords}` : driverRows;

  const inA = `p.last_first >= @q AND p.last_first < @qEnd`;
  const inB = `p.first_last >= @q AND p.first_last < @qEnd AND NOT (${inA})`;
  // Name the index of each class: the plan must walk it in order, whatever the statistics say.
  const [idxA, idxB] = deps ? ['dir_people_dept', 'dir_people_dept_first'] : params.mun ? ['dir_people_muni', 'dir_people_muni_first'] : ['dir_people_last_first', 'dir_people_first_last'];
  const fromA = plan.names ? `FROM dir_people p INDEXED BY ${idxA} WHERE ${inA}${pFilter}` : null;
  const fromB = plan.names ? `FROM dir_people p INDEXED BY ${idxB} WHERE ${inB}${pFilter}` : null;
  // Counting A and B walks one index each; when they already pass the cap, C need not be counted.
  const limit = Math.max(need, COUNT_CAP + 1);
  const countA = fromA ? count(db, `SELECT 1 ${fromA} LIMIT @lim`, { ...params, lim: limit }) : 0;
  const countB = fromB && countA < limit ? count(db, `SELECT 1 ${fromB} LIMIT @lim`, { ...params, lim: limit - countA }) : 0;

  let counted = countA + countB;
  let exhausted = false;
  if (counted <= COUNT_CAP) {
    counted = Math.max(counted, count(db, `SELECT DISTINCT pid FROM (${scanned}) LIMIT @cap`, params));
    exhausted = multi && count(db, `${driverRows} LIMIT @budget`, params) >= SCAN_BUDGET;
  }
  const totalCapped = exhausted || counted > COUNT_CAP;
  const total = Math.min(counted, COUNT_CAP);

  const items: PersonSummary[] = [];
  let skip = input.offset;
  let want = Math.min(input.limit, Math.max(0, total - input.offset));
  const take = (from: string | null, classCount: number, order: string): void => {
    if (!from || want <= 0) return;
    if (skip >= classCount) {
      skip -= classCount;
      return;
    }
    const sql = `SELECT ${SUMMARY_COLUMNS} ${from} ORDER BY ${order} LIMIT @want OFFSET @skip`;
    const rows = withNames(db, stmt(db, sql).all({ ...params, want, skip }) as SummaryRow[]);
    items.push(...rows);
    want -= rows.length;
    skip = 0;
  };
  take(fromA, countA, 'p.last_first, p.pid');
  take(fromB, countB, 'p.first_last, p.last_first, p.pid');

  if (want > 0) {
    // Class C: walk the driving word's rows in order, skipping people already ranked in A or B.
    const sql = `SELECT d.pid, p.last_first AS lf, p.first_last AS fl FROM (${multi ? `${driverRows} LIMIT @budget` : driverRows}) d
      JOIN dir_people p ON p.pid = d.pid WHERE 1 = 1 ${otherWords}`;
    const seen = new Set<number>();
    const pids: number[] = [];
    for (const row of stmt(db, sql).iterate(params) as IterableIterator<{ pid: number; lf: string; fl: string }>) {
      if (seen.has(row.pid)) continue;
      seen.add(row.pid);
      if (plan.names && (row.lf.startsWith(plan.q) || row.fl.startsWith(plan.q))) continue;
      if (skip > 0) {
        skip -= 1;
        continue;
      }
      pids.push(row.pid);
      if (pids.length >= want) break;
    }
    items.push(...summariesByPid(db, pids));
  }
  return { total, totalCapped, items };
}
