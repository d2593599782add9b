/**
 * The demo dataset: deterministic, fictional, nl-BE, a real hierarchy, correct phone formats,
 * opt-in birthdays around `today`, the demo accounts others depend on, and feature seed hooks.
 */
import { Kysely, SqliteDialect } from 'kysely';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/server/db/migrator.js';
import type { ServerDb } from '../../src/server/db/schema.js';
import { seedDemo, seedIfEmpty, type SeedOptions } from '../../src/server/demo/seed.js';
import { MUNICIPALITIES } from '../../src/server/demo/organisation.js';
import { directoryFeature } from '../../src/server/features/directory/index.js';
import { personWire } from '../../src/server/features/directory/collections.js';
import type { SeedContext, ServerFeature } from '../../src/server/features/types.js';
import { Person } from '../../src/shared/domain/directory.js';
import { verifyPassword } from '../../src/server/auth/accounts.js';

async function seeded(options: SeedOptions, features: ServerFeature[] = [directoryFeature]) {
  const db = new Kysely<ServerDb>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
  await migrateToLatest(db, features);
  const summary = await seedDemo(db, features, options);
  return { db, summary };
}

async function dump(db: Kysely<ServerDb>) {
  return {
    municipalities: await db.selectFrom('municipalities').selectAll().orderBy('id').execute(),
    departments: await db.selectFrom('departments').selectAll().orderBy('id').execute(),
    people: await db.selectFrom('people').selectAll().orderBy('id').execute(),
    users: await db.selectFrom('users').select(['id', 'username', 'person_id', 'roles', 'municipality_id', 'display_name']).orderBy('id').execute(),
  };
}

