/** Test helpers of the core: a migrated cache in a temp folder and deterministic directory rows. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCache } from '../../src/main/core/cache/db.js';
import { coreMigrations } from '../../src/main/core/cache/core-migrations.js';
import { migrateCache } from '../../src/main/core/cache/migrate.js';
import { features } from '../../src/main/core/features/index.js';
import type { CacheDb, CoreFeature } from '../../src/main/core/features/types.js';
import type { Department, Municipality, Person } from '../../src/shared/domain/directory.js';
import type { Change } from '../../src/shared/sync/protocol.js';

export const allFeatures = features as readonly CoreFeature<never>[];

export function tempDir(prefix = 'pop-core-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function migratedCache(dir: string): CacheDb {
  const db = openCache(join(dir, 'cache.sqlite'));
  migrateCache(db, [{ name: 'core', migrations: coreMigrations }, ...allFeatures]);
  return db;
}

export const municipalities: Municipality[] = [
  { id: 'poperinge', name: 'Poperinge', postcode: '8970', regional: true },
  { id: 'ieper', name: 'Ieper', postcode: '8900', regional: true },
];

export const departments: Department[] = [
  { id: 'pop-burgerzaken', municipalityId: 'poperinge', name: 'Burgerzaken', parentId: null },
  { id: 'pop-bevolking', municipalityId: 'poperinge', name: 'Bevolking', parentId: 'pop-burgerzaken' },
  { id: 'pop-ict', municipalityId: 'poperinge', name: 'ICT', parentId: null },
  { id: 'iep-financien', municipalityId: 'ieper', name: 'Financiën', parentId: null },
];

export function person(partial: Partial<Person> & Pick<Person, 'id' | 'firstName' | 'lastName'>): Person {
  return {
    municipalityId: 'poperinge',
    departmentId: 'pop-ict',
    jobTitle: 'Medewerker',
    managerId: null,
    office: 'Stadhuis, Grote Markt 1, 8970 Poperinge',
    deskPhone: null,
    mobilePhone: null,
    extension: null,
    email: `${partial.id}@poperinge.example`,
    birthday: null,
    ...partial,
  };
}

export const people: Person[] = [
  person({ id: 'p1', firstName: 'Céline', lastName: 'Vandenbroucke', jobTitle: 'Deskundige ICT', deskPhone: '+3257346578', extension: '4321' }),
  person({ id: 'p2', firstName: 'Jan', lastName: 'Peeters', jobTitle: 'Diensthoofd ICT', managerId: null, mobilePhone: '+32475123456' }),
  person({ id: 'p3', firstName: 'Marie', lastName: 'Janssens', departmentId: 'pop-bevolking', jobTitle: 'Baliemedewerker', managerId: 'p2' }),
  person({ id: 'p4', firstName: 'Pieter', lastName: "D'Hondt", departmentId: 'pop-burgerzaken', jobTitle: 'Diensthoofd Burgerzaken' }),
  person({ id: 'p5', firstName: 'Celine', lastName: 'Maes', municipalityId: 'ieper', departmentId: 'iep-financien', jobTitle: 'Boekhouder', deskPhone: '+3257451200' }),
  person({ id: 'p6', firstName: 'Jeroen', lastName: 'Jacobs', jobTitle: 'Systeembeheerder', managerId: 'p2' }),
];

export function upserts(collection: Change['collection'], rows: { id: string }[]): Change[] {
  return rows.map((row) => ({ op: 'upsert', collection, id: row.id, data: row as Record<string, unknown> }));
}

export function directoryChanges(): Change[] {
  return [...upserts('municipalities', municipalities), ...upserts('departments', departments), ...upserts('people', people)];
}
