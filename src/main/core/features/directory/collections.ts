/**
 * How synced municipalities, departments and people are written into the cache (inside the
 * page transaction of the sync pull).
 */
import { stmt } from '../../cache/statements.js';
import type { CollectionCaches } from '../types.js';
import { reindexDepartment, reindexPerson, sortKeys } from './indexing.js';

export const directoryCollections: CollectionCaches = {
  municipalities: {
    upsert(db, row) {
      stmt(db, 
        `INSERT INTO dir_municipalities (id, name, postcode, regional) VALUES (@id, @name, @postcode, @regional)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, postcode = excluded.postcode, regional = excluded.regional`,
      ).run({ ...row, regional: row.regional ? 1 : 0 });
    },
    delete(db, id) {
      stmt(db, 'DELETE FROM dir_municipalities WHERE id = ?').run(id);
    },
    clear(db) {
      db.exec('DELETE FROM dir_municipalities');
    },
  },
  departments: {
    upsert(db, row) {
      const before = stmt(db, 'SELECT name FROM dir_departments WHERE id = ?').get(row.id) as { name: string } | undefined;
      stmt(db, 
        `INSERT INTO dir_departments (id, municipality_id, name, parent_id) VALUES (@id, @municipalityId, @name, @parentId)
         ON CONFLICT(id) DO UPDATE SET municipality_id = excluded.municipality_id, name = excluded.name, parent_id = excluded.parent_id`,
      ).run(row);
      if (before?.name !== row.name) reindexDepartment(db, row.id);
    },
    delete(db, id) {
      stmt(db, 'DELETE FROM dir_departments WHERE id = ?').run(id);
      reindexDepartment(db, id);
    },
    clear(db) {
      db.exec('DELETE FROM dir_departments');
    },
  },
  people: {
    upsert(db, row) {
      const { lastFirst, firstLast } = sortKeys(row.firstName, row.lastName);
      const result = stmt(db, 
          `INSERT INTO dir_people (id, municipality_id, department_id, first_name, last_name, job_title, manager_id, office,
             desk_phone, mobile_phone, extension, email, birthday_month, birthday_day, last_first, first_last)
           VALUES (@id, @municipalityId, @departmentId, @firstName, @lastName, @jobTitle, @managerId, @office,
             @deskPhone, @mobilePhone, @extension, @email, @month, @day, @lastFirst, @firstLast)
           ON CONFLICT(id) DO UPDATE SET municipality_id = excluded.municipality_id, department_id = excluded.department_id,
             first_name = excluded.first_name, last_name = excluded.last_name, job_title = excluded.job_title,
             manager_id = excluded.manager_id, office = excluded.office, desk_phone = excluded.desk_phone,
             mobile_phone = excluded.mobile_phone, extension = excluded.extension, email = excluded.email,
             birthday_month = excluded.birthday_month, birthday_day = excluded.birthday_day,
             last_first = excluded.last_first, first_last = excluded.first_last
           RETURNING pid`,
        )
        .get({
          ...row,
          month: row.birthday?.month ?? null,
          day: row.birthday?.day ?? null,
          lastFirst,
          firstLast,
        }) as { pid: number };
      reindexPerson(db, result.pid);
    },
    delete(db, id) {
      const row = stmt(db, 'DELETE FROM dir_people WHERE id = ? RETURNING pid').get(id) as { pid: number } | undefined;
      if (row) stmt(db, 'DELETE FROM dir_person_words WHERE pid = ?').run(row.pid);
    },
    clear(db) {
      db.exec('DELETE FROM dir_person_words; DELETE FROM dir_people;');
    },
  },
};
