import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { celebratedOn, upcomingBirthdays } from '../../src/main/core/features/directory/birthdays.js';
import type { CacheDb } from '../../src/main/core/features/types.js';
import { applyPage } from '../../src/main/core/sync/pull.js';
import { allFeatures, migratedCache, person, tempDir, upserts } from './helpers.js';

let db: CacheDb;
const tmp = tempDir('pop-birthdays-');
const people = [
  person({ id: 'newyear', firstName: 'Nele', lastName: 'Nieuwjaar', birthday: { month: 1, day: 1 } }),
  person({ id: 'eve', firstName: 'Sofie', lastName: 'Silvester', birthday: { month: 12, day: 31 } }),
  person({ id: 'leap', firstName: 'Lotte', lastName: 'Schrikkel', birthday: { month: 2, day: 29 } }),
  person({ id: 'march', firstName: 'Maarten', lastName: 'Maart', birthday: { month: 3, day: 1 } }),
  person({ id: 'private', firstName: 'Pieter', lastName: 'Privé', birthday: null }),
  person({ id: 'xmas', firstName: 'Koen', lastName: 'Kerst', birthday: { month: 12, day: 25 } }),
];

beforeAll(() => {
  db = migratedCache(tmp.dir);
  applyPage(db, allFeatures, { protocol: 1, reset: false, cursor: 'c', hasMore: false, remaining: 0, changes: upserts('people', people) }, new Date());
});
afterAll(() => {
  db.close();
  tmp.cleanup();
});

const ids = (today: Date, days = 7) => upcomingBirthdays(db, today, days).map((b) => `${b.person.id}+${b.daysUntil}`);

describe('birthdays', () => {
  it('lists today and the coming days in order, only people who opted in, never a year', () => {
    const result = upcomingBirthdays(db, new Date(2026, 11, 24), 7);
    expect(result.map((b) => b.person.id)).toEqual(['xmas', 'eve']);
    expect(result[0]).toMatchObject({ month: 12, day: 25, daysUntil: 1 });
    expect(JSON.stringify(result)).not.toMatch(/year|19\d\d|20\d\d/);
    expect(ids(new Date(2026, 5, 1))).toEqual([]);
  });

  it('wraps around the end of the year', () => {
    expect(ids(new Date(2026, 11, 30), 3)).toEqual(['eve+1', 'newyear+2']);
  });

  it('celebrates 29 February on the 28th in a common year and on the 29th in a leap year', () => {
    expect(ids(new Date(2027, 1, 27), 2)).toEqual(['leap+1', 'march+2']);
    expect(ids(new Date(2028, 1, 27), 2)).toEqual(['leap+2']);
    expect(celebratedOn(new Date(2028, 1, 28))).toEqual([{ month: 2, day: 28 }]);
    expect(celebratedOn(new Date(2027, 1, 28))).toEqual([{ month: 2, day: 28 }, { month: 2, day: 29 }]);
  });

  it('days = 0 is today only', () => {
    expect(ids(new Date(2026, 0, 1), 0)).toEqual(['newyear+0']);
  });
});
