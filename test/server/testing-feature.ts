/**
 * A small feature used only by tests, plugged in through the same interface as real features:
 * a migration (a counter table), and commands that write, reject after writing, or throw.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { applied, defineCommand, reject } from '../../src/server/features/define.js';
import type { ServerFeature } from '../../src/server/features/types.js';

type CounterTables = {
  test_counter: { id: string; value: number };
};

/** The advisory lock the `testing.waitLock` command and the wait-lock route wait for. */
export const WAIT_LOCK_KEY = 4242;

export let failNext = { value: false };

export const testingFeature: ServerFeature = {
  name: 'testing',
  migrations: [
    {
      name: '2026_11_28_900_testing',
      async up(db) {
        await db.schema.createTable('test_counter').addColumn('id', 'text', (c) => c.primaryKey()).addColumn('value', 'integer', (c) => c.notNull()).execute();
      },
    },
  ],
  collections: {},
  routes(_app, ctx) {
    ctx.route(
      { method: 'GET', url: '/api/v1/testing/wait-lock', summary: 'Waits for the test advisory lock (PostgreSQL)', auth: true, response: z.object({ ok: z.boolean() }) },
      async () => {
        if (ctx.dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(4242)`.execute(ctx.db);
        return { ok: true };
      },
    );
    ctx.route(
      {
        method: 'GET',
        url: '/api/v1/testing/counter/:id',
        summary: 'A counter (test feature)',
        auth: ['admin'],
        params: z.object({ id: z.string().regex(/^[a-z-]+$/) }),
        query: z.object({ plus: z.coerce.number().int().min(0).max(10).default(0) }).strict(),
        response: z.object({ id: z.string(), value: z.number().int(), by: z.string() }),
      },
      async ({ params, query, user }) => {
        const row = await ctx.db.withTables<CounterTables>().selectFrom('test_counter').select('value').where('id', '=', params.id).executeTakeFirst();
        return { id: params.id, value: (row?.value ?? 0) + query.plus, by: user.username };
      },
    );
  },
  commands: {
    // Waits for the advisory lock WAIT_LOCK_KEY (PostgreSQL) that a test holds: the test can then
    // terminate this command's connection while its query runs. On SQLite it writes like increment.
    'testing.waitLock': defineCommand({
      payload: z.object({ id: z.string().min(1) }).strict(),
      async handle({ trx, payload, dialect }) {
        if (dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(4242)`.execute(trx);
        const t = trx.withTables<CounterTables>();
        const row = await t.selectFrom('test_counter').select('value').where('id', '=', payload.id).executeTakeFirst();
        if (row) await t.updateTable('test_counter').set({ value: row.value + 1 }).where('id', '=', payload.id).execute();
        else await t.insertInto('test_counter').values({ id: payload.id, value: 1 }).execute();
        return applied({ value: (row?.value ?? 0) + 1 });
      },
    }),
    'testing.increment': defineCommand({
      payload: z.object({ id: z.string().min(1), by: z.number().int() }).strict(),
      async handle({ trx, payload }) {
        const t = trx.withTables<CounterTables>();
        const row = await t.selectFrom('test_counter').select('value').where('id', '=', payload.id).executeTakeFirst();
        const value = (row?.value ?? 0) + payload.by;
        if (row) await t.updateTable('test_counter').set({ value }).where('id', '=', payload.id).execute();
        else await t.insertInto('test_counter').values({ id: payload.id, value }).execute();
        return applied({ value });
      },
    }),
    'testing.writeThenReject': defineCommand({
      payload: z.object({ id: z.string() }).strict(),
      async handle({ trx, payload }) {
        await trx.withTables<CounterTables>().insertInto('test_counter').values({ id: payload.id, value: 999 }).execute();
        return reject('conflict', 'Deze actie botst met een wijziging van iemand anders.');
      },
    }),
    'testing.flaky': defineCommand({
      payload: z.object({ id: z.string() }).strict(),
      async handle({ trx, payload }) {
        await trx.withTables<CounterTables>().insertInto('test_counter').values({ id: payload.id, value: 1 }).execute();
        if (failNext.value) throw new Error('simulated bug');
        return applied({ ok: true });
      },
    }),
    'testing.adminOnly': defineCommand({
      payload: z.object({}).strict(),
      roles: ['admin'],
      async handle() {
        return applied({});
      },
    }),
  },
};

export function setFailNext(v: boolean): void {
  failNext = { value: v };
}
