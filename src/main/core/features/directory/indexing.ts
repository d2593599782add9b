/**
 * Keeps the search index in step with the cached rows: two contentless FTS5 tables, one document
 * per person (rowid = pid), built here from normalized words (so the tokenizer only splits on
 * spaces; detail=none: no positions or columns, the smallest index, and every query is words ANDed):
 *   dir_search        everything searchable: first and last name words and each multi-part name
 *                     joined ("De Smet" -> "de smet desmet"), e-mail (local part words and the
 *                     whole address joined),
 *                     the national numbers ("+3257346578" -> "057346578"), the extension, every
 *                     suffix of 3+ digits of each number and extension (a prefix query on them finds
 *                     any run of 3+ digits: "3456" in "0475123456")
 *   dir_search_names  only the name words: "every query word starts a name word" without scanning
 *                     the matches of the big table (a title word in every tenth person)
 * Both also hold tokens no typed query can produce (queries are [a-z0-9] words; these start with
 * "_", a token character here): `_m<hex id>` municipality and `_d<hex id>` department, and in
 * dir_search `_x<extension>` for "the extension starts with" and `_t<hash>` for the job title.
 * Department, municipality and job title WORDS are not in the documents: the search turns a query
 * word into the tokens of the departments, municipalities and titles with a word it starts (a few
 * hundred names, in memory), so "poper" is one exact token, not a prefix read over the 30,000
 * documents of a town (FTS5 reads every document of a prefix longer than its prefix indexes), and
 * a renamed department rewrites no document.
 * A person row change rewrites that person's documents (delete + insert; a re-sync of an
 * unchanged person changes no row, so writes nothing).
 */
import { stmt } from '../../cache/statements.js';
import type { CacheDb } from '../types.js';
import { normalize, words } from './normalize.js';

const FTS_OPTIONS = `content = '', contentless_delete = 1, detail = none, prefix = '1 2 3', tokenize = "unicode61 remove_diacritics 0 tokenchars '_'"`;
export const SEARCH_TABLES_SQL = `
  CREATE VIRTUAL TABLE dir_search USING fts5(doc, ${FTS_OPTIONS});
  CREATE VIRTUAL TABLE dir_search_names USING fts5(doc, ${FTS_OPTIONS});
  CREATE TABLE dir_search_titles (token TEXT PRIMARY KEY, title TEXT NOT NULL) WITHOUT ROWID;`;

export interface DocumentSource {
  first_name: string;
  last_name: string;
  job_title: string;
  email: string;
  desk_phone: string | null;
  mobile_phone: string | null;
  extension: string | null;
  municipality_id: string;
  department_id: string;
}

/** National digits of an E.164 number ("+3257346578" -> "057346578"), as people type it. */
export function nationalDigits(e164: string | null): string | null {
  if (!e164) return null;
  return e164.startsWith('+32') ? '0' + e164.slice(3) : e164.replace(/\D/g, '');
}

/** A filter id as one token no query can type (ids may hold '-' or '.', which would split). */
export function scopeToken(kind: 'm' | 'd', id: string): string {
  return `_${kind}${Buffer.from(id, 'utf8').toString('hex')}`;
}

/** The token of "the extension starts with" ("4321" -> "_x4321"). */
export const extensionToken = (digits: string): string => `_x${digits}`;

function suffixes(digits: string, from: number): string[] {
  const out: string[] = [];
  for (let i = from; digits.length - i >= 3; i++) out.push(digits.slice(i));
  return out;
}

/** The token of a job title: a short hash of its normalized text. */
export function titleToken(title: string): string {
  let h = 0x811c9dc5;
  for (const ch of normalize(title)) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return `_t${h.toString(36)}`;
}

export interface PlaceWord {
  word: string;
  token: string;
}
const titles = new WeakMap<CacheDb, { seen: Set<string>; words: PlaceWord[] }>();

function addTitle(known: { seen: Set<string>; words: PlaceWord[] }, title: string): void {
  const key = normalize(title);
  if (known.seen.has(key)) return;
  known.seen.add(key);
  const token = titleToken(title);
  for (const word of words(title)) known.words.push({ word, token });
}

/** Forget the titles read into memory (the cache's rows were replaced: cleared, or copied from an image). */
export function forgetTitles(db: CacheDb): void {
  titles.delete(db);
}

/**
 * Every job title seen, in `dir_search_titles` (a few hundred rows: reading the distinct titles
 * of 100,000 people would scan the whole table) and in memory once read.
 */
