/**
 * Property-based: the push protocol under random interleavings, against the real backend (SQLite
 * file, HTTP). A model desktop queues increments and sends them in random batches; answers are
 * randomly lost (the desktop sends again), some pushes meet a real database fault (another
 * connection holds the write lock: answered `retry`), some are replayed out of order. Invariants:
 *   - nothing lost: in the end every command is applied;
 *   - nothing applied twice: each counter equals the sum of its own commands;
 *   - an answer never changes: every `applied` result for a seq is the same each time it is given;
 *   - `retry` is never stored (the same seq applies later).
 */
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directoryFeature } from '../../src/server/features/directory/index.js';
import { PushResponse, type Command, type CommandResult } from '../../src/shared/sync/protocol.js';
import { api, startServer, type Api, type TestServer } from '../server/helpers.js';
import { testingFeature } from '../server/testing-feature.js';

let t: TestServer;
let http: Api;
let token: string;
let run = 0;
/** How many `retry` answers the faults produced: the property must really have met faults. */
let retries = 0;

beforeAll(async () => {
  t = await startServer('sqlite', { features: [directoryFeature, testingFeature] });
  http = api(t.url);
  token = (await http.login('admin')).token;
}, 60_000);
afterAll(async () => t?.stop());

type Op = { kind: 'push'; take: number; lose: boolean; fault: boolean } | { kind: 'replayAll' };
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('push' as const), take: fc.integer({ min: 1, max: 6 }), lose: fc.boolean(), fault: fc.boolean() }),
  fc.record({ kind: fc.constant('replayAll' as const) }),
);
const increments = fc.array(fc.record({ counter: fc.integer({ min: 0, max: 2 }), by: fc.integer({ min: 1, max: 9 }) }), { minLength: 1, maxLength: 12 });

async function push(clientId: string, commands: Command[]): Promise<CommandResult[]> {
  const res = await http.post('/api/v1/sync/push', { clientId, commands }, token);
  expect(res.status).toBe(200);
  return PushResponse.parse(res.body).results;
}

describe('outbox and push (property-based, real backend)', () => {
  it('nothing lost, nothing applied twice, answers never change', async () => {
    await fc.assert(
      fc.asyncProperty(increments, fc.array(op, { maxLength: 12 }), async (incs, ops) => {
        run += 1;
        const clientId = randomUUID();
        const ids = [0, 1, 2].map((c) => `prop-${run}-${c}`);
        const commands: Command[] = incs.map((inc, i) => ({ seq: i + 1, type: 'testing.increment', payload: { id: ids[inc.counter], by: inc.by }, createdAt: new Date(Date.UTC(2026, 10, 30, 9, 0, i)).toISOString() }));
        const done = new Map<number, CommandResult>();
        const seen = new Map<number, string>();
        const record = (results: CommandResult[], keep: boolean) => {
          for (const r of results) {
            expect(r.status).not.toBe('rejected');
            if (r.status !== 'applied') continue;
            const key = JSON.stringify(r.result);
            if (seen.has(r.seq)) expect(key, `seq ${r.seq} answered differently`).toBe(seen.get(r.seq));
            seen.set(r.seq, key);
            if (keep) done.set(r.seq, r);
          }
        };
        for (const o of ops) {
          if (o.kind === 'replayAll') {
            record(await push(clientId, commands), false); // a restored queue sends everything again
            continue;
          }
          const pending = commands.filter((c) => !done.has(c.seq)).slice(0, o.take);
          if (pending.length === 0) continue;
          let lock: Database.Database | null = null;
          if (o.fault) {
            lock = new Database(t.store.options.file!);
            lock.pragma('busy_timeout = 0');
            lock.exec('BEGIN IMMEDIATE');
          }
          try {
            const results = await push(clientId, pending);
            retries += results.filter((r) => r.status === 'retry').length;
            if (o.fault) expect(results.every((r) => r.status === 'retry' || done.has(r.seq) || seen.has(r.seq))).toBe(true);
            record(results, !o.lose);
          } finally {
            lock?.exec('ROLLBACK');
            lock?.close();
          }
        }
        // Drain: the desktop keeps sending what it has no answer for.
        for (let i = 0; i < 5 && done.size < commands.length; i++) record(await push(clientId, commands.filter((c) => !done.has(c.seq))), true);
        expect(done.size).toBe(commands.length);
        const rows = await t.server.db.kysely.withTables<{ test_counter: { id: string; value: number } }>().selectFrom('test_counter').selectAll().where('id', 'in', ids).execute();
        for (const [c, id] of ids.entries()) {
          const expected = incs.filter((inc) => inc.counter === c).reduce((sum, inc) => sum + inc.by, 0);
          expect(rows.find((r) => r.id === id)?.value ?? 0, id).toBe(expected);
        }
      }),
      { numRuns: 25 },
    );
    expect(retries).toBeGreaterThan(0);
  }, 120_000);
});
