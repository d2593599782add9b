/**
 * The demo dataset, deterministic: the same options give the same rows (ids, names, phones,
 * opt-ins, birthdays relative to `today`). Everything in ONE transaction with batch inserts, so
 * 100,000 people take seconds. Then every feature's `seed` runs in the same transaction.
 */
import { sql, type Kysely } from 'kysely';
import type { ServerDb } from '../db/schema.js';
import { dialectOf } from '../db/dialect.js';
import { hashPassword } from '../auth/accounts.js';
import type { ServerFeature, SeedUser, Trx } from '../features/types.js';
import { recordChanges } from '../sync/changes.js';
import { mergeBatch, recordRun } from '../import/merge.js';
import type { SourceBatch, SourceRecord } from '../import/types.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './accounts.js';
import { MUNICIPALITIES } from './organisation.js';
import { generateDirectory, plantBirthdays, type Directory } from './people.js';
import { Prng } from './prng.js';

export interface SeedOptions {
  /** About how many people (default 800; Poperinge gets the largest share). Up to 100,000 and more. */
  size?: number;
  /** YYYY-MM-DD the demo treats as today (birthdays); default: today in Europe/Brussels. */
  today?: string;
  /** PRNG seed (default 20261128). */
  seed?: number;
}

export interface SeedSummary {
  municipalities: number;
  departments: number;
  people: number;
  users: number;
  today: string;
}

export const DEFAULT_SEED_SIZE = 800;
const CHUNK = 400;

export function brusselsToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Seeds only an empty database. Several processes starting at once on PostgreSQL seed it once. */
export async function seedIfEmpty(db: Kysely<ServerDb>, features: readonly ServerFeature[], options: SeedOptions): Promise<SeedSummary | null> {
  return seedDemo(db, features, options, { onlyIfEmpty: true });
}

export async function seedDemo(db: Kysely<ServerDb>, features: readonly ServerFeature[], options?: SeedOptions): Promise<SeedSummary>;
export async function seedDemo(db: Kysely<ServerDb>, features: readonly ServerFeature[], options: SeedOptions, mode: { onlyIfEmpty: true }): Promise<SeedSummary | null>;
export async function seedDemo(db: Kysely<ServerDb>, features: readonly ServerFeature[], options: SeedOptions = {}, mode?: { onlyIfEmpty: true }): Promise<SeedSummary | null> {
  const isEmpty = async (k: Kysely<ServerDb>) => !(await k.selectFrom('municipalities').select('id').limit(1).executeTakeFirst());
  if (mode?.onlyIfEmpty && !(await isEmpty(db))) return null;
  const size = Math.max(1, Math.floor(options.size ?? DEFAULT_SEED_SIZE));
  const today = options.today ?? brusselsToday();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`seed: today must be YYYY-MM-DD, got ${today}`);
  const rng = new Prng(options.seed ?? 20261128);
  const stamp = `${today}T06:00:00.000Z`;
  const directory = demoDirectory(rng, size, today);
  // One hash for all demo accounts: the demo password is public anyway, and scrypt is slow on purpose.
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  const users: SeedUser[] = DEMO_ACCOUNTS.map((a) => ({
    id: `u-${a.username}`,
    username: a.username,
    personId: directory.accountPeople.get(a.username) ?? null,
    municipalityId: a.municipalityId,
    roles: a.roles,
  }));
  const names = new Map(directory.people.map((p) => [p.id, `${p.first_name} ${p.last_name}`]));

  const done = await db.transaction().execute(async (trx) => {
    if (dialectOf(trx) === 'postgres') await sql`SELECT pg_advisory_xact_lock(7201128)`.execute(trx);
    if (mode?.onlyIfEmpty && !(await isEmpty(trx))) return false; // another process seeded meanwhile
    await trx
      .insertInto('municipalities')
      .values(MUNICIPALITIES.map((m) => ({ id: m.id, name: m.name, postcode: m.postcode, regional: m.regional ? 1 : 0, email_domain: m.emailDomain })))
      .execute();
    for (let i = 0; i < directory.departments.length; i += CHUNK) await trx.insertInto('departments').values(directory.departments.slice(i, i + CHUNK)).execute();
    await recordChanges(trx, [
      ...MUNICIPALITIES.map((m) => ({ collection: 'municipalities' as const, id: m.id, tenant: m.id })),
      ...directory.departments.map((d) => ({ collection: 'departments' as const, id: d.id, tenant: d.municipality_id })),
    ]);
    // People go through the import's merge, as a municipality's own source would (validation,
    // departments by name, managers by source id, source-id links, change log).
    await importDemoPeople(trx, directory, features, new Date(stamp));
    await trx
      .insertInto('users')
      .values(users.map((u) => ({ id: u.id, municipality_id: u.municipalityId, username: u.username, display_name: names.get(u.personId ?? '') ?? u.username, password_hash: passwordHash, person_id: u.personId, roles: JSON.stringify(u.roles), created_at: stamp })))
      .execute();
    const ctx = {
      trx,
      dialect: dialectOf(trx),
      today,
      size,
      municipalities: MUNICIPALITIES.map((m) => ({ id: m.id, name: m.name, postcode: m.postcode, emailDomain: m.emailDomain })),
      departments: directory.departments.map((d) => ({ id: d.id, municipalityId: d.municipality_id, name: d.name, parentId: d.parent_id })),
      people: directory.people.map((p) => ({ id: p.id, municipalityId: p.municipality_id, departmentId: p.department_id, firstName: p.first_name, lastName: p.last_name, jobTitle: p.job_title, email: p.email, managerId: p.manager_id })),
      users,
    };
    for (const feature of features) {
      if (feature.seed) await feature.seed({ ...ctx, rng: rng.fork(`feature:${feature.name}`) });
    }
    return true;
  });
  if (!done) return null;
  // Fresh statistics after a bulk load, so the planner walks the change log index (not a sort).
  if (dialectOf(db) === 'postgres') await sql`ANALYZE`.execute(db);
  return { municipalities: MUNICIPALITIES.length, departments: directory.departments.length, people: directory.people.length, users: users.length, today };
}

