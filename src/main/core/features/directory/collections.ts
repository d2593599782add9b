/**
 * How synced municipalities, departments, people and their photos are written into the cache
 * (inside the page transaction of the sync pull).
 */
import { stmt } from '../../cache/statements.js';
import type { CollectionCaches } from '../types.js';
import { forgetNames } from './summary.js';
import { bulkPersonUpsert } from './bulk.js';
import { forgetTitles, indexPerson, sortKeys, unindexPerson } from './indexing.js';

export const directoryCollections: CollectionCaches = {
  municipalities: {
    upsert(db, row) {
      forgetNames(db);
      stmt(db, 
        `INSERT INTO dir_municipalities (id, name, postcode, regional) VALUES (@id, @name, @postcode, @regional)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, postcode = excluded.postcode, regional = excluded.regional`,
      ).run({ ...row, regional: row.regional ? 1 : 0 });
    },
    delete(db, id) {
      forgetNames(db);
      stmt(db, 'DELETE FROM dir_municipalities WHERE id = ?').run(id);
    },
    clear(db) {
      forgetNames(db);
      db.exec('DELETE FROM dir_municipalities');
    },
  },
  departments: {
    upsert(db, row) {
      forgetNames(db);
      stmt(db, 
        `INSERT INTO dir_departments (id, municipality_id, name, parent_id) VALUES (@id, @municipalityId, @name, @parentId)
         ON CONFLICT(id) DO UPDATE SET municipality_id = excluded.municipality_id, name = excluded.name, parent_id = excluded.parent_id`,
      ).run(row);
    },
    delete(db, id) {
      forgetNames(db);
      stmt(db, 'DELETE FROM dir_departments WHERE id = ?').run(id);
    },
    clear(db) {
      forgetNames(db);
      db.exec('DELETE FROM dir_departments');
    },
  },
  people: {
    upsert(db, row) {
      // An unchanged person (a re-sync) changes no row and returns nothing: its document is kept.
      const { lastFirst, firstLast } = sortKeys(row.firstName, row.lastName);
      const result = stmt(
        db,
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
         WHERE (municipality_id, department_id, first_name, last_name, job_title, manager_id, office, desk_phone, mobile_phone,
           extension, email, birthday_month, birthday_day) IS NOT (excluded.municipality_id, excluded.department_id,
           excluded.first_name, excluded.last_name, excluded.job_title, excluded.manager_id, excluded.office,
           excluded.desk_phone, excluded.mobile_phone, excluded.extension, excluded.email, excluded.birthday_month,
           excluded.birthday_day)
         RETURNING pid`,
      ).get({ ...row, month: row.birthday?.month ?? null, day: row.birthday?.day ?? null, lastFirst, firstLast }) as { pid: number } | undefined;
      if (!result) return;
      indexPerson(db, result.pid, {
        first_name: row.firstName,
        last_name: row.lastName,
        job_title: row.jobTitle,
        email: row.email,
        desk_phone: row.deskPhone,
        mobile_phone: row.mobilePhone,
        extension: row.extension,
        municipality_id: row.municipalityId,
        department_id: row.departmentId,
      });
    },
    bulkUpsert(db, row) {
      bulkPersonUpsert(db, row);
    },
    delete(db, id) {
      const row = stmt(db, 'SELECT pid FROM dir_people WHERE id = ?').get(id) as { pid: number } | undefined;
      if (!row) return;
      unindexPerson(db, row.pid);
      stmt(db, 'DELETE FROM dir_people WHERE pid = ?').run(row.pid);
      // The server sends the photo's delete too; a person who is gone never keeps a photo meanwhile.
      stmt(db, 'DELETE FROM dir_person_photos WHERE id = ?').run(id);
    },
    clear(db) {
      forgetTitles(db);
      db.exec('DELETE FROM dir_search; DELETE FROM dir_search_names; DELETE FROM dir_people;');
    },
  },
  personPhotos: {
    upsert(db, row) {
      stmt(
        db,
        `INSERT INTO dir_person_photos (id, content_type, data, hash) VALUES (@id, @contentType, @data, @hash)
         ON CONFLICT(id) DO UPDATE SET content_type = excluded.content_type, data = excluded.data, hash = excluded.hash
         WHERE hash IS NOT excluded.hash OR content_type IS NOT excluded.content_type`,
      ).run(row);
    },
    delete(db, id) {
      stmt(db, 'DELETE FROM dir_person_photos WHERE id = ?').run(id);
    },
    clear(db) {
      db.exec('DELETE FROM dir_person_photos');
    },
  },
};
