/**
 * PostgreSQL: the backend runs as an application role that is not the owner of the schema, so it
 * cannot switch off the append-only guards (a table's owner could disable its triggers) and has no
 * right to change the lookup log, the admin log or delete letters at all — while doing its work.
 * Real roles in the test cluster (random names, dropped at the end), migrations by the owner
 * through the admin command line, the server started with migrations 'check'.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdmin } from '../../src/server/admin/cli.js';
import { createServer, type PopServer } from '../../src/server/app.js';
import { serverFeatures } from '../../src/server/features/index.js';
import { api, PG_ADMIN_URL, skipKind, TODAY } from './helpers.js';

const suffix = randomBytes(4).toString('hex');
const owner = `pop_owner_${suffix}`;
const app = `pop_app_${suffix}`;
const dbName = `pop_roles_${suffix}`;
const urlAs = (role: string, db = dbName) => PG_ADMIN_URL.replace(/\/\/[^@/]+@/, `//${role}@`).replace(/\/[^/?]+(\?|$)/, `/${db}$1`);

describe.skipIf(skipKind('postgres'))('the backend as an application role (postgres)', () => {
  let admin: pg.Client;
  let server: PopServer | null = null;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE ROLE ${owner} LOGIN`);
    await admin.query(`CREATE ROLE ${app} LOGIN`);
    await admin.query(`CREATE DATABASE ${dbName} OWNER ${owner}`);
    await admin.query(`CREATE DATABASE ${dbName}_empty OWNER ${owner}`);
  }, 30_000);
  afterAll(async () => {
    await server?.close();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS ${dbName}_empty WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS ${app}`);
    await admin.query(`DROP ROLE IF EXISTS ${owner}`);
    await admin.end();
  });

  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
  };

  it('the owner migrates and grants; the backend starts as the app role and works', async () => {
    const m = io();
    expect(await runAdmin(['db', 'migrate'], m.io, { databaseUrl: urlAs(owner) })).toBe(0);
    expect(m.out.join('\n')).toMatch(/Schema is current/);
    // The demo data, seeded by the owner (the app role could insert it too).
    const seeding = await createServer({ databaseUrl: urlAs(owner), features: serverFeatures, seed: { size: 120, today: TODAY }, oidc: null, updatesDir: null });
    await seeding.close();
    const g = io();
    expect(await runAdmin(['db', 'grant-app', app], g.io, { databaseUrl: urlAs(owner) })).toBe(0);

    server = await createServer({ databaseUrl: urlAs(app), features: serverFeatures, seed: false, migrations: 'check', oidc: null, updatesDir: null });
    const http = api(await server.listen(0, '127.0.0.1'));
    const token = (await http.login('burgerzaken')).token;
    const search = await http.post('/api/v1/citizens/search', { query: { by: 'name', lastName: 'Demeyere' }, reason: { purpose: 'Controle rollen', dossier: '' } }, token);
    expect(search.status).toBe(200);
    const pull = await http.get('/api/v1/sync/pull?limit=50', token);
    expect(pull.status).toBe(200);
  });

  it('the app role cannot change the logs or delete letters, nor switch a guard off', async () => {
    const c = new pg.Client({ connectionString: urlAs(app) });
    await c.connect();
    try {
      expect((await c.query('SELECT count(*)::int AS n FROM citizen_lookup_log')).rows[0].n).toBeGreaterThan(0);
      const refused = [
        ['UPDATE citizen_lookup_log SET purpose = $1', ['herschreven']],
        ['DELETE FROM citizen_lookup_log', []],
        ['TRUNCATE citizen_lookup_log', []],
        ['ALTER TABLE citizen_lookup_log DISABLE TRIGGER ALL', []],
        ['DROP TRIGGER citizen_lookup_log_append_only ON citizen_lookup_log', []],
        ['UPDATE admin_log SET actor = $1', ['x']],
        ['DELETE FROM letters', []],
        ['DELETE FROM letter_counters', []],
        ['DELETE FROM kysely_migration', []],
        ['CREATE TABLE intruder (x int)', []],
      ] as const;
      for (const [query, params] of refused) {
        await expect(c.query(query, [...params]), query).rejects.toThrow(/permission denied|must be owner/);
      }
    } finally {
      await c.end();
    }
  });

  it('with migrations "check", a backend refuses to start on a schema that is not current', async () => {
    await expect(createServer({ databaseUrl: urlAs(app, `${dbName}_empty`), features: serverFeatures, seed: false, migrations: 'check', oidc: null, updatesDir: null })).rejects.toThrow(/not applied.*db migrate/);
  });
});
