/**
 * Citizen lookup on a real backend, on SQLite and PostgreSQL: roles (403), purpose (400), national
 * number validation, minimum fields in lists, role-dependent detail, every lookup logged with all
 * fields, the log cannot be altered or deleted, the DPO's views, rate limit (429).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeInsz, parseInsz } from '../../src/shared/format/insz.js';
import { brusselsToday } from '../../src/server/demo/seed.js';
import { LOOKUPS_PER_MINUTE } from '../../src/server/features/citizens/audit.js';
import { call, login, parseCsv, postgresUnavailable, startBackend, type TestBackend } from './guarded-helpers.js';

type LogRow = { id: number; at: string; user_id: string; username: string; municipality_id: string; action: string; query: string | null; citizen_ids: string; fields: string; purpose: string; dossier: string };

const reason = { purpose: 'Aanvraag identiteitskaart', dossier: 'BZ-2026-0042' };
const byName = { by: 'name', lastName: 'Demeyere', firstName: 'Jozefien' };

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`citizen lookup on ${dialect}`, () => {
    let skipped: string | null = null;
    let b: TestBackend;
    const tokens: Record<string, string> = {};
    let jozefien: { id: string; nrn: string };

    const log = async () => (await sql<LogRow>`SELECT * FROM citizen_lookup_log ORDER BY id`.execute(b.server.db.kysely)).rows;

    beforeAll(async () => {
      if (dialect === 'postgres') {
        skipped = await postgresUnavailable();
        if (skipped) {
          console.log(skipped);
          return;
        }
      }
      b = await startBackend(dialect);
      for (const u of ['demo', 'secretariaat', 'burgerzaken', 'bevolking.hoofd', 'dpo']) tokens[u] = await login(b.url, u);
      const row = await sql<{ id: string; national_number: string }>`SELECT id, national_number FROM citizens WHERE last_name = 'Demeyere' AND first_names = 'Jozefien' AND municipality_id = 'poperinge'`.execute(b.server.db.kysely);
      jozefien = { id: row.rows[0]!.id, nrn: row.rows[0]!.national_number };
    }, 180_000);
    afterAll(async () => {
      await b?.close();
    });

    it('seeds a fictional population with valid national numbers', async (ctx) => {
      if (skipped) return ctx.skip(skipped);
      const rows = (await sql<{ national_number: string; birth_date: string; sex: string }>`SELECT national_number, birth_date, sex FROM citizens`.execute(b.server.db.kysely)).rows;
      expect(rows.length).toBeGreaterThan(400);
      for (const r of rows) {
        const p = parseInsz(r.national_number);
        expect(p.ok, r.national_number).toBe(true);
        if (p.ok) {
          expect(`${p.value.birth.year}-${String(p.value.birth.month).padStart(2, '0')}-${String(p.value.birth.day).padStart(2, '0')}`).toBe(r.birth_date);
          expect(p.value.sex).toBe(r.sex);
        }
      }
      expect(rows.some((r) => r.birth_date >= '2000')).toBe(true); // both check-digit rules are used
    });

    it('refuses every role but population (403), and anonymous callers (401), before reading anything', async (ctx) => {
      if (skipped) return ctx.skip(skipped);
      for (const user of ['demo', 'secretariaat', 'dpo']) {
        const search = await call(b.url, tokens[user]!, 'POST', '/api/v1/citizens/search', { query: byName, reason });
        expect(search.status, user).toBe(403);
        expect(search.json).toMatchObject({ error: 'forbidden' });
        expect((await call(b.url, tokens[user]!, 'POST', `/api/v1/citizens/${jozefien.id}/view`, { reason })).status).toBe(403);
      }
      expect((await call(b.url, null, 'POST', '/api/v1/citizens/search', { query: byName, reason })).status).toBe(401);
      expect(await log()).toHaveLength(0);
    });

    it('requires a purpose or dossier and a valid national number (400), and logs nothing then', async (ctx) => {
      if (skipped) return ctx.skip(skipped);
      const noReason = await call(b.url, tokens.burgerzaken!, 'POST', '/api/v1/citizens/search', { query: byName });
      expect(noReason.status).toBe(400);
      const empty = await call(b.url, tokens.burgerzaken!, 'POST', '/api/v1/citizens/search', { query: byName, reason: { purpose: ' ', dossier: '' } });
      expect(empty.status).toBe(400);
      expect((empty.json as { message: string }).message).toMatch(/purpose/i);
      const view = await call(b.url, tokens.burgerzaken!, 'POST', `/api/v1/citizens/${jozefien.id}/view`, {});
      expect(view.status).toBe(400);
      const typo = jozefien.nrn.slice(0, 9) + String((Number(jozefien.nrn.slice(9)) % 97) + 1).padStart(2, '0');
      const bad = await call(b.url, tokens.burgerzaken!, 'POST', '/api/v1/citizens/search', { query: { by: 'nationalNumber', nationalNumber: typo }, reason });
      expect(bad.status).toBe(400);
      expect((bad.json as { message: string }).message).toMatch(/check digits/);
      expect(await log()).toHaveLength(0);
    });

    it('lists the minimum (never a national number) and logs who, when, the query, who was returned, the fields, the purpose', async (ctx) => {
      if (skipped) return ctx.skip(skipped);
      const r = await call(b.url, tokens.burgerzaken!, 'POST', '/api/v1/citizens/search', { query: byName, reason });
      expect(r.status).toBe(200);
      expect(r.headers.get('cache-control')).toMatch(/no-store/);
      const items = (r.json as { items: Record<string, unknown>[] }).items;
      expect(items.map((i) => i.id)).toContain(jozefien.id);
      for (const item of items) expect(Object.keys(item).sort()).toEqual(['birthDate', 'firstNames', 'id', 'lastName', 'locality']);
      expect(r.text).not.toContain(jozefien.nrn);
      // accent- and case-insensitive by name prefix
      const accent = await call(b.url, tokens.burgerzaken!, 'POST', '/api/v1/citizens/search', { query: { by: 'name', lastName: 'DÉMEY' }, reason });
      expect((accent.json as { items: { id: string }[] }).items.map((i) => i.id)).toContain(jozefien.id);
      // by address and by national number (formatted as typed)
      const address = await call(b.url, tokens.burgerzaken!, 'POST', '/api/v1/citizens/search', { query: { by: 'address', street: 'gasthuis', houseNumber: '12', postcode: '8970' }, reason });
      expect((address.json as { items: { id: string }[] }).items.map((i) => i.id)).toContain(jozefien.id);
      const formatted = parseInsz(jozefien.nrn);
      const byNumber = { query: { by: 'nationalNumber', nationalNumber: formatted.ok ? formatted.value.formatted : '' }, reason };
      // Searching by number is for roles that may see numbers: refused for burgerzaken, not logged.
      const refused = await call(b.url, tokens.burgerzaken!, 'POST', '/api/v1/citizens/search', byNumber);
      expect(refused.status).toBe(403);
      expect((refused.json as { message: string }).message).toMatch(/population_nrn/);
      const nrn = await call(b.url, tokens['bevolking.hoofd']!, 'POST', '/api/v1/citizens/search', byNumber);
      expect((nrn.json as { items: { id: string }[] }).items.map((i) => i.id)).toEqual([jozefien.id]);

      const entries = await log();
      expect(entries).toHaveLength(4);
      const first = entries[0]!;
      expect(first).toMatchObject({ username: 'burgerzaken', municipality_id: 'poperinge', action: 'search', purpose: reason.purpose, dossier: reason.dossier });
      expect(Date.now() - Date.parse(first.at)).toBeLessThan(60_000);
      expect(JSON.parse(first.query!)).toMatchObject(byName);
      expect(JSON.parse(first.citizen_ids)).toEqual(items.map((i) => i.id));
      expect(JSON.parse(first.fields)).toEqual(['lastName', 'firstNames', 'birthDate', 'locality']);
      expect(entries[3]).toMatchObject({ username: 'bevolking.hoofd' });
      expect(JSON.parse(entries[3]!.query!)).toMatchObject({ by: 'nationalNumber' });
    });

    it('finds citizens by numbers the register hands out without a full birth date (month 00, day 00, day above 31, BIS)', async (ctx) => {
      if (skipped) return ctx.skip(skipped);
      const db = b.server.db.kysely.withTables<{ citizens: Record<string, unknown> & { id: string } }>();
      const base = await db.selectFrom('citizens').selectAll().where('id', '=', jozefien.id).executeTakeFirstOrThrow();
      const numbers = [makeInsz({ year: 1961, month: 0, day: 0 }, 77), makeInsz({ year: 1972, month: 4, day: 0 }, 79), makeInsz({ year: 1980, month: 6, day: 41 }, 81), makeInsz({ year: 1975, month: 0, day: 0 }, 83, 20)];
      for (const [i, nrn] of numbers.entries()) {
        await db.insertInto('citizens').values({ ...base, id: `cit-unknown-date-${i}`, national_number: nrn, household_id: `hh-unknown-${i}` }).execute();
      }
      for (const [i, nrn] of numbers.entries()) {
        const r = await call(b.url, tokens['bevolking.hoofd']!, 'POST', '/api/v1/citizens/search', { query: { by: 'nationalNumber', nationalNumber: nrn }, reason });
        expect(r.status, nrn).toBe(200);
        expect((r.json as { items: { id: string }[] }).items.map((x) => x.id)).toEqual([`cit-unknown-date-${i}`]);
      }
      await db.deleteFrom('citizens').where('id', 'like', 'cit-unknown-date-%').execute();
    });

    it('the detail shows the fields of the role: the national number only for population_nrn; each view is logged', async (ctx) => {
      if (skipped) return ctx.skip(skipped);
      const before = (await log()).length;
      const plain = await call(b.url, tokens.burgerzaken!, 'POST', `/api/v1/citizens/${jozefien.id}/view`, { reason: { purpose: '', dossier: 'BZ-2026-0042' } });
      expect(plain.status).toBe(200);
      const detail = plain.json as Record<string, unknown>;
      expect(detail).toMatchObject({ id: jozefien.id, lastName: 'Demeyere', firstNames: 'Jozefien', birthDate: '1987-03-14', civilStatus: expect.any(String) });
      expect(detail.address).toMatchObject({ street: 'Gasthuisstraat', houseNumber: '12', postcode: '8970' });
      expect((detail.household as { firstNames: string }[]).map((m) => m.firstNames).sort()).toEqual(['Lotte', 'Pieter-Jan']);
      expect(detail.nationalNumber).toBeUndefined();
      expect(plain.text).not.toContain(jozefien.nrn);
      const nrn = await call(b.url, tokens['bevolking.hoofd']!, 'POST', `/api/v1/citizens/${jozefien.id}/view`, { reason });
      const withNrn = nrn.json as { nationalNumber: string; fields: string[] };
      expect(parseInsz(withNrn.nationalNumber)).toMatchObject({ ok: true, value: { digits: jozefien.nrn, formatted: withNrn.nationalNumber } });
      expect(withNrn.fields).toContain('nationalNumber');
      const missing = await call(b.url, tokens.burgerzaken!, 'POST', '/api/v1/citizens/cit-ieper-00001/view', { reason });
      expect(missing.status).toBe(404); // another municipality's register is not ours

      const entries = (await log()).slice(before);
      expect(entries.map((e) => [e.username, e.action])).toEqual([
        ['burgerzaken', 'view'],
        ['bevolking.hoofd', 'view'],
      ]);
      expect(JSON.parse(entries[0]!.citizen_ids)[0]).toBe(jozefien.id);
      expect(JSON.parse(entries[0]!.citizen_ids)).toHaveLength(3); // the household shown is logged too
      expect(JSON.parse(entries[0]!.fields)).not.toContain('nationalNumber');
      expect(JSON.parse(entries[1]!.fields)).toContain('nationalNumber');
      expect(entries[0]!.dossier).toBe('BZ-2026-0042');
    });

    it('the log cannot be altered or deleted, by anyone connected to the database', async (ctx) => {
      if (skipped) return ctx.skip(skipped);
      const db = b.server.db.kysely;
      const before = await log();
      const attempts = [
        sql`UPDATE citizen_lookup_log SET purpose = 'iets anders'`,
        sql`UPDATE citizen_lookup_log SET citizen_ids = '[]' WHERE id = ${before[0]!.id}`,
        sql`DELETE FROM citizen_lookup_log WHERE id = ${before[0]!.id}`,
        sql`DELETE FROM citizen_lookup_log`,
        ...(dialect === 'postgres'
          ? [sql`TRUNCATE citizen_lookup_log`, sql`INSERT INTO citizen_lookup_log (id, at, user_id, username, municipality_id, action, citizen_ids, fields, purpose, dossier) VALUES (${before[0]!.id}, 'x', 'u', 'u', 'm', 'view', '[]', '[]', 'p', 'd') ON CONFLICT (id) DO UPDATE SET purpose = 'herschreven'`]
          : [
              // REPLACE deletes without DELETE triggers (unless recursive_triggers): refused by the insert guard
              sql`REPLACE INTO citizen_lookup_log (id, at, user_id, username, municipality_id, action, citizen_ids, fields, purpose, dossier) VALUES (${before[0]!.id}, 'x', 'u', 'u', 'm', 'view', '[]', '[]', 'p', 'd')`,
              sql`INSERT OR REPLACE INTO citizen_lookup_log (id, at, user_id, username, municipality_id, action, citizen_ids, fields, purpose, dossier) VALUES (${before[0]!.id}, 'x', 'u', 'u', 'm', 'view', '[]', '[]', 'p', 'd')`,
              sql`INSERT INTO citizen_lookup_log (id, at, user_id, username, municipality_id, action, citizen_ids, fields, purpose, dossier) VALUES (${before[0]!.id}, 'x', 'u', 'u', 'm', 'view', '[]', '[]', 'p', 'd') ON CONFLICT (id) DO UPDATE SET purpose = 'herschreven'`,
            ]),
      ];
      for (const attempt of attempts) await expect(attempt.execute(db)).rejects.toThrow(/append-only/);
      expect(await log()).toEqual(before);
    });

    it('the DPO sees who looked at a citizen (by national number) and exports a period as CSV', async (ctx) => {
      if (skipped) return ctx.skip(skipped);
      expect((await call(b.url, tokens.burgerzaken!, 'POST', '/api/v1/citizens/audit/lookup', { citizenId: jozefien.id })).status).toBe(403);
      const who = await call(b.url, tokens.dpo!, 'POST', '/api/v1/citizens/audit/lookup', { nationalNumber: jozefien.nrn });
      expect(who.status).toBe(200);
      const entries = who.json as { username: string; action: string; purpose: string }[];
      expect(entries.map((e) => `${e.username}:${e.action}`)).toEqual([
        'bevolking.hoofd:view',
        'burgerzaken:view',
        'bevolking.hoofd:search',
        'burgerzaken:search',
        'burgerzaken:search',
        'burgerzaken:search',
      ]);
      const partner = (await sql<{ id: string }>`SELECT id FROM citizens WHERE first_names = 'Pieter-Jan' AND municipality_id = 'poperinge'`.execute(b.server.db.kysely)).rows[0]!.id;
      const partnerLog = (await call(b.url, tokens.dpo!, 'POST', '/api/v1/citizens/audit/lookup', { citizenId: partner })).json as unknown[];
      expect(partnerLog.length).toBeGreaterThanOrEqual(2); // shown as household member in both views
      // The export's days are Brussels days: between 23:00 and midnight UTC (winter) the UTC date is the day before.
      const today = brusselsToday();
      const csv = await call(b.url, tokens.dpo!, 'GET', `/api/v1/citizens/audit.csv?from=${today}&to=${today}`);
      expect(csv.status).toBe(200);
      const rows = parseCsv(csv.text);
      // Dutch headers and values, local times Excel reads as dates, names beside usernames and citizen ids, no JSON
      expect(rows[0]).toEqual(['Tijdstip', 'Gebruikersnaam', 'Medewerker', 'Handeling', 'Doel', 'Dossier', 'Burgers', 'Geraadpleegde gegevens', 'Zoekopdracht', 'Lognummer']);
      expect(rows.length - 1).toBe((await log()).length);
      expect(rows.slice(1).every((r) => r[4] === reason.purpose || r[5] === reason.dossier)).toBe(true);
      for (const r of rows.slice(1)) {
        expect(r[0]).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
        expect(r[2]).not.toBe('');
        expect(['zoekopdracht', 'fiche geopend']).toContain(r[3]);
        expect(r.join(';')).not.toContain('{');
      }
      expect(rows.some((r) => r[6]!.includes('Demeyere') && r[6]!.includes('('))).toBe(true);
      expect(rows.some((r) => r[8]!.startsWith('zoeken op: naam; familienaam: '))).toBe(true);
      const past = await call(b.url, tokens.dpo!, 'GET', '/api/v1/citizens/audit.csv?from=2020-01-01&to=2020-12-31');
      expect(parseCsv(past.text)).toHaveLength(1);
      expect((await call(b.url, tokens.dpo!, 'GET', `/api/v1/citizens/audit.csv?from=${today}&to=2020-01-01`)).status).toBe(400);
    });

    it(`rate-limits lookups per user: ${LOOKUPS_PER_MINUTE} a minute, then 429 with a clear message`, async (ctx) => {
      if (skipped) return ctx.skip(skipped);
      const token = await login(b.url, 'bevolking.hoofd');
      const used = (await log()).filter((e) => e.username === 'bevolking.hoofd').length;
      for (let i = used; i < LOOKUPS_PER_MINUTE; i++) {
        expect((await call(b.url, token, 'POST', '/api/v1/citizens/search', { query: { by: 'name', lastName: 'Maes' }, reason })).status).toBe(200);
      }
      const refused = await call(b.url, token, 'POST', '/api/v1/citizens/search', { query: { by: 'name', lastName: 'Maes' }, reason });
      expect(refused.status).toBe(429);
      expect(refused.json).toMatchObject({ error: 'rate_limited', message: expect.stringMatching(/at most 30 per minute/) });
      expect((await call(b.url, token, 'POST', `/api/v1/citizens/${jozefien.id}/view`, { reason })).status).toBe(429);
      // another user is not affected
      expect((await call(b.url, tokens.burgerzaken!, 'POST', '/api/v1/citizens/search', { query: { by: 'name', lastName: 'Maes' }, reason })).status).toBe(200);
      // concurrent lookups of one user are counted exactly (advisory lock on PostgreSQL, one writer on SQLite)
      const since = Date.now() - 50_000; // all of this test file's lookups are younger than that
      const left = LOOKUPS_PER_MINUTE - (await log()).filter((e) => e.username === 'burgerzaken' && Date.parse(e.at) > since).length;
      expect(left).toBeGreaterThan(5);
      const burst = await Promise.all(
        Array.from({ length: left + 10 }, () => call(b.url, tokens.burgerzaken!, 'POST', '/api/v1/citizens/search', { query: { by: 'name', lastName: 'Maes' }, reason })),
      );
      expect(burst.filter((r) => r.status === 200)).toHaveLength(left);
      expect(burst.filter((r) => r.status === 429)).toHaveLength(10);
      expect((await log()).filter((e) => e.username === 'bevolking.hoofd')).toHaveLength(LOOKUPS_PER_MINUTE);
    });
  });
}
