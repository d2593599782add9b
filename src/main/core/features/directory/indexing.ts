/**
 * Keeps the search words of people in step with their rows: names, job title, department name
 * and phone digits ("057 34 65 78" is found by "05734"; the extension "4321" by its digits).
 * `dir_people.indexed` records what the word table holds for the person ("word word ...|last_first|
 * municipality"), so an unchanged person costs one read and a changed one only its own rows.
 */
import { stmt } from '../../cache/statements.js';
import type { CacheDb } from '../types.js';
import { normalize, words } from './normalize.js';

interface WordSource {
  pid: number;
  first_name: string;
  last_name: string;
  job_title: string;
  desk_phone: string | null;
  mobile_phone: string | null;
  extension: string | null;
  last_first: string;
  municipality_id: string;
  department_name: string | null;
  indexed: string;
}

/** National digits of an E.164 number ("+3257346578" -> "057346578"), as people type it. */
export function phoneKeys(e164: string | null): string[] {
  if (!e164) return [];
  return [e164.startsWith('+32') ? '0' + e164.slice(3) : e164.replace(/\D/g, '')];
}

export function personWords(source: Pick<WordSource, 'first_name' | 'last_name' | 'job_title' | 'desk_phone' | 'mobile_phone' | 'extension' | 'department_name'>): Set<string> {
  const out = new Set<string>();
  for (const text of [source.first_name, source.last_name, source.job_title, source.department_name ?? '']) {
    for (const word of words(text)) out.add(word);
  }
  for (const key of [...phoneKeys(source.desk_phone), ...phoneKeys(source.mobile_phone)]) out.add(key);
  if (source.extension) out.add(source.extension);
  return out;
}

export function sortKeys(firstName: string, lastName: string): { lastFirst: string; firstLast: string } {
  const first = normalize(firstName);
  const last = normalize(lastName);
  return { lastFirst: `${last} ${first}`, firstLast: `${first} ${last}` };
}

const SELECT_SOURCE = `
  SELECT p.pid, p.first_name, p.last_name, p.job_title, p.desk_phone, p.mobile_phone, p.extension,
         p.last_first, p.municipality_id, p.indexed, d.name AS department_name
  FROM dir_people p LEFT JOIN dir_departments d ON d.id = p.department_id`;

function parseIndexed(indexed: string): { lastFirst: string; words: string[] } | null {
  const [list, lastFirst] = indexed.split('|');
  return list === undefined || lastFirst === undefined ? null : { lastFirst, words: list ? list.split(' ') : [] };
}

/** What `dir_people.indexed` holds for a person with these words. */
export function indexedKey(words: string[], lastFirst: string, municipalityId: string): string {
  return `${words.join(' ')}|${lastFirst}|${municipalityId}`;
}

/** Replace the word rows of a person: the rows described by `previous` go, the new ones come. */
export function replaceWords(db: CacheDb, pid: number, previous: string, next: string[], lastFirst: string, municipalityId: string): void {
  const old = parseIndexed(previous);
  if (old) {
    const remove = stmt(db, 'DELETE FROM dir_person_words WHERE word = ? AND last_first = ? AND pid = ?');
    for (const word of old.words) remove.run(word, old.lastFirst, pid);
  }
  const insert = stmt(db, 'INSERT OR IGNORE INTO dir_person_words (word, last_first, pid, municipality_id) VALUES (?, ?, ?, ?)');
  for (const word of next) insert.run(word, lastFirst, pid, municipalityId);
}

function writeWords(db: CacheDb, source: WordSource): void {
  const next = [...personWords(source)].sort();
  const indexed = indexedKey(next, source.last_first, source.municipality_id);
  if (indexed === source.indexed) return;
  replaceWords(db, source.pid, source.indexed, next, source.last_first, source.municipality_id);
  stmt(db, 'UPDATE dir_people SET indexed = ? WHERE pid = ?').run(indexed, source.pid);
}

/** Remove a person's words (before the person row is deleted). */
export function unindexPerson(db: CacheDb, pid: number): void {
  const row = stmt(db, 'SELECT indexed FROM dir_people WHERE pid = ?').get(pid) as { indexed: string } | undefined;
  const previous = row ? parseIndexed(row.indexed) : null;
  if (!previous) return;
  const remove = stmt(db, 'DELETE FROM dir_person_words WHERE word = ? AND last_first = ? AND pid = ?');
  for (const word of previous.words) remove.run(word, previous.lastFirst, pid);
}

export function reindexPerson(db: CacheDb, pid: number): void {
  const source = stmt(db, `${SELECT_SOURCE} WHERE p.pid = ?`).get(pid) as WordSource | undefined;
  if (source) writeWords(db, source);
}

export function reindexDepartment(db: CacheDb, departmentId: string): void {
  const rows = stmt(db, `${SELECT_SOURCE} WHERE p.department_id = ?`).all(departmentId) as WordSource[];
  for (const row of rows) writeWords(db, row);
}

export function reindexAll(db: CacheDb): void {
  db.exec("DELETE FROM dir_person_words; UPDATE dir_people SET indexed = '';");
  for (const row of stmt(db, SELECT_SOURCE).all() as WordSource[]) writeWords(db, { ...row, indexed: '' });
}
