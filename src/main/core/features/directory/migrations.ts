/**
 * Cache tables of the directory. Numbered per feature; additive once shipped.
 *   1: municipalities, departments, people (+ normalized sort keys and birthday columns)
 *   2: person_words: one row per searchable word of a person, ordered for prefix range scans
 *      (also per municipality, for the municipality filter); dir_people.indexed remembers what
 *      is in it for each person, so a re-sync of an unchanged person writes nothing
 *   3: (department, first_last) index: first-name matches within a department without a scan
 *   4: dir_person_photos: the synced photos (collection personPhotos), apart from dir_people
 *   5: dir_search + dir_search_names (FTS5, see indexing.ts) replace person_words and dir_people.indexed; built from
 *      the cached rows, so an upgraded desktop searches at once, without a re-sync; desk and mobile
 *      number indexes, also per municipality (numbers that start with the typed digits, in order)
 */
import type { CacheMigration } from '../types.js';
import { reindexAll, SEARCH_TABLES_SQL } from './indexing.js';
import { backfillWordsV2 } from './legacy-words.js';

export const directoryMigrations: CacheMigration[] = [
  {
    version: 1,
    name: 'directory tables',
    up(db) {
      db.exec(`
        CREATE TABLE dir_municipalities (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          postcode TEXT NOT NULL,
          regional INTEGER NOT NULL
        );
        CREATE TABLE dir_departments (
          id TEXT PRIMARY KEY,
          municipality_id TEXT NOT NULL,
          name TEXT NOT NULL,
          parent_id TEXT
        );
        CREATE TABLE dir_people (
          pid INTEGER PRIMARY KEY,
          id TEXT NOT NULL UNIQUE,
          municipality_id TEXT NOT NULL,
          department_id TEXT NOT NULL,
          first_name TEXT NOT NULL,
          last_name TEXT NOT NULL,
          job_title TEXT NOT NULL,
          manager_id TEXT,
          office TEXT NOT NULL,
          desk_phone TEXT,
          mobile_phone TEXT,
          extension TEXT,
          email TEXT NOT NULL,
          birthday_month INTEGER,
          birthday_day INTEGER,
          last_first TEXT NOT NULL,
          first_last TEXT NOT NULL
        );
        CREATE INDEX dir_people_last_first ON dir_people(last_first);
        CREATE INDEX dir_people_first_last ON dir_people(first_last, last_first);
        CREATE INDEX dir_people_muni_first ON dir_people(municipality_id, first_last, last_first);
        CREATE INDEX dir_people_dept ON dir_people(department_id, last_first);
        CREATE INDEX dir_people_muni ON dir_people(municipality_id, last_first);
        CREATE INDEX dir_people_manager ON dir_people(manager_id);
        CREATE INDEX dir_people_birthday ON dir_people(birthday_month, birthday_day) WHERE birthday_month IS NOT NULL;
      `);
    },
  },
  {
    version: 2,
    name: 'person search words',
    up(db) {
      db.exec(`
        CREATE TABLE dir_person_words (
          word TEXT NOT NULL,
          last_first TEXT NOT NULL,
          pid INTEGER NOT NULL,
          municipality_id TEXT NOT NULL,
          PRIMARY KEY (word, last_first, pid)
        ) WITHOUT ROWID;
        ALTER TABLE dir_people ADD COLUMN indexed TEXT NOT NULL DEFAULT '';
        CREATE INDEX dir_person_words_muni ON dir_person_words(municipality_id, word, last_first, pid);
      `);
      backfillWordsV2(db);
    },
  },
  {
    version: 3,
    name: 'first-name index per department',
    up(db) {
      db.exec('CREATE INDEX dir_people_dept_first ON dir_people(department_id, first_last, last_first)');
    },
  },
  {
    version: 4,
    name: 'person photos',
    up(db) {
      db.exec(`
        CREATE TABLE dir_person_photos (
          id TEXT PRIMARY KEY,
          content_type TEXT NOT NULL,
          data TEXT NOT NULL,
          hash TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 5,
    name: 'search index (FTS5)',
    up(db) {
      db.exec(`
        DROP INDEX IF EXISTS dir_person_words_muni;
        DROP TABLE IF EXISTS dir_person_words;
        ALTER TABLE dir_people DROP COLUMN indexed;
        ${SEARCH_TABLES_SQL}
        CREATE INDEX dir_people_desk_phone ON dir_people(desk_phone) WHERE desk_phone IS NOT NULL;
        CREATE INDEX dir_people_mobile_phone ON dir_people(mobile_phone) WHERE mobile_phone IS NOT NULL;
        CREATE INDEX dir_people_muni_desk_phone ON dir_people(municipality_id, desk_phone) WHERE desk_phone IS NOT NULL;
        CREATE INDEX dir_people_muni_mobile_phone ON dir_people(municipality_id, mobile_phone) WHERE mobile_phone IS NOT NULL;
      `);
      reindexAll(db);
    },
  },
];
