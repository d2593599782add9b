/**
 * The demo agenda is consistent with the day it is seeded on: a meeting is only "held" (or later)
 * when it started before that day, also on a Monday, when this week's College is still to come.
 */
import { Kysely, SqliteDialect } from 'kysely';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/server/db/migrator.js';
import type { ServerDb } from '../../src/server/db/schema.js';
import { seedDemo } from '../../src/server/demo/seed.js';
import { serverFeatures } from '../../src/server/features/index.js';
import type { AgendaTables } from '../../src/server/features/agenda/tables.js';

const HELD = ['gehouden', 'besluitenlijst_gepubliceerd', 'notulen_goedgekeurd'];

describe('demo agenda seed', () => {
  for (const today of ['2026-11-30', '2026-12-01', '2026-12-06']) {
    it(`holds no meeting that starts on or after ${today} (${new Date(`${today}T12:00:00Z`).toLocaleDateString('en', { weekday: 'long' })})`, async () => {
      const db = new Kysely<ServerDb>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
      await migrateToLatest(db, serverFeatures);
      await seedDemo(db, serverFeatures, { size: 300, today });
      const meetings = await db.withTables<AgendaTables>().selectFrom('agenda_meetings').select(['id', 'planned_start', 'status']).execute();
      expect(meetings.length).toBeGreaterThan(0);
      const startOfDay = Date.parse(`${today}T00:00:00+01:00`);
      const wrong = meetings.filter((m) => HELD.includes(m.status) && Date.parse(m.planned_start) >= startOfDay);
      expect(wrong).toEqual([]);
      expect(meetings.some((m) => HELD.includes(m.status))).toBe(true);
      await db.destroy();
    });
  }
});
