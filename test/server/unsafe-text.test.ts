/**
 * Control characters and broken Unicode at the HTTP boundary, on SQLite and PostgreSQL: NUL (which
 * PostgreSQL answers with an error), other C0 controls, direction overrides (a name shown reversed)
 * and lone surrogates are refused with 400 invalid_input naming the field — in a login, a citizen
 * search and its purpose, a push payload, a query string — and nothing is stored. Impossible dates
 * are refused the same way. Never a 500.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverFeatures } from '../../src/server/features/index.js';
import { ApiError } from '../../src/shared/sync/protocol.js';
import { findUnsafeText, isSafeText } from '../../src/shared/format/text.js';
import { api, KINDS, skipKind, startServer, type Api, type TestServer } from './helpers.js';

const UNSAFE = ['a\u0000b', 'a\u0007b', '\u202eJan', 'Jan\u2066x', 'x\ud800', '\udc00y', 'a\u007fb'];
const SAFE = ['Céline D\u2019Hondt', 'regel 1\nregel 2\tmet tab', '😀 emoji', 'עברית', 'Zoë'];

describe('safe text', () => {
  it('tells unsafe from safe text, keys included', () => {
    for (const s of UNSAFE) expect(isSafeText(s), JSON.stringify(s)).toBe(false);
    for (const s of SAFE) expect(isSafeText(s), s).toBe(true);
    expect(findUnsafeText({ a: [{ b: 'ok' }, { c: 'x\u0000' }] }, 'body')).toBe('body.a.1.c');
    expect(findUnsafeText({ ['k\u202e']: 'v' }, 'body')).toBe('body (a key)');
    expect(findUnsafeText({ a: ['fine', 1, null, true] }, 'body')).toBeNull();
  });
});

for (const kind of KINDS) {
  describe.skipIf(skipKind(kind))(`unsafe text at the HTTP boundary (${kind})`, () => {
    let t: TestServer;
    let http: Api;
    let tokens: Record<string, string>;
    beforeAll(async () => {
      t = await startServer(kind, { features: serverFeatures });
      http = api(t.url);
      tokens = { demo: (await http.login('demo')).token, burgerzaken: (await http.login('burgerzaken')).token, dpo: (await http.login('dpo')).token };
    }, 60_000);
    afterAll(async () => t?.stop());

    const expect400 = (res: { status: number; body: unknown }, field: RegExp) => {
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      const body = ApiError.parse(res.body);
      expect(body.error).toBe('invalid_input');
      expect(body.message).toMatch(field);
    };

    it('login', async () => {
      for (const bad of UNSAFE) {
        expect400(await http.post('/api/v1/auth/login', { username: `demo${bad}`, password: 'demo' }), /body\.username/);
        expect400(await http.post('/api/v1/auth/login', { username: 'demo', password: bad }), /body\.password/);
      }
    });

    it('citizen search: the name and the purpose; nothing logged', async () => {
      const logBefore = await t.server.db.kysely.selectFrom('citizen_lookup_log' as never).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
      for (const bad of UNSAFE) {
        expect400(await http.post('/api/v1/citizens/search', { query: { by: 'name', lastName: `Peeters${bad}` }, reason: { purpose: 'Dossier nazicht', dossier: null } }, tokens.burgerzaken), /body\.query\.lastName/);
        expect400(await http.post('/api/v1/citizens/search', { query: { by: 'name', lastName: 'Peeters' }, reason: { purpose: `Nazicht ${bad}`, dossier: null } }, tokens.burgerzaken), /body\.reason\.purpose/);
      }
      const logAfter = await t.server.db.kysely.selectFrom('citizen_lookup_log' as never).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
      expect(logAfter).toEqual(logBefore);
    });

    it('push payloads (a letter subject): refused before any command runs, nothing stored', async () => {
      const clientId = randomUUID();
      for (const bad of UNSAFE) {
        const res = await http.post('/api/v1/sync/push', { clientId, commands: [{ seq: 1, type: 'letters.reserve', payload: { subject: `Antwoord ${bad}` }, createdAt: new Date().toISOString() }] }, tokens.demo);
        expect400(res, /body\.commands\.0\.payload\.subject/);
      }
      expect(await t.server.db.kysely.selectFrom('sync_commands').select('seq').where('client_id', '=', clientId).execute()).toEqual([]);
    });

    it('query strings, and impossible dates in the DPO export', async () => {
      expect400(await http.get(`/api/v1/citizens/audit/export?from=2026-01-01&to=${encodeURIComponent('2026-02-01\u0000')}`, tokens.dpo), /query\.to/);
      expect400(await http.get('/api/v1/citizens/audit/export?from=2026-13-45&to=2026-12-31', tokens.dpo), /from: .*existing date/);
      expect400(await http.get('/api/v1/citizens/audit/export?from=2026-02-29&to=2026-12-31', tokens.dpo), /from/);
      expect((await http.get('/api/v1/citizens/audit/export?from=2024-02-29&to=2026-12-31', tokens.dpo)).status).toBe(200);
    });
  });
}
