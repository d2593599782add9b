/** Cache migrations: each numbered migration tested as "migrate to N-1, insert, migrate to N, assert". */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCache } from '../../src/main/core/cache/db.js';
import { coreMigrations } from '../../src/main/core/cache/core-migrations.js';
import { appliedVersion, CacheTooNewError, migrateCache } from '../../src/main/core/cache/migrate.js';
import { directoryFeature } from '../../src/main/core/features/directory/index.js';
import { searchDirectory } from '../../src/main/core/features/directory/search.js';
import { DirectorySearchInput } from '../../src/shared/contract/directory.js';
import { allFeatures, migratedCache, tempDir } from './helpers.js';

const tmp = tempDir('pop-migrate-');
afterEach(() => tmp.cleanup());

const sets = [{ name: 'core', migrations: coreMigrations }, directoryFeature];

describe('cache migrations', () => {
  it('migrates a fresh cache to the latest version of the core and every feature, idempotently', () => {
    const db = migratedCache(tmp.dir);
    expect(appliedVersion(db, 'core')).toBe(coreMigrations.length);
    for (const feature of allFeatures) expect(appliedVersion(db, feature.name)).toBe(feature.migrations.length);
    migrateCache(db, [{ name: 'core', migrations: coreMigrations }, ...allFeatures]); // a second start changes nothing
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('core 1: state and outbox tables, outbox sequence never reused', () => {
    const db = openCache(join(tmp.dir, 'c.sqlite'));
    migrateCache(db, sets, { targets: { core: 0, directory: 0 } });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'core_outbox'").get()).toBeUndefined();
    migrateCache(db, sets, { targets: { core: 1, directory: 0 } });
    db.prepare("INSERT INTO core_outbox (type, payload, created_at) VALUES ('x.y', '{}', 'now')").run();
    db.prepare('DELETE FROM core_outbox').run();
    const { seq } = db.prepare("INSERT INTO core_outbox (type, payload, created_at) VALUES ('x.y', '{}', 'now') RETURNING seq").get() as { seq: number };
    expect(seq).toBe(2);
    db.close();
  });

  it('directory 2: people cached under version 1 become searchable (words backfilled)', () => {
    const db = openCache(join(tmp.dir, 'd.sqlite'));
    migrateCache(db, sets, { targets: { directory: 1 } });
    db.prepare("INSERT INTO dir_departments (id, municipality_id, name, parent_id) VALUES ('ict', 'pop', 'ICT', NULL)").run();
    db.prepare(
      `INSERT INTO dir_people (id, municipality_id, department_id, first_name, last_name, job_title, office, email, last_first, first_last)
       VALUES ('p1', 'pop', 'ict', 'Céline', 'Vandenbroucke', 'Deskundige', 'Stadhuis', 'c@pop.example', 'vandenbroucke celine', 'celine vandenbroucke')`,
    ).run();
    migrateCache(db, sets, { targets: { directory: 2 } });
    expect(appliedVersion(db, 'directory')).toBe(2);
    const words = (db.prepare('SELECT word FROM dir_person_words ORDER BY word').all() as { word: string }[]).map((r) => r.word);
    expect(words).toEqual(['celine', 'deskundige', 'ict', 'vandenbroucke']);
    db.close();
  });

  it('directory 3: a department first-name index, used by the department filter', () => {
    const db = openCache(join(tmp.dir, 'e.sqlite'));
    migrateCache(db, sets, { targets: { directory: 2 } });
    db.prepare(
      `INSERT INTO dir_people (id, municipality_id, department_id, first_name, last_name, job_title, office, email, last_first, first_last)
       VALUES ('p1', 'pop', 'ict', 'Jan', 'Peeters', 'Diensthoofd', 'Stadhuis', 'j@pop.example', 'peeters jan', 'jan peeters')`,
    ).run();
    migrateCache(db, sets, { targets: { directory: 3 } });
    expect(appliedVersion(db, 'directory')).toBe(3);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'dir_people_dept_first'").get()).toBeDefined();
    migrateCache(db, sets); // the search needs the latest schema (directory 5)
    const found = searchDirectory(db, DirectorySearchInput.parse({ query: 'ja', departmentId: 'ict' }));
    expect(found.items.map((p) => p.id)).toEqual(['p1']);
    db.close();
  });

  it('directory 5: an upgraded desktop searches its cached people at once (FTS5 built from the rows, no re-sync)', () => {
    const db = openCache(join(tmp.dir, 'g.sqlite'));
    migrateCache(db, sets, { targets: { directory: 4 } });
    // What version 4 wrote: the rows (with their word list) and the word table.
    db.exec(`
      INSERT INTO dir_municipalities (id, name, postcode, regional) VALUES ('ieper', 'Ieper', '8900', 1);
      INSERT INTO dir_departments (id, municipality_id, name, parent_id) VALUES ('iep-fin', 'ieper', 'Financiën', NULL);
      INSERT INTO dir_people (id, municipality_id, department_id, first_name, last_name, job_title, office, email, mobile_phone, extension, last_first, first_last, indexed)
        VALUES ('p1', 'ieper', 'iep-fin', 'Tine', 'De Smet', 'Boekhouder', 'Stadhuis', 'tine.desmet@ieper.be', '+32475903456', '4321', 'de smet tine', 'tine de smet', 'boekhouder de desmet financien smet tine|de smet tine|ieper');
      INSERT INTO dir_person_words (word, last_first, pid, municipality_id) VALUES ('tine', 'de smet tine', 1, 'ieper');
    `);
    migrateCache(db, sets);
    expect(appliedVersion(db, 'directory')).toBeGreaterThanOrEqual(5); // the search below needs the latest schema
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'dir_person_words'").get()).toBeUndefined();
    expect((db.prepare('PRAGMA table_info(dir_people)').all() as { name: string }[]).map((c) => c.name)).not.toContain('indexed');
    const find = (query: string) => searchDirectory(db, DirectorySearchInput.parse({ query })).items.map((p) => p.id);
    for (const query of ['tine', 'desmet', 'de smet', 'boekh', 'financien', 'ieper', 'tine.desmet@ieper.be', '0475', '3456', '4321']) expect(find(query), query).toEqual(['p1']);
    db.close();
  });

  it('refuses a cache written by a newer app instead of misreading it', () => {
    const db = migratedCache(tmp.dir);
    db.prepare("INSERT INTO cache_migrations (feature, version, name, applied_at) VALUES ('directory', 99, 'future', 'now')").run();
    expect(() => migrateCache(db, sets)).toThrow(CacheTooNewError);
    db.close();
  });

  it('rolls a failing migration back completely', () => {
    const db = openCache(join(tmp.dir, 'f.sqlite'));
    const broken = { name: 'broken', migrations: [{ version: 1, name: 'half', up: (d: typeof db) => d.exec('CREATE TABLE half_done (x); SELECT * FROM missing_table;') }] };
    expect(() => migrateCache(db, [broken])).toThrow();
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    expect(appliedVersion(db, 'broken')).toBe(0);
    db.close();
  });
});
