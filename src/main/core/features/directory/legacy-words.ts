/**
 * FROZEN: the word backfill of directory migration 2 (`dir_person_words`), kept so that migration
 * still does what it shipped with on a version-1 cache. Migration 5 drops that table (and
 * `dir_people.indexed`); the search runs on `dir_search` (indexing.ts). Use it for nothing else.
 */
import type { CacheDb } from '../types.js';
import { words } from './normalize.js';

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
}

function personWords(source: WordSource): string[] {
  const out = new Set<string>();
  for (const text of [source.first_name, source.last_name, source.job_title, source.department_name ?? '']) {
    for (const word of words(text)) out.add(word);
  }
  for (const e164 of [source.desk_phone, source.mobile_phone]) {
    if (e164) out.add(e164.startsWith('+32') ? '0' + e164.slice(3) : e164.replace(/\D/g, ''));
  }
  if (source.extension) out.add(source.extension);
  return [...out].sort();
}

/** Migration 2: fill dir_person_words and dir_people.indexed from the cached rows. */
export function backfillWordsV2(db: CacheDb): void {
  const insert = db.prepare('INSERT OR IGNORE INTO dir_person_words (word, last_first, pid, municipality_id) VALUES (?, ?, ?, ?)');
  const mark = db.prepare('UPDATE dir_people SET indexed = ? WHERE pid = ?');
  const rows = db
    .prepare(
      `SELECT p.pid, p.first_name, p.last_name, p.job_title, p.desk_phone, p.mobile_phone, p.extension,
              p.last_first, p.municipality_id, d.name AS department_name
       FROM dir_people p LEFT JOIN dir_departments d ON d.id = p.department_id`,
    )
    .all() as WordSource[];
  for (const row of rows) {
    const list = personWords(row);
    for (const word of list) insert.run(word, row.last_first, row.pid, row.municipality_id);
    mark.run(`${list.join(' ')}|${row.last_first}|${row.municipality_id}`, row.pid);
  }
}