/** The demo's source name in import_sources / import_person_sources (source id = the demo person id). */
export const DEMO_SOURCE = 'demo';

/** The generated demo directory (deterministic for the same PRNG seed, size and today). */
export function demoDirectory(rng: Prng, size: number, today: string): Directory {
  const directory = generateDirectory(rng.fork('directory'), size, `${today}T06:00:00.000Z`);
  plantBirthdays(rng.fork('birthdays'), directory.people, today);
  return directory;
}

/** One municipality of the demo directory as a full SourceBatch of the source "demo" (source id = person id). */
export function demoBatch(directory: Directory, municipalityId: string): SourceBatch {
  const deptName = new Map(directory.departments.map((d) => [d.id, d.name]));
  const records: SourceRecord[] = [];
  for (const p of directory.people) {
    if (p.municipality_id !== municipalityId) continue;
    records.push({
      sourceId: p.id,
      personId: p.id,
      origin: `demo ${p.id}`,
      firstName: p.first_name,
      lastName: p.last_name,
      email: p.email,
      jobTitle: p.job_title,
      department: deptName.get(p.department_id)!,
      deskPhone: p.desk_phone,
      mobilePhone: p.mobile_phone,
      extension: p.extension,
      office: p.office,
      birthMonth: p.birth_month,
      birthDay: p.birth_day,
      managerSourceId: p.manager_id,
    });
  }
  return { kind: 'demo', records, errors: [], full: true, nextCursor: null };
}

/**
 * The generated people through the import's merge, one full batch per municipality. The demo
 * keeps its ids (`personId`) and the opt-ins its people "set" (only ever given to new people).
 */
async function importDemoPeople(trx: Trx, directory: Directory, features: readonly ServerFeature[], now: Date): Promise<void> {
  const optIns = new Map(directory.people.map((p) => [p.id, { birthday_visible: p.birthday_visible, regional_visible: p.regional_visible, birthday_regional: p.birthday_regional }]));
  for (const m of MUNICIPALITIES) {
    const batch = demoBatch(directory, m.id);
    const summary = await mergeBatch(trx, { municipalityId: m.id, source: DEMO_SOURCE, batch, now, features }, { initialOptIns: (id) => optIns.get(id) });
    if (summary.rejected > 0 || summary.warnings?.length) throw new Error(`seed: the demo directory of ${m.id} does not pass the import: ${JSON.stringify([...summary.errors, ...(summary.warnings ?? [])].slice(0, 3))}`);
    await recordRun(trx, { municipalityId: m.id, source: DEMO_SOURCE, kind: 'demo', startedAt: now, finishedAt: now, summary, outcome: 'ok', cursor: null });
  }
}
