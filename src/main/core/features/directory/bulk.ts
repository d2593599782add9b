/**
 * A fresh cache's first sync of the directory in bulk (see BulkLoad in ../types.ts).
 *
 * `begin` drops the secondary indexes of dir_people (their SQL is kept in core_state, in the same
 * transaction, so a crash mid-sync still knows them); pages then write people rows only
 * (`bulkPersonUpsert`: no search documents, no index maintenance). `finish`, in the transaction of
 * the last page, recreates the indexes and builds every person's search documents in one pass in
 * pid order (`reindexAll`, the same code an upgraded cache's migration uses): sorted inserts and
 * CREATE INDEX instead of 100,000 scattered updates of many b-trees. Until then a search finds
 * nobody (the sync's progress is shown instead).
 */
import { stmt } from '../../cache/statements.js';
import type { BulkLoad, CacheDb, RowOf } from '../types.js';
import { reindexAll, sortKeys } from './indexing.js';

const TABLES = ['dir_people'];
const SAVED_KEY = 'bulk:directory.indexes';

interface SavedIndex {
  name: string;
  sql: string;
}

function savedIndexes(db: CacheDb): SavedIndex[] {
  const row = stmt(db, 'SELECT value FROM core_state WHERE key = ?').get(SAVED_KEY) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as SavedIndex[]) : [];
}

/** True while a bulk first sync runs (or was cut off and will resume): the search index is not built yet. */
export function bulkLoading(db: CacheDb): boolean {
  return stmt(db, 'SELECT 1 FROM core_state WHERE key = ?').get(SAVED_KEY) !== undefined;
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
    for (const index of savedIndexes(db)) {
      const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?").get(index.name);
      if (!exists) db.exec(index.sql);
    }
    reindexAll(db);
    stmt(db, 'DELETE FROM core_state WHERE key = ?').run(SAVED_KEY);
    // The load is over: the memo would hold every name of the directory for the process's life
    // (36 MB for 100,000 distinct names).
    memo.clear();
  },
};

/**
 * Sort keys by first and last name during a bulk load (many people share both names, and
 * normalizing is most of a row's cost); emptied when the load finishes.
 */
const memo = new Map<string, [string, string]>();

/** Entries in the sort key memo (tests). */
export const sortKeyMemoSize = (): number => memo.size;

function sortKeysOf(firstName: string, lastName: string): { lastFirst: string; firstLast: string } {
  const key = `${firstName}\u0000${lastName}`;
  let keys = memo.get(key);
  if (!keys) {
    if (memo.size > 100_000) memo.clear();
    const k = sortKeys(firstName, lastName);
    keys = [k.lastFirst, k.firstLast];
    memo.set(key, keys);
  }
  return { lastFirst: keys[0], firstLast: keys[1] };
}

/** A person row without its search documents (bulk load): `finish` indexes everybody at once. */
export function bulkPersonUpsert(db: CacheDb, row: RowOf<'people'>): void {
  const { lastFirst, firstLast } = sortKeysOf(row.firstName, row.lastName);
  // Positional parameters: binding named ones from a spread copy of the row cost twice the insert.
  stmt(
    db,
    `INSERT INTO dir_people (id, municipality_id, department_id, first_name, last_name, job_title, manager_id, office,
       desk_phone, mobile_phone, extension, email, birthday_month, birthday_day, last_first, first_last)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET municipality_id = excluded.municipality_id, department_id = excluded.department_id,
       first_name = excluded.first_name, last_name = excluded.last_name, job_title = excluded.job_title,
       manager_id = excluded.manager_id, office = excluded.office, desk_phone = excluded.desk_phone,
       mobile_phone = excluded.mobile_phone, extension = excluded.extension, email = excluded.email,
       birthday_month = excluded.birthday_month, birthday_day = excluded.birthday_day,
       last_first = excluded.last_first, first_last = excluded.first_last`,
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
  );
}
