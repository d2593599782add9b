/**
 * The letters and citizens migrations on SQLite and PostgreSQL: migrate to N-1, insert, migrate to
 * N, assert the earlier rows are kept and the new tables (with their guard triggers) work.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { allMigrations, migrateTo } from '../../src/server/db/migrator.js';
import { openDatabase, type ServerDatabase } from '../../src/server/db/open.js';
import { serverFeatures } from '../../src/server/features/index.js';
import { freshStore, KINDS, skipKind, type TestStore } from './helpers.js';

const names = allMigrations(serverFeatures).map((m) => m.name);
const before = (name: string) => names[names.indexOf(name) - 1]!;
const LETTERS = '2026_11_28_020_letters';
const CITIZENS = '2026_11_28_021_citizens';

const letter = (id: string, sequence: number) => ({
  id,
  municipality_id: 'poperinge',
  year: 2026,
  sequence,
  reserved_at: 'now',
  subject: 's',
  recipient: 'r',
  department_id: 'd',
  handling_officer: 'h',
  dispatch_method: 'post',
  status: 'reserved',
  requested_by: 'u1',
  requested_by_name: 'U',
});

for (const kind of KINDS) {
  describe.skipIf(skipKind(kind))(`letters and citizens migrations (${kind})`, () => {
    let store: TestStore;
    let db: ServerDatabase;
    const open = async () => {
      store = await freshStore(kind);
      db = await openDatabase(store.url ?? undefined, { file: store.options.file });
      return db.kysely;
    };
    afterEach(async () => {
      await db?.close();
      await store?.drop();
    });

    it(`${LETTERS}: keeps the rows of N-1, adds the register with its guards`, async () => {
      const k = await open();
      expect(names).toContain(LETTERS);
      await migrateTo(k, before(LETTERS), serverFeatures);
      await k.insertInto('departments').values({ id: 'd', municipality_id: 'poperinge', name: 'Secretariaat', parent_id: null }).execute();
      await migrateTo(k, LETTERS, serverFeatures);
      expect(await k.selectFrom('departments').select('name').execute()).toEqual([{ name: 'Secretariaat' }]);
      const t = k.withTables<{ letters: ReturnType<typeof letter> & Record<string, unknown>; letter_counters: { municipality_id: string; year: number; last_sequence: number } }>();
      await t.insertInto('letters').values(letter('a', 1)).execute();
      await expect(t.insertInto('letters').values(letter('b', 1)).execute()).rejects.toThrow(); // unique number
      await expect(t.insertInto('letters').values({ ...letter('c', 2), dispatch_method: 'pigeon' }).execute()).rejects.toThrow();
      await expect(sql`DELETE FROM letters WHERE id = 'a'`.execute(k)).rejects.toThrow(/never deleted/);
      await t.insertInto('letter_counters').values({ municipality_id: 'poperinge', year: 2026, last_sequence: 1 }).execute();
      await expect(sql`UPDATE letter_counters SET last_sequence = 5`.execute(k)).rejects.toThrow(/one step/);
      await sql`UPDATE letter_counters SET last_sequence = last_sequence + 1`.execute(k);
      expect(await t.selectFrom('letter_counters').select('last_sequence').execute()).toEqual([{ last_sequence: 2 }]);
    });

    it(`${CITIZENS}: keeps the letters of N-1, adds the register of citizens and the append-only log`, async () => {
      const k = await open();
      await migrateTo(k, before(CITIZENS), serverFeatures);
      await sql`INSERT INTO letters (id, municipality_id, year, sequence, reserved_at, subject, recipient, department_id, handling_officer, dispatch_method, status, requested_by, requested_by_name)
        VALUES ('a', 'poperinge', 2026, 1, 'now', 's', 'r', 'd', 'h', 'post', 'reserved', 'u1', 'U')`.execute(k);
      await migrateTo(k, CITIZENS, serverFeatures);
      expect((await sql<{ id: string }>`SELECT id FROM letters`.execute(k)).rows).toEqual([{ id: 'a' }]);
      await sql`INSERT INTO citizen_lookup_log (at, user_id, username, municipality_id, action, query, citizen_ids, fields, purpose, dossier)
        VALUES ('2026-11-28T10:00:00.000Z', 'u1', 'burgerzaken', 'poperinge', 'search', '{}', '[]', '[]', 'test', '')`.execute(k);
      await sql`INSERT INTO citizen_lookup_log (at, user_id, username, municipality_id, action, query, citizen_ids, fields, purpose, dossier)
        VALUES ('2026-11-28T10:01:00.000Z', 'u1', 'burgerzaken', 'poperinge', 'view', NULL, '[]', '[]', 'test', '')`.execute(k);
      const ids = (await sql<{ id: number }>`SELECT id FROM citizen_lookup_log ORDER BY id`.execute(k)).rows.map((r) => Number(r.id));
      expect(ids[1]).toBeGreaterThan(ids[0]!);
      await expect(sql`INSERT INTO citizen_lookup_log (at, user_id, username, municipality_id, action, citizen_ids, fields, purpose, dossier) VALUES ('x', 'u', 'u', 'm', 'delete', '[]', '[]', '', '')`.execute(k)).rejects.toThrow();
      await expect(sql`UPDATE citizen_lookup_log SET purpose = 'x'`.execute(k)).rejects.toThrow(/append-only/);
      await expect(sql`DELETE FROM citizen_lookup_log`.execute(k)).rejects.toThrow(/append-only/);
      expect((await sql`SELECT * FROM citizen_lookup_log`.execute(k)).rows).toHaveLength(2);
    });
  });
}
