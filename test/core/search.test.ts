import type { z } from 'zod';
import type { Department } from '../../src/shared/domain/directory.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNT_CAP, searchDirectory } from '../../src/main/core/features/directory/search.js';
import { applyPage } from '../../src/main/core/sync/pull.js';
import type { CacheDb } from '../../src/main/core/features/types.js';
import { DirectorySearchInput } from '../../src/shared/contract/directory.js';
import { allFeatures, directoryChanges, migratedCache, person, tempDir, upserts } from './helpers.js';

let db: CacheDb;
const tmp = tempDir();

beforeAll(() => {
  db = migratedCache(tmp.dir);
  applyPage(db, allFeatures, { protocol: 1, reset: false, cursor: 'c1', hasMore: false, remaining: 0, changes: directoryChanges() }, new Date());
});
afterAll(() => {
  db.close();
  tmp.cleanup();
});

const search = (input: Partial<z.input<typeof DirectorySearchInput>>) => searchDirectory(db, DirectorySearchInput.parse(input));
const ids = (input: Partial<z.input<typeof DirectorySearchInput>>) => search(input).items.map((p) => p.id);

describe('directory search', () => {
  it('is accent-insensitive both ways', () => {
    expect(ids({ query: 'Celine' })).toEqual(expect.arrayContaining(['p1', 'p5']));
    expect(ids({ query: 'céline' })).toEqual(expect.arrayContaining(['p1', 'p5']));
    expect(ids({ query: 'FINANCIEN' })).toEqual(['p5']);
  });

  it('matches prefixes of first name, last name, job title and department', () => {
    expect(ids({ query: 'vandenb' })).toEqual(['p1']);
    expect(ids({ query: 'pie' })).toEqual(['p4']);
    expect(ids({ query: 'systeem' })).toEqual(['p6']);
    expect(ids({ query: 'bevolk' })).toEqual(['p3']);
    expect(ids({ query: 'dhondt' })).toEqual(['p4']);
    expect(ids({ query: "d'hon" })).toEqual(['p4']);
    expect(ids({ query: 'zzz' })).toEqual([]);
  });

  it('ranks last names that start with the query first, then first names, then other words', () => {
    // "ja": Jacobs, Janssens (last names), then Jan Peeters (first name); nobody else.
    expect(ids({ query: 'ja' })).toEqual(['p6', 'p3', 'p2']);
    // "ict": nobody is called ICT; the ICT department and job titles match.
    const ict = ids({ query: 'ict' });
    expect(ict).toEqual(expect.arrayContaining(['p1', 'p2', 'p6']));
    expect(ict).not.toContain('p3');
  });

  it('combines words: full names in either order and name + department', () => {
    expect(ids({ query: 'jan pee' })).toEqual(['p2']);
    expect(ids({ query: 'peeters jan' })).toEqual(['p2']);
    expect(ids({ query: 'celine ieper' })).toEqual(['p5']); // municipality names are words too
    expect(ids({ query: 'celine financ' })).toEqual(['p5']);
  });

  it('finds phone numbers by the digits people type, and extensions', () => {
    expect(ids({ query: '057 34' })).toEqual(['p1']);
    expect(ids({ query: '057' })).toEqual(expect.arrayContaining(['p1', 'p5']));
    expect(ids({ query: '+32 57 34' })).toEqual(['p1']);
    expect(ids({ query: '0475 12' })).toEqual(['p2']);
    expect(ids({ query: '4321' })).toEqual(['p1']);
  });

  it('filters by municipality and by department including sub-departments', () => {
    expect(ids({ query: 'celine', municipalityId: 'ieper' })).toEqual(['p5']);
    expect(ids({ departmentId: 'pop-burgerzaken' }).sort()).toEqual(['p3', 'p4']);
    expect(ids({ query: 'marie', departmentId: 'pop-ict' })).toEqual([]);
  });

  it('a filter keeps exactly the unfiltered results inside it, in the same order (place tokens left out under it)', () => {
    const tree: Record<string, string[]> = { 'pop-burgerzaken': ['pop-burgerzaken', 'pop-bevolking'], 'pop-ict': ['pop-ict'], 'iep-financien': ['iep-financien'] };
    const filters = [{ municipalityId: 'poperinge' }, { municipalityId: 'ieper' }, ...Object.keys(tree).map((departmentId) => ({ departmentId }))];
    let nonEmpty = 0;
    for (const query of ['b', 'bu', 'bev', 'i', 'ic', 'ie', 'ieper', 'f', 'fin', 'p', 'po', 'poper', 'cel', 'jan', 'celine ieper', 'jan b', 'systeem p']) {
      const all = search({ query, limit: 200 }).items;
      for (const filter of filters) {
        const inside = all.filter((p) => ('municipalityId' in filter ? p.municipalityId === filter.municipalityId : tree[filter.departmentId]!.includes(p.departmentId)));
        const filtered = search({ query, ...filter, limit: 200 });
        expect(filtered.items.map((p) => p.id), JSON.stringify({ query, ...filter })).toEqual(inside.map((p) => p.id));
        if (inside.length > 0) nonEmpty += 1;
      }
    }
    expect(nonEmpty).toBeGreaterThan(20);
  });

  it('lists everybody alphabetically for an empty query, with offset and limit', () => {
    const all = search({ query: '' });
    expect(all.total).toBe(6);
    expect(all.items.map((p) => p.lastName)).toEqual(["D'Hondt", 'Jacobs', 'Janssens', 'Maes', 'Peeters', 'Vandenbroucke']);
    expect(ids({ query: '', offset: 2, limit: 2 })).toEqual(['p3', 'p5']);
  });

  it('pages across the ranking classes without duplicates', () => {
    const full = ids({ query: 'ja', limit: 50 });
    const paged = [0, 1, 2].flatMap((offset) => ids({ query: 'ja', offset, limit: 1 }));
    expect(paged).toEqual(full);
    expect(search({ query: 'ja' }).total).toBe(3);
  });

  it('returns summaries with department and municipality names', () => {
    const [celine] = search({ query: 'vandenbroucke' }).items;
    expect(celine).toMatchObject({ firstName: 'Céline', departmentName: 'ICT', municipalityName: 'Poperinge', deskPhone: '+3257346578' });
  });

  it('caps the count on huge result sets and still pages', () => {
    const many = Array.from({ length: COUNT_CAP + 100 }, (_, i) => person({ id: `m${i}`, firstName: 'Anna', lastName: `Aerts${String(i).padStart(4, '0')}` }));
    applyPage(db, allFeatures, { protocol: 1, reset: false, cursor: 'c2', hasMore: false, remaining: 0, changes: upserts('people', many) }, new Date());
    const result = search({ query: 'a', limit: 10 });
    expect(result.totalCapped).toBe(true);
    expect(result.total).toBe(COUNT_CAP);
    expect(result.items[0]!.lastName).toBe('Aerts0000');
    expect(ids({ query: 'aerts0499', limit: 5 })).toEqual(["m499"]);
  });

  it('follows changes: a renamed person, a renamed department, a deleted person', () => {
    const apply = (changes: { id: string }[], collection: Parameters<typeof upserts>[0]) =>
      applyPage(db, allFeatures, { protocol: 1, reset: false, cursor: 'c3', hasMore: false, remaining: 0, changes: upserts(collection, changes) }, new Date());
    apply([person({ id: 'p6', firstName: 'Jeroen', lastName: 'Jonckheere', jobTitle: 'Netwerkbeheerder', managerId: 'p2' })], 'people');
    expect(ids({ query: 'jacobs' })).toEqual([]);
    expect(ids({ query: 'jonck' })).toEqual(['p6']);
    expect(ids({ query: 'systeem' })).toEqual([]);
    expect(ids({ query: 'netwerk' })).toEqual(['p6']);
    const renamed: Department = { id: 'pop-ict', municipalityId: 'poperinge', name: 'Informatica', parentId: null };
    apply([renamed], 'departments');
    expect(search({ query: 'informatica', limit: 200 }).total).toBeGreaterThan(3);
    expect(ids({ query: 'informatica jonck' })).toEqual(['p6']);
    expect(search({ query: 'jonck' }).items[0]?.departmentName).toBe('Informatica');
    applyPage(db, allFeatures, { protocol: 1, reset: false, cursor: 'c4', hasMore: false, remaining: 0, changes: [{ op: 'delete', collection: 'people', id: 'p6' }] }, new Date());
    expect(ids({ query: 'jonck' })).toEqual([]);
    // No search document outlives its person.
    expect((db.prepare('SELECT count(*) AS n FROM dir_search_docsize d LEFT JOIN dir_people p ON p.pid = d.id WHERE p.pid IS NULL').get() as { n: number }).n).toBe(0);
    expect((db.prepare('SELECT count(*) AS n FROM dir_search_docsize').get() as { n: number }).n).toBe((db.prepare('SELECT count(*) AS n FROM dir_people').get() as { n: number }).n);
  });
});
