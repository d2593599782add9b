/**
 * The standby drill, as a neighbouring municipality would run it: a private primary, a hot standby
 * made with pg_basebackup over a replication slot (standby.signal, primary_conninfo), synchronous
 * replication for the letter register; a backend on the primary behind one address, two desktops
 * (the real core) reserving letters. Then the primary crashes (pg_ctl stop -m immediate), the
 * standby is promoted (pg_ctl promote), a new backend on it takes the address, and the desktops
 * carry on: no acknowledged letter number lost, none given twice, the queued reservation applied
 * once, both desktops converge on the register. Skips with the reason where private clusters
 * cannot run; under CI it must run.
 */
import { appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type PopServer } from '../../../src/server/app.js';
import { createCore, createMemorySecretStore, type Core } from '../../../src/main/core/index.js';
import { asPostgres, cluster, freePort, pgClusterProblem, postgresDir, type Cluster } from './pg-cluster.js';
import { startProxy, type Proxy } from './ops-helpers.js';
import { tempDir } from '../../core/helpers.js';

const problem = pgClusterProblem();
if (problem) {
  if (process.env.CI) throw new Error(`The standby drill must run in CI but cannot: ${problem}`);
  console.log(`skipped: standby drill (${problem})`);
}

async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text, values)).rows;
  } finally {
    await c.end();
  }
}

