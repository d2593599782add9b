/**
 * Push on SQLite and PostgreSQL: each command in its own transaction with its stored outcome;
 * replays return the stored outcome and change nothing (also when racing); rejections roll back
 * the handler's writes, carry a reason + nl-BE message and do not block the next commands.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directoryFeature } from '../../src/server/features/directory/index.js';
import { PushResponse, type Command } from '../../src/shared/sync/protocol.js';
import { api, KINDS, skipKind, startServer, type Api, type TestServer } from './helpers.js';
import { setFailNext, testingFeature } from './testing-feature.js';

const cmd = (seq: number, type: string, payload: Record<string, unknown>): Command => ({ seq, type, payload, createdAt: '2026-11-28T09:00:00.000Z' });

for (const kind of KINDS) {
  describe.skipIf(skipKind(kind))(`sync push (${kind})`, () => {
    let t: TestServer;
    let http: Api;
    let token: string;
    const db = () => t.server.db.kysely;
    const counter = async (id: string) =>
      (await db().withTables<{ test_counter: { id: string; value: number } }>().selectFrom('test_counter').select('value').where('id', '=', id).executeTakeFirst())?.value;
    const push = async (clientId: string, commands: Command[], tok = token) => {
      const res = await http.post('/api/v1/sync/push', { clientId, commands }, tok);
      expect(res.status).toBe(200);
      return PushResponse.parse(res.body).results;
    };

    beforeAll(async () => {
      t = await startServer(kind, { features: [directoryFeature, testingFeature] });
      http = api(t.url);
      token = (await http.login('demo')).token;
    });
    afterAll(async () => t?.stop());

    it('applies a command and records the change of the synced row', async () => {
      const me = await db().selectFrom('users').select('person_id').where('username', '=', 'demo').executeTakeFirstOrThrow();
      const before = await db().selectFrom('sync_changes').select('seq').where('collection', '=', 'people').where('row_id', '=', me.person_id!).executeTakeFirstOrThrow();
      const [r] = await push(randomUUID(), [cmd(1, 'directory.setPrivacy', { birthdayVisible: false, regionalVisible: true })]);
      expect(r).toEqual({ seq: 1, status: 'applied', result: { birthdayVisible: false, regionalVisible: true, birthdayRegional: expect.any(Boolean) } });
      const p = await db().selectFrom('people').selectAll().where('id', '=', me.person_id!).executeTakeFirstOrThrow();
      expect([p.birthday_visible, p.regional_visible]).toEqual([0, 1]);
      const after = await db().selectFrom('sync_changes').select('seq').where('collection', '=', 'people').where('row_id', '=', me.person_id!).executeTakeFirstOrThrow();
      expect(Number(after.seq)).toBeGreaterThan(Number(before.seq));
    });

    it('returns the stored result for a replay and changes nothing', async () => {
      const clientId = randomUUID();
      const first = await push(clientId, [cmd(1, 'testing.increment', { id: 'replay', by: 5 }), cmd(2, 'testing.increment', { id: 'replay', by: 1 })]);
      expect(first.map((r) => r.status)).toEqual(['applied', 'applied']);
      expect(await counter('replay')).toBe(6);
      // The answer got lost: the client sends the same commands again (and a new one).
      const again = await push(clientId, [cmd(1, 'testing.increment', { id: 'replay', by: 5 }), cmd(2, 'testing.increment', { id: 'replay', by: 1 }), cmd(3, 'testing.increment', { id: 'replay', by: 10 })]);
      expect(again.slice(0, 2)).toEqual(first);
      expect(again[2]).toEqual({ seq: 3, status: 'applied', result: { value: 16 } });
      expect(await counter('replay')).toBe(16);
      // Another user with the same client id and seq is another command.
      const other = await push(clientId, [cmd(1, 'testing.increment', { id: 'replay', by: 100 })], (await http.login('ieper')).token);
      expect(other[0]).toEqual({ seq: 1, status: 'applied', result: { value: 116 } });
    });

    it('applies a command once when the same push races itself', async () => {
      const clientId = randomUUID();
      const commands = Array.from({ length: 10 }, (_, i) => cmd(i + 1, 'testing.increment', { id: 'race', by: 1 }));
      const answers = await Promise.all([push(clientId, commands), push(clientId, commands), push(clientId, commands)]);
      expect(await counter('race')).toBe(10);
      const values = (r: Awaited<ReturnType<typeof push>>) => r.map((x) => (x.status === 'applied' ? x.result.value : x.reason));
      expect(values(answers[1]!)).toEqual(values(answers[0]!));
      expect(values(answers[2]!)).toEqual(values(answers[0]!));
      expect(new Set(values(answers[0]!))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    });

    it('rejects a conflict with a readable reason, rolls back, and goes on with the next commands', async () => {
      const me = await db().selectFrom('people').innerJoin('users', 'users.person_id', 'people.id').selectAll('people').select('users.person_id').where('users.username', '=', 'demo').executeTakeFirstOrThrow();
      const stale = { mobilePhone: '+32470000000', extension: '9999' };
      const clientId = randomUUID();
      const results = await push(clientId, [
        cmd(1, 'directory.setPhones', { personId: me.person_id, phones: { mobilePhone: '+32471111111', extension: '1234' }, expected: stale }),
        cmd(2, 'testing.writeThenReject', { id: 'rolled-back' }),
        cmd(3, 'testing.increment', { id: 'after-reject', by: 1 }),
        cmd(4, 'directory.setPhones', { personId: me.person_id, phones: { mobilePhone: '+32471111111', extension: '1234' }, expected: { mobilePhone: me.mobile_phone, extension: me.extension } }),
      ]);
      expect(results[0]).toMatchObject({ seq: 1, status: 'rejected', reason: 'conflict' });
      expect(results[0]!.status === 'rejected' && results[0]!.message).toMatch(/intussen/);
      expect(results[1]).toMatchObject({ seq: 2, status: 'rejected', reason: 'conflict' });
      expect(await counter('rolled-back')).toBeUndefined();
      expect(results[2]).toEqual({ seq: 3, status: 'applied', result: { value: 1 } });
      expect(results[3]).toMatchObject({ seq: 4, status: 'applied' });
      const p = await db().selectFrom('people').select(['mobile_phone', 'extension']).where('id', '=', me.person_id!).executeTakeFirstOrThrow();
      expect(p).toEqual({ mobile_phone: '+32471111111', extension: '1234' });
      // The rejection is stored: the same command sent again gets the same answer.
      const replay = await push(clientId, [cmd(1, 'directory.setPhones', { personId: me.person_id, phones: { mobilePhone: '+32471111111', extension: '1234' }, expected: stale })]);
      expect(replay[0]).toEqual(results[0]);
    });

    it('rejects unknown types, bad payloads and missing roles without running the handler', async () => {
      const results = await push(randomUUID(), [
        cmd(1, 'nope.unknown', {}),
        cmd(2, 'testing.increment', { id: 'x', by: 'lots' }),
        cmd(3, 'testing.adminOnly', {}),
        cmd(4, 'directory.setPhones', { personId: 'p-pop-00001', phones: { mobilePhone: null, extension: null }, expected: { mobilePhone: null, extension: null } }),
      ]);
      expect(results.map((r) => (r.status === 'rejected' ? r.reason : r.status))).toEqual(['unknown_command', 'invalid_payload', 'forbidden', 'forbidden']);
      for (const r of results) expect(r.status === 'rejected' && r.message.length).toBeGreaterThan(10);
      expect(await counter('x')).toBeUndefined();
      const admin = await push(randomUUID(), [cmd(1, 'testing.adminOnly', {})], (await http.login('admin')).token);
      expect(admin[0]!.status).toBe('applied');
    });

    it('answers a handler crash as retry (not final, nothing stored), goes on with the next command, and a replay applies', async () => {
      const clientId = randomUUID();
      setFailNext(true);
      try {
        const [r, next] = await push(clientId, [cmd(1, 'testing.flaky', { id: 'flaky' }), cmd(2, 'testing.increment', { id: 'after-bug', by: 1 })]);
        expect(r).toMatchObject({ status: 'retry', reason: 'internal_error' });
        expect(next).toMatchObject({ status: 'applied' });
        expect(await counter('flaky')).toBeUndefined();
      } finally {
        setFailNext(false);
      }
      const [again] = await push(clientId, [cmd(1, 'testing.flaky', { id: 'flaky' })]);
      expect(again).toEqual({ seq: 1, status: 'applied', result: { ok: true } });
      expect(await counter('flaky')).toBe(1);
    });

    it('a used seq with other content is refused as client_seq_reused and changes nothing; the same content replays', async () => {
      const clientId = randomUUID();
      const original = cmd(1, 'testing.increment', { id: 'seq-reuse', by: 3 });
      expect((await push(clientId, [original]))[0]).toEqual({ seq: 1, status: 'applied', result: { value: 3 } });
      // Key order does not matter for "the same content".
      const reordered = { ...original, payload: { by: 3, id: 'seq-reuse' } };
      expect((await push(clientId, [reordered]))[0]).toEqual({ seq: 1, status: 'applied', result: { value: 3 } });
      const others = [
        cmd(1, 'testing.increment', { id: 'seq-reuse', by: 4 }), // other payload
        { ...original, createdAt: '2026-11-29T09:00:00.000Z' }, // same payload, made at another time
        cmd(1, 'testing.writeThenReject', { id: 'seq-reuse' }), // other type
      ];
      for (const other of others) {
        const [r] = await push(clientId, [other]);
        expect(r).toMatchObject({ seq: 1, status: 'retry', reason: 'client_seq_reused' });
      }
      expect(await counter('seq-reuse')).toBe(3);
      // Under a new client id the same command is new.
      expect((await push(randomUUID(), [others[0]!]))[0]).toEqual({ seq: 1, status: 'applied', result: { value: 7 } });
    });

    it('validates the push envelope', async () => {
      const bad = [
        { clientId: randomUUID(), commands: [] },
        { clientId: randomUUID(), commands: [cmd(0, 'testing.increment', {})] },
        { clientId: randomUUID(), commands: Array.from({ length: 201 }, (_, i) => cmd(i + 1, 'testing.increment', {})) },
        { clientId: randomUUID(), commands: [{ seq: 1, type: 'x', payload: 'str', createdAt: 'yesterday' }] },
      ];
      for (const body of bad) expect((await http.post('/api/v1/sync/push', body, token)).status).toBe(400);
      expect((await http.post('/api/v1/sync/push', { clientId: randomUUID(), commands: [cmd(1, 'testing.increment', {})] })).status).toBe(401);
    });
  });
}

describe.skipIf(skipKind('sqlite'))('sync problems report', () => {
  let t: TestServer;
  let http: Api;
  beforeAll(async () => {
    t = await startServer('sqlite', { features: [directoryFeature] });
    http = api(t.url);
  });
  afterAll(async () => t?.stop());

  it('takes the rows a desktop quarantined (ids and reasons), validates them, needs a session', async () => {
    const token = (await http.login('demo')).token;
    const ok = await http.post('/api/v1/sync/problems', { problems: [{ collection: 'people', id: 'p-1', reason: 'email: Invalid email address' }] }, token);
    expect(ok).toEqual({ status: 200, body: { received: 1 } });
    for (const bad of [{ problems: [] }, { problems: [{ collection: 'passwords', id: 'x', reason: 'r' }] }, { problems: [{ collection: 'people', id: 'a b', reason: 'r' }] }, { problems: [{ collection: 'people', id: 'x', reason: 'r'.repeat(301) }] }]) {
      expect((await http.post('/api/v1/sync/problems', bad, token)).status).toBe(400);
    }
    expect((await http.post('/api/v1/sync/problems', { problems: [{ collection: 'people', id: 'p-1', reason: 'x' }] })).status).toBe(401);
  });
});
