/**
 * Directory typeahead over the cache: every query word is a prefix of some word of the person
 * (names, job title, department, municipality, e-mail, phone numbers, any 3+ digit run of a
 * number, extension), found in the FTS5 tables of indexing.ts. Split and joined surnames find each
 * other: "De Smet" is indexed as "de smet desmet", and a query "de smet" also asks for "desmet"*.
 *
 * Ranking, in classes read in order (a person appears once, in the first class that has them):
 *   names:   A. "last first" starts with the query (index range on dir_people.last_first, ordered)
 *            B. "first last" starts with the query (index range on dir_people.first_last, ordered)
 *            N. every query word starts a name word ("an va" -> Ann Vanneste; dir_search_names)
 *            C. the other matches (title, department, municipality, e-mail, numbers; dir_search)
 *   numbers: P. a desk or mobile number starts with the digits ("0475" -> 0475 12 34 56), by
 *               number (index ranges on desk_phone and mobile_phone, also per municipality)
 *            X. the extension starts with the digits
 *            C. the digits occur in a number (any run of 3+) or an extension
 * A, B and P follow an index in its order and stop at the cap. N, X and C take the first
 * COUNT_CAP + 1 matches FTS5 streams and sort that fixed set by name, so pages are stable. Every
 * class is a subset of C, so the total is the size of C, counted up to COUNT_CAP.
 */
import { z } from 'zod';
import { phoneDigits } from '../../../../shared/format/phone.js';
import type { DirectoryCount, DirectoryCountInput, DirectorySearchInput, DirectorySearchResult } from '../../../../shared/contract/directory.js';
import { bulkLoading } from './bulk.js';
import { stmt } from '../../cache/statements.js';
import type { CacheDb } from '../types.js';
import { extensionToken, scopeToken, titleWords, type PlaceWord } from './indexing.js';
import { normalize, prefixEnd, words as nameWords } from './normalize.js';
import { loadNames, SUMMARY_COLUMNS, summaries, summariesByPid, type Names, type SummaryValues } from './summary.js';

export const COUNT_CAP = 500;

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

/** Words that join the next one in surnames ("van den berghe" is also written "vandenberghe"). */
const PARTICLES = new Set(['van', 'vanden', 'vander', 'vande', 'de', 'den', 'der', 'des', 'del', 'della', 'di', 'da', 'du', 'd', 'le', 'la', 'ten', 'ter', 't', 'op', 'in', 'mc', 'mac', 'o']);

/**
 * The words as typed and, when a particle starts a surname, the same with each run of particles
 * joined to the next word ("van den berghe" -> "vandenberghe", "de smet jan" -> "desmet jan"): the
 * index holds every multi-part name joined too ("Van den Berghe" -> "van den berghe vandenberghe"),
 * so either spelling finds the other. An e-mail address is also asked for whole, joined.
 */
export function wordVariants(words: string[], email = false): string[][] {
  const out: string[][] = [words];
  const joined: string[] = [];
  let run = '';
  for (const word of words) {
    if (PARTICLES.has(word)) run += word;
    else {
      joined.push(run + word);
      run = '';
    }
  }
  if (run) joined.push(run);
  if (joined.length < words.length) out.push(joined);
  if (email && words.length > 1) out.push([words.join('')]);
  return out;
}

/** A municipality's name word (departmentId null) or a department's, with its token. */
interface PlaceName extends PlaceWord {
  municipalityId: string | null;
  departmentId: string | null;
}
/** Department and municipality name words with their tokens, built once per set of names. */
const placeWords = new WeakMap<Names, PlaceName[]>();

/** The filters of a search: a place outside them matches nobody the search may return. */
interface Within {
  municipalityId: string | null;
  departments: Set<string> | null;
}

/**
 * Tokens of the departments, municipalities and job titles with a word that starts with `prefix`.
 * Under a filter, the tokens that cannot match are left out (FTS5 would still read their whole
 * doclists, to AND them with the filter's token and find nobody): every person has ONE
 * municipality and ONE department, so under a municipality filter no other municipality's token,
 * under a department filter no department outside its tree. (Departments of other municipalities
 * stay: nothing in the data forbids a person of one municipality in another's department.)
 */
