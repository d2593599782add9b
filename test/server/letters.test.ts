/**
 * Letter numbers on a real backend, on SQLite and on PostgreSQL: numbering per municipality and
 * year, replays, refusals without gaps, cancel keeps the number, the database refuses deletes and
 * renumbering, sync scopes (own letters / the secretariat's register), CSV export, and concurrency:
 * N concurrent requests from 20 clients get exactly the next N numbers (1,000 on PostgreSQL).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LETTER_CSV_COLUMNS } from '../../src/shared/domain/letters.js';
import { letterYear } from '../../src/server/features/letters/store.js';
import type { CommandResult } from '../../src/shared/sync/protocol.js';
import { call, login, parseCsv, postgresUnavailable, pullAll, push, startBackend, type TestBackend } from './guarded-helpers.js';

const pad = (n: number) => String(n).padStart(5, '0');

function draft(departmentId: string, extra: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    subject: 'Antwoord op uw aanvraag',
    recipient: 'Familie Testmans',
    departmentId,
    handlingOfficer: 'An Peeters',
    dispatchMethod: 'post',
    yourReference: null,
    dossier: '2026-DOS-1',
    ...extra,
  };
}

function applied(r: CommandResult | undefined): Record<string, unknown> {
  if (!r || r.status !== 'applied') throw new Error(`expected applied, got ${JSON.stringify(r)}`);
  return r.result;
}

describe('letterYear', () => {
  it('follows the Belgian calendar year, not UTC', () => {
    expect(letterYear(new Date('2026-12-31T22:59:59Z'))).toBe(2026);
    expect(letterYear(new Date('2026-12-31T23:00:00Z'))).toBe(2027); // 00:00 on 1 January in Brussels
    expect(letterYear(new Date('2027-06-30T22:30:00Z'))).toBe(2027);
  });
});

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`letters on ${dialect}`, () => {
    let skipped: string | null = null;
    let b: TestBackend;
    let tokens: Record<string, string>;
    let municipalityId: string;
    let departmentId: string;
    let otherDepartmentId: string;
    let demoUserId: string;
    const year = letterYear(new Date());

    const counter = async () => {
      const row = await sql<{ last_sequence: number }>`SELECT last_sequence FROM letter_counters WHERE municipality_id = ${municipalityId} AND year = ${year}`.execute(b.server.db.kysely);
      return Number(row.rows[0]?.last_sequence ?? 0);
    };
    const sequences = async () => {
      const r = await sql<{ sequence: number }>`SELECT sequence FROM letters WHERE municipality_id = ${municipalityId} AND year = ${year} ORDER BY sequence`.execute(b.server.db.kysely);
      return r.rows.map((x) => Number(x.sequence));
    };

    beforeAll(async () => {
      if (dialect === 'postgres') {
        skipped = await postgresUnavailable();
        if (skipped) {
          console.log(skipped);
          return;
        }
      }
      b = await startBackend(dialect);
      tokens = {};
      for (const u of ['demo', 'secretariaat', 'burgerzaken', 'bevolking.hoofd', 'dpo', 'ieper']) tokens[u] = await login(b.url, u);
      const me = (await call(b.url, tokens.demo!, 'GET', '/api/v1/me')).json as { id: string; municipalityId: string };
      municipalityId = me.municipalityId;
      demoUserId = me.id;
      const deps = await b.server.db.kysely.selectFrom('departments').select(['id', 'municipality_id']).orderBy('id').execute();
      departmentId = deps.find((d) => d.municipality_id === municipalityId)!.id;
      otherDepartmentId = deps.find((d) => d.municipality_id !== municipalityId)!.id;
    }, 180_000);
    afterAll(async () => {
      await b?.close();
    });

    const A = draft('');
    const B = draft('');

    it('hands out the next number; a replay returns the same number and uses none', async (ctx) => {
      if (skipped) return ctx.skip(skipped);
      A.departmentId = departmentId;
      B.departmentId = departmentId;
      const base = await counter();
      expect(base).toBeGreaterThan(0); // the demo register of this year
      expect(await sequences()).toEqual(Array.from({ length: base }, (_, i) => i + 1));
      const client = randomUUID();
      const first = applied((await push(b.url, tokens.demo!, client, [{ seq: 1, type: 'letters.reserve', payload: A }]))[0]);
      expect(first).toEqual({ id: A.id, number: `${year}/${pad(base + 1)}`, year, sequence: base + 1 });
      // the same (client, seq) again: the push's own idempotency
      expect(applied((await push(b.url, tokens.demo!, client, [{ seq: 1, type: 'letters.reserve', payload: A }]))[0])).toEqual(first);
      // the same letter id under another seq (e.g. a reinstalled outbox): still the same number
      expect(applied((await push(b.url, tokens.demo!, client, [{ seq: 2, type: 'letters.reserve', payload: A }]))[0])).toEqual(first);
      expect(await counter()).toBe(base + 1);
      const second = applied((await push(b.url, tokens.demo!, client, [{ seq: 3, type: 'letters.reserve', payload: B }]))[0]);
      expect(second.number).toBe(`${year}/${pad(base + 2)}`);
      // someone else using the same id gets nothing
      const stolen = (await push(b.url, tokens.secretariaat!, randomUUID(), [{ seq: 1, type: 'letters.reserve', payload: A }]))[0];
      expect(stolen).toMatchObject({ status: 'rejected', reason: 'duplicate_id' });
      expect(await counter()).toBe(base + 2);
    });

    it('refuses incomplete or foreign requests without leaving a hole', async (ctx) => {
      if (skipped) return ctx.skip(skipped);
      const base = await counter();
      const client = randomUUID();
      const results = await push(b.url, tokens.demo!, client, [
        { seq: 1, type: 'letters.reserve', payload: { ...draft(departmentId), handlingOfficer: '' } },
        { seq: 2, type: 'letters.reserve', payload: { ...draft(departmentId), dispatchMethod: 'pigeon' } },
        { seq: 3, type: 'letters.reserve', payload: draft(otherDepartmentId) },
        { seq: 4, type: 'letters.reserve', payload: draft(departmentId) },
      ]);
      expect(results.map((r) => (r.status === 'rejected' ? r.reason : 'applied'))).toEqual(['invalid_payload', 'invalid_payload', 'unknown_department', 'applied']);
      expect(applied(results[3]).sequence).toBe(base + 1);
      expect(await sequences()).toEqual(Array.from({ length: base + 1 }, (_, i) => i + 1));
    });

    it('cancel keeps the number in the register; the database refuses deletes, renumbering and un-cancelling', async (ctx) => {
      if (skipped) return ctx.skip(skipped);
      const client = randomUUID();
      const cancelled = await push(b.url, tokens.demo!, client, [
        { seq: 1, type: 'letters.cancel', payload: { id: B.id, reason: 'Brief niet nodig' } },
        { seq: 2, type: 'letters.cancel', payload: { id: B.id, reason: 'nog eens' } },
      ]);
      expect(cancelled[0]).toMatchObject({ status: 'applied' });
      expect(cancelled[1]).toMatchObject({ status: 'rejected', reason: 'already_cancelled' });
      // another staff member may not touch my letter; the secretariat may
      expect((await push(b.url, tokens.burgerzaken!, randomUUID(), [{ seq: 1, type: 'letters.cancel', payload: { id: A.id, reason: 'niet van mij' } }]))[0]).toMatchObject({
        status: 'rejected',
        reason: 'forbidden',
      });
      expect((await push(b.url, tokens.secretariaat!, randomUUID(), [{ seq: 1, type: 'letters.markSent', payload: { id: A.id } }]))[0]).toMatchObject({ status: 'applied' });
      expect((await push(b.url, tokens.demo!, client, [{ seq: 3, type: 'letters.cancel', payload: { id: A.id, reason: 'te laat' } }]))[0]).toMatchObject({
        status: 'rejected',
        reason: 'already_sent',
      });

      const db = b.server.db.kysely;
      const before = await sequences();
      const attempts = [
        sql`DELETE FROM letters WHERE id = ${B.id}`,
        sql`DELETE FROM letters`,
        sql`UPDATE letters SET sequence = sequence + 100000 WHERE id = ${B.id}`,
        sql`UPDATE letters SET status = 'reserved', cancelled_at = NULL WHERE id = ${B.id}`,
        sql`DELETE FROM letter_counters`,
        sql`UPDATE letter_counters SET last_sequence = last_sequence - 1`,
        ...(dialect === 'postgres'
          ? [sql`TRUNCATE letters`, sql`TRUNCATE letter_counters`]
          : [
              // REPLACE deletes the old row without DELETE triggers unless recursive_triggers: both guarded
              sql`REPLACE INTO letters SELECT * FROM letters WHERE id = ${B.id}`,
              sql`INSERT OR REPLACE INTO letters SELECT * FROM letters WHERE id = ${B.id}`,
              sql`REPLACE INTO letter_counters (municipality_id, year, last_sequence) SELECT municipality_id, year, 0 FROM letter_counters`,
            ]),
      ];
      for (const attempt of attempts) await expect(attempt.execute(db)).rejects.toThrow(/never|stays cancelled|only moves/);
      expect(await sequences()).toEqual(before);
      const row = await sql<{ status: string; cancel_reason: string }>`SELECT status, cancel_reason FROM letters WHERE id = ${B.id}`.execute(db);
      expect(row.rows[0]).toEqual({ status: 'cancelled', cancel_reason: 'Brief niet nodig' });
    });

    it('syncs my letters to me and the whole register to the secretariat only', async (ctx) => {
      if (skipped) return ctx.skip(skipped);
      const mine = await pullAll(b.url, tokens.demo!, 'letters');
      expect(mine.get(A.id)).toMatchObject({ status: 'sent', requestedBy: demoUserId });
      expect(mine.get(B.id)).toMatchObject({ status: 'cancelled', cancelReason: 'Brief niet nodig' });
      expect([...mine.values()].every((l) => l.requestedBy === demoUserId)).toBe(true);
      const other = await pullAll(b.url, tokens.burgerzaken!, 'letters');
      expect(other.has(A.id)).toBe(false);
      const foreign = await pullAll(b.url, tokens.ieper!, 'letters');
      expect([...foreign.values()].every((l) => l.municipalityId !== municipalityId)).toBe(true);
      const register = await pullAll(b.url, tokens.secretariaat!, 'letters');
      const seqs = [...register.values()].filter((l) => l.year === year && l.municipalityId === municipalityId).map((l) => Number(l.sequence)).sort((x, y) => x - y);
      expect(seqs).toEqual(await sequences());
    });

    it('exports the register as CSV for the secretariat, every number in order with its state', async (ctx) => {
      if (skipped) return ctx.skip(skipped);
      expect((await call(b.url, tokens.demo!, 'GET', `/api/v1/letters/register.csv?year=${year}`)).status).toBe(403);
      expect((await call(b.url, null, 'GET', `/api/v1/letters/register.csv?year=${year}`)).status).toBe(401);
      expect((await call(b.url, tokens.secretariaat!, 'GET', `/api/v1/letters/register.csv?year=twenty`)).status).toBe(400);
      const r = await call(b.url, tokens.secretariaat!, 'GET', `/api/v1/letters/register.csv?year=${year}`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(r.headers.get('cache-control')).toBe('no-store');
      const rows = parseCsv(r.text);
      // headers and values in Dutch (the default), one column per LETTER_CSV_COLUMNS, local times Excel reads as dates
      expect(rows[0]).toEqual(['Nummer', 'Gereserveerd op', 'Status', 'Onderwerp', 'Bestemmeling', 'Dienst', 'Behandelaar', 'Verzendwijze', 'Uw kenmerk', 'Dossier', 'Aangevraagd door', 'Verzonden op', 'Geannuleerd op', 'Reden van annulering']);
      expect(rows[0]).toHaveLength(LETTER_CSV_COLUMNS.length);
      for (const row of rows.slice(1)) expect(row[1]).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
      const numbers = rows.slice(1).map((row) => row[0]);
      const seqs = await sequences();
      expect(numbers).toEqual(seqs.map((s) => `${year}/${pad(s)}`));
      const bRow = rows.find((row) => row[0] !== undefined && row[3] === B.subject && row[2] === 'geannuleerd' && row[13] === 'Brief niet nodig');
      expect(bRow).toBeDefined();
      expect(bRow![12]).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
      const fr = parseCsv((await call(b.url, tokens.secretariaat!, 'GET', `/api/v1/letters/register.csv?year=${year}&lang=fr`)).text);
      expect(fr[0]![0]).toBe('Numéro');
      expect(fr.some((row) => row[2] === 'annulé')).toBe(true);
      const json = await call(b.url, tokens.secretariaat!, 'GET', `/api/v1/letters/register?year=${year}`);
      const wrapped = json.json as { filename: string; content: string };
      expect(wrapped.filename).toBe(`briefregister-${municipalityId}-${year}.csv`);
      // fetch's text() drops the BOM of the CSV body; the JSON keeps it for Excel
      expect(wrapped.content).toBe(`\uFEFF${r.text}`);
    });

    const N = dialect === 'postgres' ? 1000 : 200;
    it(`${N} concurrent requests from 20 clients get exactly the next ${N} numbers, once each`, async (ctx) => {
      if (skipped) return ctx.skip(skipped);
      const base = await counter();
      const users = ['demo', 'secretariaat', 'burgerzaken', 'bevolking.hoofd', 'dpo'];
      const clients = Array.from({ length: 20 }, (_, i) => ({ id: randomUUID(), token: tokens[users[i % users.length]!]! }));
      const perClient = N / clients.length;
      const sent: { client: (typeof clients)[number]; seq: number; payload: ReturnType<typeof draft> }[] = [];
      for (const client of clients) for (let k = 1; k <= perClient; k++) sent.push({ client, seq: k, payload: draft(departmentId, { subject: `Gelijktijdig ${k}` }) });
      const results = await Promise.all(sent.map((s) => push(b.url, s.client.token, s.client.id, [{ seq: s.seq, type: 'letters.reserve', payload: s.payload }]).then((r) => r[0])));
      const got = results.map((r) => applied(r).sequence as number).sort((x, y) => x - y);
      expect(got).toEqual(Array.from({ length: N }, (_, i) => base + i + 1));
      expect(await counter()).toBe(base + N);
      expect(await sequences()).toEqual(Array.from({ length: base + N }, (_, i) => i + 1));
      // replay a slice concurrently: same numbers, nothing new handed out
      const replay = sent.slice(0, 100);
      const again = await Promise.all(replay.map((s) => push(b.url, s.client.token, s.client.id, [{ seq: s.seq, type: 'letters.reserve', payload: s.payload }]).then((r) => r[0])));
      expect(again.map((r) => applied(r).number)).toEqual(results.slice(0, 100).map((r) => applied(r).number));
      expect(await counter()).toBe(base + N);
    }, 300_000);
  });
}
