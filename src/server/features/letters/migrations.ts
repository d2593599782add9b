/**
 * Letters: the register and its per-(municipality, year) counter. The database itself refuses to
 * delete a letter, to change its number, or to un-cancel it (triggers on SQLite and PostgreSQL),
 * and refuses to move a counter other than one step forward: so numbers are never reused.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName, ServerMigration } from '../types.js';

async function sqliteGuards(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TRIGGER letters_no_delete BEFORE DELETE ON letters
    BEGIN SELECT RAISE(ABORT, 'letters are never deleted: cancel the number instead'); END`.execute(db);
  await sql`CREATE TRIGGER letters_number_fixed BEFORE UPDATE ON letters
    WHEN NEW.id IS NOT OLD.id OR NEW.municipality_id IS NOT OLD.municipality_id OR NEW.year IS NOT OLD.year OR NEW.sequence IS NOT OLD.sequence
    BEGIN SELECT RAISE(ABORT, 'a letter number never changes'); END`.execute(db);
  await sql`CREATE TRIGGER letters_cancel_final BEFORE UPDATE ON letters
    WHEN OLD.status = 'cancelled' AND NEW.status IS NOT 'cancelled'
    BEGIN SELECT RAISE(ABORT, 'a cancelled number stays cancelled'); END`.execute(db);
  await sql`CREATE TRIGGER letter_counters_no_delete BEFORE DELETE ON letter_counters
    BEGIN SELECT RAISE(ABORT, 'letter counters are never deleted'); END`.execute(db);
  await sql`CREATE TRIGGER letter_counters_forward BEFORE UPDATE ON letter_counters
    WHEN NEW.last_sequence IS NOT OLD.last_sequence + 1 OR NEW.municipality_id IS NOT OLD.municipality_id OR NEW.year IS NOT OLD.year
    BEGIN SELECT RAISE(ABORT, 'a letter counter only moves one step forward'); END`.execute(db);
}

async function postgresGuards(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE FUNCTION letters_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP <> 'UPDATE' THEN RAISE EXCEPTION 'letters are never deleted: cancel the number instead'; END IF;
      IF NEW.id <> OLD.id OR NEW.municipality_id <> OLD.municipality_id OR NEW.year <> OLD.year OR NEW.sequence <> OLD.sequence THEN
        RAISE EXCEPTION 'a letter number never changes';
      END IF;
      IF OLD.status = 'cancelled' AND NEW.status <> 'cancelled' THEN RAISE EXCEPTION 'a cancelled number stays cancelled'; END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER letters_guard BEFORE UPDATE OR DELETE ON letters FOR EACH ROW EXECUTE FUNCTION letters_guard()`.execute(db);
  await sql`CREATE TRIGGER letters_no_truncate BEFORE TRUNCATE ON letters FOR EACH STATEMENT EXECUTE FUNCTION letters_guard()`.execute(db);
  await sql`CREATE FUNCTION letter_counters_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP <> 'UPDATE' THEN RAISE EXCEPTION 'letter counters are never deleted'; END IF;
      IF NEW.last_sequence <> OLD.last_sequence + 1 OR NEW.municipality_id <> OLD.municipality_id OR NEW.year <> OLD.year THEN
        RAISE EXCEPTION 'a letter counter only moves one step forward';
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER letter_counters_guard BEFORE UPDATE OR DELETE ON letter_counters FOR EACH ROW EXECUTE FUNCTION letter_counters_guard()`.execute(db);
  await sql`CREATE TRIGGER letter_counters_no_truncate BEFORE TRUNCATE ON letter_counters FOR EACH STATEMENT EXECUTE FUNCTION letter_counters_guard()`.execute(db);
}

export const lettersMigrations: ServerMigration[] = [
  {
    name: '2026_11_28_020_letters',
    async up(db: Kysely<unknown>, dialect: DialectName) {
      await db.schema
        .createTable('letters')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('municipality_id', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('sequence', 'integer', (c) => c.notNull())
        .addColumn('reserved_at', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('department_id', 'text', (c) => c.notNull())
        .addColumn('handling_officer', 'text', (c) => c.notNull())
        .addColumn('dispatch_method', 'text', (c) => c.notNull().check(sql`dispatch_method IN ('post', 'registered', 'email')`))
        .addColumn('your_reference', 'text')
        .addColumn('dossier', 'text')
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('reserved', 'sent', 'cancelled')`))
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('requested_by_name', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text')
        .addColumn('cancelled_at', 'text')
        .addColumn('cancel_reason', 'text')
        .addColumn('cancelled_by', 'text')
        .addUniqueConstraint('letters_number_unique', ['municipality_id', 'year', 'sequence'])
        .execute();
      await db.schema.createIndex('letters_requested_by').on('letters').column('requested_by').execute();
      await db.schema
        .createTable('letter_counters')
        .addColumn('municipality_id', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('last_sequence', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('letter_counters_pk', ['municipality_id', 'year'])
        .execute();
      if (dialect === 'postgres') await postgresGuards(db);
      else await sqliteGuards(db);
    },
  },
  {
    // SQLite's REPLACE deletes the old row without firing DELETE triggers: a letter or a counter
    // could be rewritten (a number reused). An insert under an existing id is refused itself.
    // (The counter is moved by an upsert, so it cannot refuse inserts: the backend's connection
    // turns recursive_triggers on, so a REPLACE's delete meets letter_counters_no_delete.)
    // PostgreSQL has no REPLACE (ON CONFLICT DO UPDATE fires the UPDATE triggers).
    name: '2026_11_30_120_letters_no_replace',
    async up(db, dialect) {
      if (dialect === 'postgres') return;
      await sql`CREATE TRIGGER letters_no_replace BEFORE INSERT ON letters
        WHEN EXISTS (SELECT 1 FROM letters WHERE id = NEW.id)
        BEGIN SELECT RAISE(ABORT, 'letters are never replaced: a number is given once'); END`.execute(db);
    },
  },
];