function placeTokens(db: CacheDb, prefix: string, within: Within): string[] {
  const names = loadNames(db);
  let list = placeWords.get(names);
  if (!list) {
    list = [
      ...[...names.municipalities].flatMap(([id, name]) => nameWords(name).map((word) => ({ word, token: scopeToken('m', id), municipalityId: id, departmentId: null }))),
      ...[...names.departments].flatMap(([id, name]) =>
        nameWords(name).map((word) => ({ word, token: scopeToken('d', id), municipalityId: null, departmentId: id })),
      ),
    ];
    placeWords.set(names, list);
  }
  // A loop, not spread + filter + map: this runs for every query word (garbage per keystroke).
  const tokens = new Set<string>();
  for (const p of list) {
    if (!p.word.startsWith(prefix)) continue;
    if (p.departmentId === null ? within.municipalityId !== null && p.municipalityId !== within.municipalityId : within.departments !== null && !within.departments.has(p.departmentId)) continue;
    tokens.add(p.token);
  }
  for (const p of titleWords(db)) if (p.word.startsWith(prefix)) tokens.add(p.token);
  return [...tokens];
}

/**
 * An FTS5 expression: the words of some variant each start a word of the document or of the
 * person's department, municipality or job title (`places`, within the filters; not for
 * dir_search_names).
 */