export function titleWords(db: CacheDb): PlaceWord[] {
  let known = titles.get(db);
  if (!known) {
    known = { seen: new Set(), words: [] };
    titles.set(db, known);
    for (const { title } of stmt(db, 'SELECT title FROM dir_search_titles').all() as { title: string }[]) addTitle(known, title);
  }
  return known.words;
}

/**
 * Remember a person's title. Written every time (INSERT OR IGNORE): the memory could hold a title
 * whose row a failed page rolled back. Stale titles match nobody, harmlessly.
 */
function noteTitle(db: CacheDb, title: string): void {
  stmt(db, 'INSERT OR IGNORE INTO dir_search_titles (token, title) VALUES (?, ?)').run(titleToken(title), title);
  const known = titles.get(db);
  if (known) addTitle(known, title);
}

export function searchDocuments(p: DocumentSource): { all: string; names: string } {
  const at = p.email.lastIndexOf('@');
  const local = at >= 0 ? p.email.slice(0, at) : p.email;
  const phones = [nationalDigits(p.desk_phone), nationalDigits(p.mobile_phone)].filter((d): d is string => Boolean(d));
  const ext = p.extension ? p.extension.replace(/\D/g, '') : '';
  const scope = [scopeToken('m', p.municipality_id), scopeToken('d', p.department_id)];
  const names = [...words(p.first_name), ...words(p.last_name)];
  const all = [
    ...names,
    titleToken(p.job_title),
    ...words(local),
    // The whole address as one token: a typed address is also searched joined ("a.b@c.be" -> "abcbe").
    normalize(p.email).replace(/ /g, ''),
    ...phones,
    ...phones.flatMap((d) => suffixes(d, 1)),
    ...(ext ? [ext, extensionToken(ext), ...suffixes(ext, 1)] : []),
    ...scope,
  ];
  const join = (list: string[]) => [...new Set(list.filter(Boolean))].join(' ');
  return { all: join(all), names: join([...names, ...scope]) };
}

export function sortKeys(firstName: string, lastName: string): { lastFirst: string; firstLast: string } {
  const first = normalize(firstName);
  const last = normalize(lastName);
  return { lastFirst: `${last} ${first}`, firstLast: `${first} ${last}` };
}

const SELECT_SOURCE = `
  SELECT p.pid, p.first_name, p.last_name, p.job_title, p.email, p.desk_phone, p.mobile_phone, p.extension,
         p.municipality_id, p.department_id
  FROM dir_people p`;

/** Write a person's document (replacing the one it had). */
export function indexPerson(db: CacheDb, pid: number, source: DocumentSource): void {
  noteTitle(db, source.job_title);
  unindexPerson(db, pid);
  const docs = searchDocuments(source);
  stmt(db, 'INSERT INTO dir_search (rowid, doc) VALUES (?, ?)').run(pid, docs.all);
  stmt(db, 'INSERT INTO dir_search_names (rowid, doc) VALUES (?, ?)').run(pid, docs.names);
}

/** Remove a person's document (before or after the person row is deleted). */
export function unindexPerson(db: CacheDb, pid: number): void {
  stmt(db, 'DELETE FROM dir_search WHERE rowid = ?').run(pid);
  stmt(db, 'DELETE FROM dir_search_names WHERE rowid = ?').run(pid);
}

/** Rebuild the whole index from the cached rows (migration; no re-sync needed). */
export function reindexAll(db: CacheDb): void {
  db.exec('DELETE FROM dir_search; DELETE FROM dir_search_names;');
  const insertAll = db.prepare('INSERT INTO dir_search (rowid, doc) VALUES (?, ?)');
  const insertNames = db.prepare('INSERT INTO dir_search_names (rowid, doc) VALUES (?, ?)');
  // In batches: a connection cannot write while it iterates, and 100,000 rows at once is memory.
  const batch = db.prepare(`${SELECT_SOURCE} WHERE p.pid > ? ORDER BY p.pid LIMIT 2000`);
  const noted = new Set<string>();
  let after = 0; // pids start at 1
  for (;;) {
    const rows = batch.all(after) as (DocumentSource & { pid: number })[];
    if (rows.length === 0) break;
    for (const row of rows) {
      // One INSERT OR IGNORE per distinct title, not per person: the whole rebuild is one transaction.
      if (!noted.has(row.job_title)) {
        noted.add(row.job_title);
        noteTitle(db, row.job_title);
      }
      const docs = searchDocuments(row);
      insertAll.run(row.pid, docs.all);
      insertNames.run(row.pid, docs.names);
    }
    after = rows[rows.length - 1]!.pid;
  }
}
