/**
 * Migrations of the work features: migrate to N-1 (without them), insert, migrate to N, assert.
 * Desktop cache (better-sqlite3) and backend (SQLite through Kysely).
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCache } from '../../src/main/core/cache/db.js';
import { coreMigrations } from '../../src/main/core/cache/core-migrations.js';
import { migrateCache } from '../../src/main/core/cache/migrate.js';
import { features } from '../../src/main/core/features/index.js';
import type { CoreFeature } from '../../src/main/core/features/types.js';
import { rejections } from '../../src/main/core/features/approvals/queries.js';
import { openDatabase } from '../../src/server/db/open.js';
import { migrateToLatest } from '../../src/server/db/migrator.js';
import { directoryFeature } from '../../src/server/features/directory/index.js';
import { serverFeatures } from '../../src/server/features/index.js';
import { tempDir } from '../core/helpers.js';

const tmp = tempDir('pop-work-migrations-');
afterAll(() => tmp.cleanup());
const all = [{ name: 'core', migrations: coreMigrations }, ...(features as readonly CoreFeature<never>[])];
const tables = (db: ReturnType<typeof openCache>) => (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);

describe('cache migrations of agenda, approvals, orders', () => {
  it('adds their tables next to existing data and keeps it', () => {
    const db = openCache(join(tmp.dir, 'cache.sqlite'));
    migrateCache(db, all, { targets: { agenda: 0, approvals: 0, orders: 0 } });
    expect(tables(db)).not.toContain('approval_requests');
    db.prepare("INSERT INTO dir_departments (id, municipality_id, name, parent_id) VALUES ('d1', 'poperinge', 'ICT', NULL)").run();
    migrateCache(db, all);
    expect(tables(db)).toEqual(expect.arrayContaining(['agenda_bodies', 'agenda_meetings', 'agenda_items', 'approval_requests', 'approval_decisions', 'purchase_orders']));
    expect(db.prepare('SELECT name FROM dir_departments').all()).toEqual([{ name: 'ICT' }]);
    const versions = db.prepare("SELECT feature, max(version) AS version FROM cache_migrations WHERE feature IN ('agenda', 'approvals', 'orders') GROUP BY feature ORDER BY feature").all();
    expect(versions).toEqual([
      { feature: 'agenda', version: 1 },
      { feature: 'approvals', version: 3 },
      { feature: 'orders', version: 4 },
    ]);
    db.close();
  });

  it('approvals v2 keeps v1 decisions (shown to nobody) and separates decisions per person', () => {
    const db = openCache(join(tmp.dir, 'cache-v2.sqlite'));
    migrateCache(db, all, { targets: { approvals: 1 } });
    const insert = (cols: string, values: unknown[]) => db.prepare(`INSERT INTO approval_decisions (${cols}) VALUES (${values.map(() => '?').join(', ')})`).run(...values);
    const base = 'request_id, version, title, decision, comment, status, reason, message, decided_at';
    insert(base, ['r1', 1, 'Oud', 'approve', '', 'rejected', 'conflict', 'x', '2026-11-01T10:00:00.000Z']);
    migrateCache(db, all);
    expect(db.prepare('SELECT request_id, person_id FROM approval_decisions').all()).toEqual([{ request_id: 'r1', person_id: null }]);
    insert(`${base}, person_id`, ['r2', 1, 'Van A', 'refuse', 'nee', 'rejected', 'conflict', 'y', '2026-11-02T10:00:00.000Z', 'pA']);
    insert(`${base}, person_id`, ['r3', 1, 'Van B', 'approve', '', 'rejected', 'conflict', 'z', '2026-11-03T10:00:00.000Z', 'pB']);
    expect(rejections(db, 'pA').map((r) => r.title)).toEqual(['Van A']);
    expect(rejections(db, 'pB').map((r) => r.title)).toEqual(['Van B']);
    expect(rejections(db, null)).toEqual([]);
    db.close();
  });
});

describe('server migrations of agenda, approvals, orders', () => {
  it('apply on a database that already has the directory, and keep its rows', async () => {
    const db = await openDatabase(undefined, { file: join(tmp.dir, 'server.sqlite') });
    try {
      await migrateToLatest(db.kysely, [directoryFeature]);
      await db.kysely.insertInto('municipalities').values({ id: 'poperinge', name: 'Poperinge', postcode: '8970', regional: 1, email_domain: 'poperinge.be' }).execute();
      await migrateToLatest(db.kysely, serverFeatures);
      const names = (await db.kysely.introspection.getTables()).map((t) => t.name);
      expect(names).toEqual(expect.arrayContaining(['agenda_bodies', 'agenda_body_members', 'agenda_meetings', 'agenda_items', 'agenda_numbers', 'approval_requests', 'approval_participants', 'purchase_orders', 'order_numbers']));
      expect(await db.kysely.selectFrom('municipalities').select('name').execute()).toEqual([{ name: 'Poperinge' }]);
    } finally {
      await db.close();
    }
  });
});