function matchWords(db: CacheDb, words: string[], email: boolean, places: Within | null): string {
  const term = (w: string) => {
    const tokens = places ? placeTokens(db, w, places) : [];
    return tokens.length ? `("${w}"* OR ${tokens.map((t) => `"${t}"`).join(' OR ')})` : `"${w}"*`;
  };
  const variants = wordVariants(words, email).map((v) => `(${[...new Set(v)].map(term).join(' AND ')})`);
  return variants.length === 1 ? variants[0]! : `(${variants.join(' OR ')})`;
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

// pluck: the pids themselves (small integers, no allocation), not an array per row mapped again.
const pidsOf = (db: CacheDb, sql: string, params: Params): number[] => stmt(db, sql).pluck().all(params) as number[];

/**
 * People with a desk or mobile number starting with the E.164 prefix, by number (up to the cap
 * from each column). Both index ranges and their merge in one statement: the sort runs in SQLite
 * and only the pids come back (1,000 row objects and a JS sort cost a "0" query 1.5 ms).
 */
function numbersStartingWith(db: CacheDb, prefix: string, params: Params, pFilter: string): number[] {
  const range = (column: string) => {
    const index = params.deps ? 'dir_people_dept' : params.mun ? `dir_people_muni_${column}` : `dir_people_${column}`;
    return `SELECT * FROM (SELECT p.pid, p.${column} AS n FROM dir_people p INDEXED BY ${index}
      WHERE p.${column} >= @p AND p.${column} < @end${pFilter} ORDER BY p.${column} LIMIT @cap)`;
  };
  const sql = `SELECT pid FROM (${range('desk_phone')} UNION ALL ${range('mobile_phone')}) ORDER BY n, pid`;
  return pidsOf(db, sql, { ...params, p: prefix, end: prefixEnd(prefix), cap: COUNT_CAP + 1 });
}

export function searchDirectory(db: CacheDb, input: SearchInput): DirectorySearchResult {
  const deps = input.departmentId ? departmentTree(db, input.departmentId) : null;
  const params: Params = { deps: deps ? JSON.stringify(deps) : null, mun: input.municipalityId ?? null };
  const filters = [deps ? 'p.department_id IN (SELECT value FROM json_each(@deps))' : null, params.mun ? 'p.municipality_id = @mun' : null].filter(Boolean);
  const pFilter = filters.map((f) => ` AND ${f}`).join('');
  const plan = planQuery(input.query);
  // A first sync in bulk builds the search index at its end: until then a query finds nobody
  // (the browse list below needs no index and still works).
  if (plan && bulkLoading(db)) return { total: 0, totalCapped: false, totalPending: false, items: [] };

  if (!plan) {
    const where = filters.length ? `WHERE ${filters.join(' AND ')}` : '';
    const total = count(db, `SELECT 1 FROM dir_people p ${where}`, params);
    const sql = `SELECT ${SUMMARY_COLUMNS} FROM dir_people p ${where} ORDER BY p.last_first, p.pid LIMIT @limit OFFSET @offset`;
    const items = summaries(db, stmt(db, sql).raw().all({ ...params, limit: input.limit, offset: input.offset }) as SummaryValues[]);
    return { total, totalCapped: false, totalPending: false, items };
  }

  const need = input.offset + input.limit;
  Object.assign(params, { q: plan.q, qEnd: prefixEnd(plan.q), cap: COUNT_CAP + 1 });
  // The filters inside FTS5: a person's municipality and department are tokens of the documents.
  const scope = [
    deps ? `(${deps.map((d) => `"${scopeToken('d', d)}"`).join(' OR ')})` : null,
    input.municipalityId ? `"${scopeToken('m', input.municipalityId)}"` : null,
  ].filter(Boolean);
  const match = (expr: string) => [expr, ...scope].join(' AND ');
  // The first COUNT_CAP + 1 matches FTS5 streams, sorted by name.
  const ftsClass = (table: 'dir_search' | 'dir_search_names', expr: string) => () =>
    // MATERIALIZED: without it SQLite reads every match before applying the LIMIT.
    pidsOf(db, `WITH m AS MATERIALIZED (SELECT rowid AS pid FROM ${table} WHERE ${table} MATCH @match LIMIT @cap)
      SELECT p.pid FROM m JOIN dir_people p ON p.pid = m.pid ORDER BY p.last_first, p.pid`, {
      match: match(expr),
      cap: COUNT_CAP + 1,
    });
  const email = input.query.includes('@');
  const within: Within = { municipalityId: input.municipalityId ?? null, departments: deps ? new Set(deps) : null };
  const words = matchWords(db, plan.words, email, plan.digits ? null : within);

  // Name the index of each name class: the plan must walk it in order, whatever the statistics say.
  const [idxA, idxB] = deps ? ['dir_people_dept', 'dir_people_dept_first'] : params.mun ? ['dir_people_muni', 'dir_people_muni_first'] : ['dir_people_last_first', 'dir_people_first_last'];
  const classes: (() => number[])[] = plan.digits
    ? [
        () => numbersStartingWith(db, plan.q.startsWith('0') ? '+32' + plan.q.slice(1) : '+' + plan.q, params, pFilter),
        ftsClass('dir_search', `"${extensionToken(plan.q)}"*`),
        ftsClass('dir_search', words),
      ]
    : [
        () => pidsOf(db, `SELECT p.pid FROM dir_people p INDEXED BY ${idxA} WHERE p.last_first >= @q AND p.last_first < @qEnd${pFilter} ORDER BY p.last_first, p.pid LIMIT @cap`, params),
        () => pidsOf(db, `SELECT p.pid FROM dir_people p INDEXED BY ${idxB} WHERE p.first_last >= @q AND p.first_last < @qEnd${pFilter} ORDER BY p.first_last, p.last_first, p.pid LIMIT @cap`, params),
        ftsClass('dir_search_names', matchWords(db, plan.words, email, null)),
        ftsClass('dir_search', words),
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
  // Asked with deferTotal, that count (as costly as a class: up to 2 ms) waits for directory.count.
  let counted = ranked.length;
  const uncounted = read < classes.length && counted <= COUNT_CAP;
  if (uncounted && !input.deferTotal) {
    counted = Math.max(counted, count(db, `SELECT 1 FROM dir_search WHERE dir_search MATCH @match LIMIT @cap`, { match: match(words), cap: COUNT_CAP + 1 }));
  }
  const total = Math.min(counted, COUNT_CAP);
  const end = Math.min(need, total);
  const items = input.offset < end ? summariesByPid(db, ranked.slice(input.offset, end)) : [];
  return { total, totalCapped: counted > COUNT_CAP, totalPending: uncounted && input.deferTotal === true, items };
}

/**
 * The total of a search (directory.count): a page of no rows, so no class is read and no summary
 * built, only the last class counted. The total never depends on the page (every class is inside
 * the last), so it is the one a page without `deferTotal` says.
 */
export function countDirectory(db: CacheDb, input: z.output<typeof DirectoryCountInput>): DirectoryCount {
  const { total, totalCapped } = searchDirectory(db, { ...input, offset: 0, limit: 0, deferTotal: false });
  return { total, totalCapped };
}
