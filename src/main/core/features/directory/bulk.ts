/**
 * A fresh cache's first sync of the directory in bulk (see BulkLoad in ../types.ts).
 *
 * `begin` drops the secondary indexes of dir_people and dir_person_words (their SQL is kept in
 * core_state, in the same transaction, so a crash mid-sync still knows them); pages then write
 * people rows only (`bulkPersonUpsert`: no search words, no index maintenance). `finish`, in the
 * transaction of the last page, builds every person's search words in one sorted pass and
 * recreates the indexes: sorted inserts and CREATE INDEX instead of 100,000 scattered updates of
 * nine b-trees. The word schema is the one of migrations.ts / indexing.ts, unchanged.
 */
import { stmt } from '../../cache/statements.js';
import type { BulkLoad, CacheDb, RowOf } from '../types.js';
import { indexedKey, personWords, sortKeys } from './indexing.js';

const TABLES = ['dir_people', 'dir_person_words'];
const SAVED_KEY = 'bulk:directory.indexes';

interface SavedIndex {
  name: string;
  sql: string;
}

function savedIndexes(db: CacheDb): SavedIndex[] {
  const row = stmt(db, 'SELECT value FROM core_state WHERE key = ?').get(SAVED_KEY) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as SavedIndex[]) : [];
}

export const directoryBulk: BulkLoad = {
  begin(db) {
    const present = db
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${TABLES.map(() => '?').join(', ')})`)
      .all(...TABLES) as SavedIndex[];
    const saved = savedIndexes(db);
    const all = [...saved, ...present.filter((p) => !saved.some((s) => s.name === p.name))];
    stmt(db, 'INSERT INTO core_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(SAVED_KEY, JSON.stringify(all));
    for (const index of present) db.exec(`DROP INDEX "${index.name.replace(/"/g, '""')}"`);
  },
  finish(db) {
    buildAllWords(db);
    for (const index of savedIndexes(db)) {
      const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?").get(index.name);
      if (!exists) db.exec(index.sql);
    }
    stmt(db, 'DELETE FROM core_state WHERE key = ?').run(SAVED_KEY);
  },
};

/**
 * Every person's search words from what `dir_people.indexed` says they are ("word word|last first|
 * municipality", written by `bulkPersonUpsert` or, for a department renamed meanwhile, by
 * reindexDepartment), inserted in key order by SQLite's sorter into an empty word table.
 * Words never hold a space (that is how `indexed` separates them); quotes and backslashes are
 * escaped for json_each.
 */
function buildAllWords(db: CacheDb): void {
  db.exec(`
    DELETE FROM dir_person_words;
    INSERT OR IGNORE INTO dir_person_words (word, last_first, pid, municipality_id)
    SELECT w.value, p.last_first, p.pid, p.municipality_id
    FROM dir_people p,
         json_each('["' || replace(replace(replace(substr(p.indexed, 1, instr(p.indexed, '|') - 1), '\\', '\\\\'), '"', '\\"'), ' ', '","') || '"]') w
    WHERE instr(p.indexed, '|') > 1 AND w.value <> ''
    ORDER BY 1, 2, 3;
  `);
}

/**
 * 100,000 people share a few hundred first names, last names, job titles and departments: a
 * bulk load computes the words of each such text once. A person's words are the union of the
 * words of each field (personWords), so they are put together from the words of each field.
 */
const memo = new Map<string, string[]>();
const EMPTY = { first_name: '', last_name: '', job_title: '', desk_phone: null, mobile_phone: null, extension: null, department_name: '' };

function fieldWords(field: 'first_name' | 'last_name' | 'job_title' | 'department_name', text: string): string[] {
  const key = `${field}\u0000${text}`;
  let list = memo.get(key);
  if (!list) {
    if (memo.size > 100_000) memo.clear();
    list = [...personWords({ ...EMPTY, [field]: text })];
    memo.set(key, list);
  }
  return list;
}

function sortKeysOf(firstName: string, lastName: string): { lastFirst: string; firstLast: string } {
  const key = `keys\u0000${firstName}\u0000${lastName}`;
  let keys = memo.get(key);
  if (!keys) {
    if (memo.size > 100_000) memo.clear();
    const k = sortKeys(firstName, lastName);
    keys = [k.lastFirst, k.firstLast];
    memo.set(key, keys);
  }
  return { lastFirst: keys[0]!, firstLast: keys[1]! };
}

/** A person row without its words (bulk load): `indexed` says what the word table will hold. */
export function bulkPersonUpsert(db: CacheDb, row: RowOf<'people'>, departmentName: string): void {
  const { lastFirst, firstLast } = sortKeysOf(row.firstName, row.lastName);
  const words = new Set([
    ...fieldWords('first_name', row.firstName),
    ...fieldWords('last_name', row.lastName),
    ...fieldWords('job_title', row.jobTitle),
    ...fieldWords('department_name', departmentName),
    ...personWords({ ...EMPTY, desk_phone: row.deskPhone, mobile_phone: row.mobilePhone, extension: row.extension }),
  ]);
  const indexed = indexedKey([...words].sort(), lastFirst, row.municipalityId);
  // Positional parameters: binding 17 named ones from a spread copy of the row cost twice the insert.
  stmt(
    db,
    `INSERT INTO dir_people (id, municipality_id, department_id, first_name, last_name, job_title, manager_id, office,
       desk_phone, mobile_phone, extension, email, birthday_month, birthday_day, last_first, first_last, indexed)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET municipality_id = excluded.municipality_id, department_id = excluded.department_id,
       first_name = excluded.first_name, last_name = excluded.last_name, job_title = excluded.job_title,
       manager_id = excluded.manager_id, office = excluded.office, desk_phone = excluded.desk_phone,
       mobile_phone = excluded.mobile_phone, extension = excluded.extension, email = excluded.email,
       birthday_month = excluded.birthday_month, birthday_day = excluded.birthday_day,
       last_first = excluded.last_first, first_last = excluded.first_last, indexed = excluded.indexed`,
  ).run(
    row.id,
    row.municipalityId,
    row.departmentId,
    row.firstName,
    row.lastName,
    row.jobTitle,
    row.managerId,
    row.office,
    row.deskPhone,
    row.mobilePhone,
    row.extension,
    row.email,
    row.birthday?.month ?? null,
    row.birthday?.day ?? null,
    lastFirst,
    firstLast,
    indexed,
  );
}