describe('demo seed', () => {
  it('is deterministic: same options, same rows; another seed, other people', async () => {
    const a = await seeded({ size: 400, today: '2026-11-28' });
    const b = await seeded({ size: 400, today: '2026-11-28' });
    const c = await seeded({ size: 400, today: '2026-11-28', seed: 7 });
    const da = await dump(a.db);
    expect(await dump(b.db)).toEqual(da);
    expect((await dump(c.db)).people).not.toEqual(da.people);
    await Promise.all([a.db.destroy(), b.db.destroy(), c.db.destroy()]);
  });

  it('models the Westhoek: Poperinge largest, real postcodes, E.164 phones with the right area codes, e-mail', async () => {
    const { db, summary } = await seeded({ size: 800, today: '2026-11-28' });
    const { people, municipalities } = await dump(db);
    expect(summary.people).toBe(people.length);
    const per = new Map<string, number>();
    for (const p of people) per.set(p.municipality_id, (per.get(p.municipality_id) ?? 0) + 1);
    expect(per.get('poperinge')).toBeGreaterThanOrEqual(300);
    for (const [m, n] of per) if (m !== 'poperinge') expect(n).toBeLessThan(per.get('poperinge')!);
    expect(municipalities.find((m) => m.id === 'ieper')!.postcode).toBe('8900');
    const area = Object.fromEntries(MUNICIPALITIES.map((m) => [m.id, m.area]));
    expect(area).toMatchObject({ poperinge: '57', ieper: '57', alveringem: '58', diksmuide: '51' });
    const emails = new Set<string>();
    for (const p of people) {
      if (p.desk_phone) expect(p.desk_phone).toMatch(new RegExp(`^\\+32${area[p.municipality_id]}\\d{6}$`));
      if (p.mobile_phone) expect(p.mobile_phone).toMatch(/^\+324[789]\d{7}$/);
      if (p.extension) expect(p.desk_phone!.endsWith(p.extension)).toBe(true);
      const domain = MUNICIPALITIES.find((m) => m.id === p.municipality_id)!.emailDomain;
      expect(p.email).toMatch(new RegExp(`^[a-z-]+\\.[a-z-]+\\d*@${domain.replace('.', '\\.')}$`));
      expect(emails.has(p.email)).toBe(false);
      emails.add(p.email);
      expect(Person.safeParse(personWire(p, { user: { id: 'u', username: 'u', displayName: 'u', municipalityId: p.municipality_id, personId: null, roles: ['staff'] }, visibleTenants: [p.municipality_id], departmentId: null })!.data).success).toBe(true);
    }
    expect(people.some((p) => /[éëèï]/.test(p.first_name))).toBe(true); // accented names to search for
    await db.destroy();
  });

  it('builds a real hierarchy: one director per municipality, managers in the same municipality, no cycles', async () => {
    const { db } = await seeded({ size: 800, today: '2026-11-28' });
    const people = await db.selectFrom('people').selectAll().execute();
    const byId = new Map(people.map((p) => [p.id, p]));
    for (const m of MUNICIPALITIES) {
      const roots = people.filter((p) => p.municipality_id === m.id && p.manager_id === null);
      expect(roots.map((r) => r.job_title)).toEqual(['Algemeen directeur']);
    }
    for (const p of people) {
      const seen = new Set<string>();
      let cur = p;
      while (cur.manager_id) {
        expect(seen.has(cur.id)).toBe(false);
        seen.add(cur.id);
        const m = byId.get(cur.manager_id);
        expect(m?.municipality_id).toBe(p.municipality_id);
        cur = m!;
      }
      expect(cur.job_title).toBe('Algemeen directeur');
    }
    const reports = people.filter((p) => p.manager_id === people.find((x) => x.email === 'celine.vanneste@poperinge.be')!.id);
    expect(reports.length).toBeGreaterThan(1);
    await db.destroy();
  });

  it('plants opted-in birthdays today and on each of the next 7 days, month/day only', async () => {
    const { db } = await seeded({ size: 400, today: '2027-02-27' });
    const pop = await db.selectFrom('people').selectAll().where('municipality_id', '=', 'poperinge').where('birthday_visible', '=', 1).execute();
    const base = Date.UTC(2027, 1, 27);
    for (let d = 0; d <= 7; d++) {
      const date = new Date(base + d * 86400000);
      const n = pop.filter((p) => p.birth_month === date.getUTCMonth() + 1 && p.birth_day === date.getUTCDate()).length;
      expect(n).toBeGreaterThanOrEqual(d === 0 ? 3 : 1);
    }
    const columns = Object.keys((await db.selectFrom('people').selectAll().executeTakeFirstOrThrow()) as object);
    expect(columns.some((c) => /year|birth_date/.test(c))).toBe(false);
    expect(pop.length).toBeLessThan((await db.selectFrom('people').select('id').where('municipality_id', '=', 'poperinge').execute()).length);
    await db.destroy();
  });

  it('creates the demo accounts with exact usernames, roles and linked people (password "demo")', async () => {
    const { db } = await seeded({ size: 300, today: '2026-11-28' });
    const users = await db.selectFrom('users').innerJoin('people', 'people.id', 'users.person_id').select(['username', 'roles', 'users.municipality_id', 'job_title', 'people.id as pid', 'manager_id', 'password_hash']).execute();
    const by = Object.fromEntries(users.map((u) => [u.username, u]));
    expect(Object.keys(by).sort()).toEqual(['admin', 'bevolking.hoofd', 'burgerzaken', 'demo', 'dpo', 'financien', 'ieper', 'secretariaat']);
    expect(JSON.parse(by.demo!.roles)).toEqual(['staff']);
    expect(by.demo!.job_title).toBe('Diensthoofd ICT');
    expect(by.admin!.manager_id).toBe(by.demo!.pid);
    expect(JSON.parse(by['bevolking.hoofd']!.roles)).toEqual(['staff', 'population', 'population_nrn']);
    expect(by.financien!.job_title).toBe('Financieel directeur');
    expect(by.ieper!.municipality_id).toBe('ieper');
    expect(await verifyPassword('demo', by.demo!.password_hash)).toBe(true);
    await db.destroy();
  });

  it('calls feature seeds with the people, the accounts, today and a deterministic PRNG; seeds only an empty database', async () => {
    const seen: { users: string[]; people: number; today: string; first: number }[] = [];
    const probe: ServerFeature = {
      name: 'probe',
      migrations: [],
      collections: {},
      commands: {},
      async seed(ctx: SeedContext) {
        seen.push({ users: ctx.users.map((u) => u.username), people: ctx.people.length, today: ctx.today, first: ctx.rng.next() });
      },
    };
    const { db, summary } = await seeded({ size: 300, today: '2026-12-01' }, [directoryFeature, probe]);
    await seeded({ size: 300, today: '2026-12-01' }, [directoryFeature, probe]);
    expect(seen[0]).toMatchObject({ people: summary.people, today: '2026-12-01' });
    expect(seen[0]!.users).toContain('demo');
    expect(seen[1]!.first).toBe(seen[0]!.first);
    expect(await seedIfEmpty(db, [directoryFeature], { size: 300 })).toBeNull();
    expect(seen.length).toBe(2);
    await db.destroy();
  });

  it('scales to many people in one transaction (5,000 here; the benchmark does 100,000)', async () => {
    const { db, summary } = await seeded({ size: 5000, today: '2026-11-28' });
    expect(summary.people).toBeGreaterThanOrEqual(5000);
    const log = await db.selectFrom('sync_changes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    // A handful of demo people have a photo (its own synced row): not one per person.
    const photos = Number((await db.selectFrom('person_photos').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(photos).toBeGreaterThan(0);
    expect(photos).toBeLessThan(100);
    expect(Number(log.n)).toBe(summary.people + summary.departments + summary.municipalities + photos);
    await db.destroy();
  });
});
