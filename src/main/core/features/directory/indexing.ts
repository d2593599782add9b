/**
 * Keeps the search words of people in step with their rows: names, job title, department name
 * and phone digits ("057 34 65 78" is found by "05734", "5734" and the extension "4321").
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
  department_name: string | null;
}

/** National digits of an E.164 number, with and without the leading 0. */
export function phoneKeys(e164: string | null): string[] {
  if (!e164) return [];
  const national = e164.startsWith('+32') ? '0' + e164.slice(3) : e164.replace(/\D/g, '');
  return national.startsWith('0') ? [national, national.slice(1)] : [national];
}

export function personWords(source: Omit<WordSource, 'pid' | 'last_first'>): Set<string> {
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
         p.last_first, d.name AS department_name
  FROM dir_people p LEFT JOIN dir_departments d ON d.id = p.department_id`;

function writeWords(db: CacheDb, source: WordSource): void {
  stmt(db, 'DELETE FROM dir_person_words WHERE pid = ?').run(source.pid);
  const insert = stmt(db, 'INSERT OR IGNORE INTO dir_person_words (word, last_first, pid) VALUES (?, ?, ?)');
  for (const word of personWords(source)) insert.run(word, source.last_first, source.pid);
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
  db.exec('DELETE FROM dir_person_words');
  for (const row of stmt(db, SELECT_SOURCE).iterate() as IterableIterator<WordSource>) writeWords(db, row);
}