/** Polls a condition (not a duration): until it holds or `limit` tries of 100 ms have passed. */
async function until(what: string, check: () => Promise<boolean>, limit = 300): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: not reached`);
}

describe.skipIf(problem !== null)('standby promotion drill (PostgreSQL streaming replication)', () => {
  const desk = tempDir('pop-ops-standby-desk-');
  let primary: Cluster;
  let standby: Cluster;
  let proxy: Proxy;
  let server: PopServer | null = null;
  const cores: Core[] = [];
  const secrets = createMemorySecretStore();

  const startBackend = async (url: string, seed: boolean) => {
    server = await createServer({ databaseUrl: url, seed: seed ? { size: 120 } : false, oidc: null, updatesDir: null });
    proxy.target = await server.listen(0, '127.0.0.1');
  };
  const reserve = async (core: Core, subject: string) => {
    const session = await core.handlers['session.get']({});
    const facets = await core.handlers['directory.facets']({});
    const departmentId = facets.departments.find((d) => d.municipalityId === session.user!.municipalityId)!.id;
    return core.handlers['letters.reserve']({ subject, recipient: 'Familie Testmans', departmentId, handlingOfficer: 'An Peeters', dispatchMethod: 'post', yourReference: null, dossier: null });
  };
  const numbersShown = async (core: Core) => new Map((await core.handlers['letters.mine']({ limit: 500 })).map((l) => [l.id, { state: l.state, number: l.number }]));

  beforeAll(async () => {
    const started = Date.now();
    primary = cluster(postgresDir('pop-pg-primary-'), await freePort(), ['-c', 'wal_level=replica', '-c', 'max_wal_senders=5', '-c', 'max_replication_slots=5']);
    standby = cluster(postgresDir('pop-pg-standby-'), await freePort(), ['-c', 'hot_standby=on']);
    asPostgres('initdb', ['-D', join(primary.dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync']);
    appendFileSync(join(primary.dir, 'data', 'pg_hba.conf'), 'host replication all 127.0.0.1/32 trust\n');
    primary.start();
    await query(primary.url('postgres'), "SELECT pg_create_physical_replication_slot('neighbour')");
    asPostgres('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', join(standby.dir, 'data'), '-R', '-X', 'stream', '-c', 'fast', '-S', 'neighbour']);
    expect(existsSync(join(standby.dir, 'data', 'standby.signal'))).toBe(true);
    standby.start();
    await until('the standby streams from the slot', async () => (await query<{ active: boolean }>(primary.url('postgres'), "SELECT active FROM pg_replication_slots WHERE slot_name = 'neighbour'"))[0]?.active === true);
    // Every acknowledged commit is on the standby's disk too: a crash of the primary loses no letter number.
    await query(primary.url('postgres'), "ALTER SYSTEM SET synchronous_standby_names = '*'");
    await query(primary.url('postgres'), 'SELECT pg_reload_conf()');
    await until('the standby is synchronous', async () => (await query<{ s: string }>(primary.url('postgres'), 'SELECT sync_state AS s FROM pg_stat_replication'))[0]?.s === 'sync');
    await query(primary.url('postgres'), 'CREATE DATABASE popindex');

    proxy = await startProxy();
    await startBackend(primary.url('popindex'), true);
    for (const name of ['desk-a', 'desk-b']) {
      const core = createCore({ dataDir: join(desk.dir, name), backend: { url: proxy.url }, secretStore: secrets, live: false, pollMs: 3_600_000 });
      await core.start();
      await core.handlers['session.signIn']({ username: 'demo', password: 'demo' });
      expect((await core.handlers['sync.now']({})).ready).toBe(true);
      cores.push(core);
    }
    console.log(`standby drill: clusters and backend ready in ${Date.now() - started} ms`);
  }, 180_000);

  afterAll(async () => {
    for (const c of cores) await c.stop().catch(() => undefined);
    await server?.close().catch(() => undefined);
    await proxy?.close();
    standby?.stop('immediate');
    primary?.stop('immediate');
    standby?.remove();
    primary?.remove();
    desk.cleanup();
  });

  it('the primary crashes, the standby is promoted, desktops carry on: no number lost, none twice, they converge', async () => {
    const [a, b] = cores as [Core, Core];
    const before: string[] = [];
    for (let i = 0; i < 3; i++) {
      before.push((await reserve(a, `A${i} voor de brand`)).id, (await reserve(b, `B${i} voor de brand`)).id);
      await a.handlers['sync.now']({});
      await b.handlers['sync.now']({});
    }
    const shownBefore = new Map([...(await numbersShown(a)), ...(await numbersShown(b))]);
    for (const id of before) expect(shownBefore.get(id)).toMatchObject({ state: 'reserved', number: expect.stringMatching(/^\d{4}\/\d{5}$/) });
    // The standby already holds what the desktops were told (read on the hot standby itself).
    const onStandby = await query<{ n: number }>(standby.url('popindex'), 'SELECT count(*)::int AS n FROM letters WHERE id = ANY($1)', [before]);
    expect(onStandby[0]!.n).toBe(before.length);

    // Fire in the town hall: the primary dies without a shutdown, its backend with it.
    primary.stop('immediate');
    await server!.close();
    server = null;
    proxy.target = null;
    const during = await reserve(a, 'Tijdens de brand');
    expect((await a.handlers['sync.now']({})).online).toBe(false);

    // The neighbour promotes its standby and starts a backend on it behind the same address.
    asPostgres('pg_ctl', ['-D', join(standby.dir, 'data'), '-w', '-t', '60', 'promote']);
    expect((await query<{ r: boolean }>(standby.url('popindex'), 'SELECT pg_is_in_recovery() AS r'))[0]!.r).toBe(false);
    await startBackend(standby.url('popindex'), false);

    const after = await reserve(b, 'Na de promotie');
    for (const core of [a, b, a]) {
      const status = await core.handlers['sync.now']({});
      expect(status.error).toBeNull();
      expect(status.pendingCommands).toBe(0);
    }

    const register = await query<{ id: string; year: number; sequence: number; municipality_id: string }>(standby.url('popindex'), 'SELECT id, year, sequence, municipality_id FROM letters');
    const numbers = register.map((l) => `${l.municipality_id}/${l.year}/${l.sequence}`);
    expect(new Set(numbers).size).toBe(numbers.length); // none given twice
    const shownA = await numbersShown(a);
    const shownB = await numbersShown(b);
    for (const id of [...before, during.id, after.id]) {
      const row = register.find((l) => l.id === id);
      expect(row).toBeDefined(); // none lost
      const number = `${row!.year}/${String(row!.sequence).padStart(5, '0')}`;
      if (shownBefore.has(id)) expect(shownBefore.get(id)!.number).toBe(number); // what the user was told still holds
      expect(shownA.get(id)).toEqual({ state: 'reserved', number });
      expect(shownB.get(id)).toEqual({ state: 'reserved', number });
    }
    expect([...shownA.entries()].sort()).toEqual([...shownB.entries()].sort()); // both desktops converge
    const reserves = await query<{ n: number }>(standby.url('popindex'), "SELECT count(*)::int AS n FROM sync_commands WHERE type = 'letters.reserve'");
    expect(reserves[0]!.n).toBe(before.length + 2); // each reservation applied once
  }, 120_000);
});
