/**
 * The letters cache migration (0 -> 1, with an outbox command already waiting) and the synced
 * collection's apply: upsert replaces, delete removes, clear (server reset) never touches the
 * outbox or who requested what.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCache } from '../../src/main/core/cache/db.js';
import { coreMigrations } from '../../src/main/core/cache/core-migrations.js';
import { appliedVersion, migrateCache } from '../../src/main/core/cache/migrate.js';
import { enqueueCommand } from '../../src/main/core/sync/outbox.js';
import { lettersFeature } from '../../src/main/core/features/letters/index.js';
import type { Letter } from '../../src/shared/domain/letters.js';
import { allFeatures, tempDir } from './helpers.js';

const tmp = tempDir('pop-letters-cache-');
afterEach(() => tmp.cleanup());

const row: Letter = {
  id: '5b0f3c2e-8a51-4d7e-9d6b-1f2a3b4c5d6e',
  municipalityId: 'poperinge',
  number: '2026/00007',
  year: 2026,
  sequence: 7,
  reservedAt: '2026-03-02T09:00:00.000Z',
  subject: 'Onderwerp',
  recipient: 'Ontvanger',
  departmentId: 'pop-ict',
  handlingOfficer: 'An',
  dispatchMethod: 'post',
  yourReference: null,
  dossier: null,
  status: 'reserved',
  requestedBy: 'u1',
  requestedByName: 'An',
  sentAt: null,
  cancelledAt: null,
  cancelReason: null,
};

describe('letters cache', () => {
  it('migration 1 creates the tables and keeps what the outbox already holds', () => {
    const db = openCache(join(tmp.dir, 'cache.sqlite'));
    const sets = [{ name: 'core', migrations: coreMigrations }, ...allFeatures];
    migrateCache(db, sets, { targets: { letters: 0 } });
    expect(appliedVersion(db, 'letters')).toBe(0);
    enqueueCommand(db, 'letters.reserve', { id: row.id, subject: 'x' }, new Date());
    migrateCache(db, sets);
    expect(appliedVersion(db, 'letters')).toBe(1);
    expect((db.prepare("SELECT count(*) AS n FROM core_outbox WHERE type = 'letters.reserve'").get() as { n: number }).n).toBe(1);
    const letters = lettersFeature.collections.letters!;
    db.prepare('INSERT INTO letter_requests (id, user_id) VALUES (?, ?)').run(row.id, 'u1');
    letters.upsert(db, row);
    letters.upsert(db, { ...row, status: 'cancelled', cancelReason: 'dubbel' });
    const stored = db.prepare('SELECT status, sequence, data FROM letters').all() as { status: string; sequence: number; data: string }[];
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ status: 'cancelled', sequence: 7 });
    expect(JSON.parse(stored[0]!.data)).toMatchObject({ cancelReason: 'dubbel' });
    letters.clear(db);
    expect(db.prepare('SELECT count(*) AS n FROM letters').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM letter_requests').get()).toEqual({ n: 1 });
    expect((db.prepare('SELECT count(*) AS n FROM core_outbox').get() as { n: number }).n).toBe(1);
    letters.upsert(db, row);
    letters.delete(db, row.id);
    expect(db.prepare('SELECT count(*) AS n FROM letters').get()).toEqual({ n: 0 });
    db.close();
  });

  it('the citizens feature has no cache tables at all', () => {
    const db = openCache(join(tmp.dir, 'cache.sqlite'));
    migrateCache(db, [{ name: 'core', migrations: coreMigrations }, ...allFeatures]);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    expect(tables.filter((t) => /citizen|burger|population/i.test(t))).toEqual([]);
    expect(allFeatures.find((f) => f.name === 'citizens')).toMatchObject({ migrations: [], collections: {} });
    db.close();
  });
});
