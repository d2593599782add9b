/**
 * The pull never skips a change: many concurrent writer transactions of random length (each
 * stamps its change log rows early, then sleeps, then commits or rolls back) while clients pull
 * in a loop with small pages. At the end every client's copy equals the server's view for that
 * user, row for row. On PostgreSQL this is what the xid8 / snapshot-xmin ordering is for; a pull
 * by sequence alone would lose the changes of a slow transaction that took its sequence first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type ServerDatabase } from '../../src/server/db/open.js';
import { Prng } from '../../src/server/demo/prng.js';
import { recordChange } from '../../src/server/sync/changes.js';
import { expectedDirectory, expectedPerson } from './expected.js';
import { api, KINDS, skipKind, startServer, type TestServer } from './helpers.js';
import { SyncClient } from './sync-client.js';

/** SQLite has one writer at a time: fewer, shorter writers keep the run short there. */
const WRITERS = { postgres: 12, sqlite: 4 } as const;
const TX_PER_WRITER = { postgres: 30, sqlite: 12 } as const;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function writer(db: ServerDatabase, rng: Prng, ids: string[], made: string[]): Promise<void> {
  for (let i = 0; i < TX_PER_WRITER[db.dialect]; i++) {
    const rollback = rng.chance(0.1);
    await db.kysely
      .transaction()
      .execute(async (trx) => {
        const n = rng.int(1, 4);
        for (let k = 0; k < n; k++) {
          const op = rng.next();
          if (op < 0.12) {
            // a new colleague
            const id = `p-new-${made.length}-${rng.int(0, 1e9)}`;
            made.push(id);
            const tenant = rng.pick(['poperinge', 'ieper', 'lo-reninge']);
            await trx
              .insertInto('people')
              .values({ id, municipality_id: tenant, department_id: 'dep-x', first_name: 'Nieuwe', last_name: `Collega ${i}`, job_title: 'Stagiair', manager_id: null, office: 'Stadhuis', desk_phone: null, mobile_phone: null, extension: null, email: `${id}@example.be`, birth_month: 3, birth_day: 4, birthday_visible: 1, regional_visible: rng.chance(0.5) ? 1 : 0, birthday_regional: 0, updated_at: 'x' })
              .execute();
            await recordChange(trx, { collection: 'people', id, tenant });
          } else {
            const id = rng.pick(ids);
            const p = await trx.selectFrom('people').select(['id', 'municipality_id']).where('id', '=', id).executeTakeFirst();
            if (!p) continue;
            if (op < 0.2) {
              await trx.deleteFrom('people').where('id', '=', id).execute();
              await recordChange(trx, { collection: 'people', id, tenant: p.municipality_id, deleted: true });
            } else if (op < 0.45) {
              await trx.updateTable('people').set({ regional_visible: rng.chance(0.5) ? 1 : 0, birthday_regional: rng.chance(0.5) ? 1 : 0 }).where('id', '=', id).execute();
              await recordChange(trx, { collection: 'people', id, tenant: p.municipality_id });
            } else {
              await trx.updateTable('people').set({ job_title: `Functie ${rng.int(1, 1e6)}` }).where('id', '=', id).execute();
              await recordChange(trx, { collection: 'people', id, tenant: p.municipality_id });
            }
          }
          // Hold the transaction open after it took its stamps: the slow writer case.
          await sleep(rng.int(0, 60));
        }
        if (rollback) throw new Error('rollback');
      })
      .catch((err: unknown) => {
        if (!(err instanceof Error) || (err.message !== 'rollback' && !/deadlock|could not serialize|database is locked/i.test(err.message))) throw err;
      });
  }
}

for (const kind of KINDS) {
  describe.skipIf(skipKind(kind))(`never-skip pull (${kind})`, () => {
    let t: TestServer;
    let writerDb: ServerDatabase;

    beforeAll(async () => {
      t = await startServer(kind);
      writerDb = await openDatabase(t.store.url ?? undefined, { file: t.store.options.file, poolSize: WRITERS[kind] + 2 });
    });
    afterAll(async () => {
      await writerDb?.close();
      await t?.stop();
    });

    it('every client ends with exactly the server view while writers raced the pulls', async () => {
      const http = api(t.url);
      const users = [
        { username: 'demo', municipality: 'poperinge' },
        { username: 'ieper', municipality: 'ieper' },
        { username: 'admin', municipality: 'poperinge' },
      ];
      const clients = await Promise.all(users.map(async (u) => ({ ...u, client: new SyncClient(http, (await http.login(u.username)).token, 13) })));
      const ids = (await t.server.db.kysely.selectFrom('people').select('id').where('municipality_id', 'in', ['poperinge', 'ieper', 'lo-reninge']).execute()).map((r) => r.id);
      const made: string[] = [];
      let writing = true;
      const writers = Promise.all(Array.from({ length: WRITERS[kind] }, (_, w) => writer(writerDb, new Prng(1000 + w), ids, made))).finally(() => {
        writing = false;
      });
      let pulls = 0;
      const pullers = clients.map(async ({ client }) => {
        while (writing) {
          await client.pullPage();
          pulls += 1;
          await sleep(5);
        }
      });
      await Promise.all([writers, ...pullers]);
      expect(pulls).toBeGreaterThan(50);
      expect(made.length).toBeGreaterThan(10);

      for (const { client, municipality } of clients) {
        await client.sync();
        const exp = await expectedDirectory(t.server.db.kysely, municipality);
        expect(client.ids('people')).toEqual(exp.people);
        const rows = await t.server.db.kysely.selectFrom('people').selectAll().where('id', 'in', exp.people).execute();
        for (const row of rows) expect(client.get('people', row.id)).toEqual(expectedPerson(row, municipality));
      }
    });
  });
}
