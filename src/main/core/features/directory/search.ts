/**
 * Directory typeahead over the cache: every query word is a prefix of some word of the person
 * (names, job title, department, municipality, e-mail, phone numbers, any 3+ digit run of a
 * number, extension), found in the FTS5 index `dir_search` (indexing.ts). Split and joined
 * surnames find each other: "De Smet" is indexed as "de smet desmet", and a query "de smet" also
 * asks for the joined "desmet"*.
 *
 * Ranking, in classes read in order (a person appears once, in the first class that has them):
 *   names:   A. "last first" starts with the query (index range on dir_people.last_first, ordered)
 *            B. "first last" starts with the query (index range on dir_people.first_last, ordered)
 *            N. every query word starts a name word ("an va" -> Ann Vanneste), by name
 *            C. the other matches (title, department, municipality, e-mail, numbers), by name
 *   numbers: P. a phone number starts with the digits ("0475" -> mobiles 0475...), by name
 *            X. the extension starts with the digits, by name
 *            C. the digits occur in a number (3+ digits) or an extension, by name
 * A and B follow an index in its order and stop at the cap. N, P, X and C take the first
 * COUNT_CAP + 1 matches that FTS5 streams (prefix indexes of 1 and 2 characters keep short prefixes
 * streaming) and sort that fixed set by name, so pages are stable. Every class is a subset of the
 * last one, so the total is the size of C, counted up to COUNT_CAP.
 */
import { z } from 'zod';
import { phoneDigits } from '../../../../shared/format/phone.js';
import type { DirectorySearchInput, DirectorySearchResult } from '../../../../shared/contract/directory.js';
import { stmt } from '../../cache/statements.js';
import type { CacheDb } from '../types.js';
import { scopeToken } from './indexing.js';
import { normalize, prefixEnd } from './normalize.js';
import { SUMMARY_COLUMNS, summariesByPid, withNames, type SummaryRow } from './summary.js';

export const COUNT_CAP = 500;
/** Queries of more words than this ask only for the words as typed and all of them joined. */
const MAX_JOIN_WORDS = 4;

type SearchInput = z.output<typeof DirectorySearchInput>;

export interface Plan {
  /** The normalized query (names) or its national digits (numbers). */
  q: string;
  /** The query words, as typed (numbers: the digits as one word). */
  words: string[];
  /** A phone-number query ("0475 12", "+32 57", "4321"). */
  digits: boolean;
}

export function planQuery(raw: string): Plan | null {
  const trimmed = raw.trim();
  if (/^[+\d][\d\s./()-]*$/.test(trimmed) && /\d/.test(trimmed)) {
    const digits = phoneDigits(trimmed).replace(/\D/g, '');
    if (digits) return { q: digits, words: [digits], digits: true };
  }
  const q = normalize(trimmed);
  if (!q) return null;
  return { q, words: q.split(' '), digits: false };
}

/**
 * The words as typed, and every way of joining neighbours ("van den berghe" -> "vandenberghe",
 * "vanden berghe", ...): a person indexed with either spelling is found by the other.
 */
export function wordVariants(words: string[]): string[][] {
  if (words.length > MAX_JOIN_WORDS) return [words, [words.join('')]];
  let out: string[][] = [[words[0]!]];
  for (const word of words.slice(1)) {
    out = out.flatMap((v) => [
      [...v, word],
      [...v.slice(0, -1), v[v.length - 1]! + word],
    ]);
  }
  return out;
}

/** An FTS5 expression: some variant's words all start a word of the given columns. */
function matchWords(words: string[], columns: string): string {
  const variants = wordVariants(words).map((v) => `(${[...new Set(v)].map((w) => `"${w}"*`).join(' AND ')})`);
  return `{${columns}} : (${variants.join(' OR ')})`;
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

const pidsOf = (db: CacheDb, sql: string, params: Params): number[] => (stmt(db, sql).raw().all(params) as [number][]).map((r) => r[0]);

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
  Object.assign(params, { q: plan.q, qEnd: prefixEnd(plan.q), cap: COUNT_CAP + 1 });
  // The filters inside FTS5: a person's municipality and department are tokens of its scope column.
  const scope = [
    deps ? `{scope} : (${deps.map((d) => `"${scopeToken('d', d)}"`).join(' OR ')})` : null,
    input.municipalityId ? `{scope} : "${scopeToken('m', input.municipalityId)}"` : null,
  ].filter(Boolean);
  const fts = (columns: string) => [matchWords(plan.words, columns), ...scope].join(' AND ');
  // The first COUNT_CAP + 1 matches FTS5 streams, sorted by name.
  const ftsClass = (match: string) => () =>
    pidsOf(db, `SELECT pid FROM (SELECT p.pid, p.last_first FROM dir_search s JOIN dir_people p ON p.pid = s.rowid WHERE dir_search MATCH @match LIMIT @cap) ORDER BY last_first, pid`, {
      match,
      cap: COUNT_CAP + 1,
    });

  // Name the index of each name class: the plan must walk it in order, whatever the statistics say.
  const [idxA, idxB] = deps ? ['dir_people_dept', 'dir_people_dept_first'] : params.mun ? ['dir_people_muni', 'dir_people_muni_first'] : ['dir_people_last_first', 'dir_people_first_last'];
  const all = plan.digits ? 'phone ext digits' : 'names other phone ext digits';
  const classes: (() => number[])[] = plan.digits
    ? [ftsClass(fts('phone')), ftsClass(fts('ext')), ftsClass(fts(all))]
    : [
        () => pidsOf(db, `SELECT p.pid FROM dir_people p INDEXED BY ${idxA} WHERE p.last_first >= @q AND p.last_first < @qEnd${pFilter} ORDER BY p.last_first, p.pid LIMIT @cap`, params),
        () => pidsOf(db, `SELECT p.pid FROM dir_people p INDEXED BY ${idxB} WHERE p.first_last >= @q AND p.first_last < @qEnd${pFilter} ORDER BY p.first_last, p.last_first, p.pid LIMIT @cap`, params),
        ftsClass(fts('names')),
        ftsClass(fts(all)),
      ];

  // Read the classes in order until the page is full (or the cap is passed).
  const ranked: number[] = [];
  const seen = new Set<number>();
  let read = 0;
  while (read < classes.length && ranked.length < need && ranked.length <= COUNT_CAP) {
    for (const pid of classes[read]!()) {
      if (!seen.has(pid)) {
        seen.add(pid);
        ranked.push(pid);
      }
    }
    read += 1;
  }
  // Every class is inside the last one (all columns): its size is the total, counted up to the cap.
  let counted = ranked.length;
  if (read < classes.length && counted <= COUNT_CAP) {
    counted = Math.max(counted, count(db, `SELECT 1 FROM dir_search WHERE dir_search MATCH @match LIMIT @cap`, { match: fts(all), cap: COUNT_CAP + 1 }));
  }
  const total = Math.min(counted, COUNT_CAP);
  const end = Math.min(need, total);
  return { total, totalCapped: counted > COUNT_CAP, items: input.offset < end ? summariesByPid(db, ranked.slice(input.offset, end)) : [] };
}
