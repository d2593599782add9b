/**
 * HTTP surface of the backend on SQLite and PostgreSQL: health, OpenAPI, protocol check, auth,
 * validation of bad input (never a 500), body size limits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, Health, LoginResponse, PROTOCOL_HEADER, ProtocolMismatch, SessionUser } from '../../src/shared/sync/protocol.js';
import { api, KINDS, skipKind, startServer, type Api, type TestServer } from './helpers.js';

for (const kind of KINDS) {
  describe.skipIf(skipKind(kind))(`routes (${kind})`, () => {
    let t: TestServer;
    let http: Api;
    let token: string;
    let clock = new Date('2026-11-28T09:00:00Z');

    beforeAll(async () => {
      t = await startServer(kind, { now: () => clock, minClientVersion: '0.1.0' });
      http = api(t.url);
      token = (await http.login('demo')).token;
    });
    afterAll(async () => t?.stop());

    it('answers health without protocol header and names the database', async () => {
      const res = await fetch(`${t.url}/api/v1/health`);
      const body = Health.parse(await res.json());
      expect(body).toMatchObject({ status: 'ok', protocol: 1, database: kind, minClientVersion: '0.1.0' });
    });

    it('serves an OpenAPI 3 document that describes the routes with their schemas', async () => {
      const doc = (await (await fetch(`${t.url}/api/v1/openapi.json`)).json()) as {
        openapi: string;
        paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> }; parameters?: { name: string }[] }>>;
      };
      expect(doc.openapi).toMatch(/^3\./);
      for (const p of ['/api/v1/auth/login', '/api/v1/me', '/api/v1/sync/pull', '/api/v1/sync/push', '/api/v1/health', '/api/v1/sync/events']) {
        expect(Object.keys(doc.paths)).toContain(p);
      }
      const login = doc.paths['/api/v1/auth/login']!.post!;
      expect(Object.keys(login.requestBody!.content['application/json']!.schema.properties!)).toEqual(['username', 'password']);
      expect(doc.paths['/api/v1/sync/pull']!.get!.parameters!.map((p) => p.name)).toEqual(expect.arrayContaining(['cursor', 'limit', PROTOCOL_HEADER]));
    });

    it('answers 426 with a clear message for a missing or other protocol version, and for a too old app', async () => {
      const missing = await fetch(`${t.url}/api/v1/me`);
      expect(missing.status).toBe(426);
      expect(ProtocolMismatch.parse(await missing.json()).message).toMatch(/protocol 1/);
      const other = await fetch(`${t.url}/api/v1/me`, { headers: { [PROTOCOL_HEADER]: '2' } });
      expect(other.status).toBe(426);
      const body = ProtocolMismatch.parse(await other.json());
      expect(body).toMatchObject({ error: 'protocol_mismatch', serverProtocol: 1, minClientVersion: '0.1.0' });
      const old = await fetch(`${t.url}/api/v1/health`, { headers: { [PROTOCOL_HEADER]: '1', 'x-pop-client-version': '0.0.9' } });
      expect(old.status).toBe(200); // health stays reachable for monitoring
      const oldMe = await fetch(`${t.url}/api/v1/me`, { headers: { [PROTOCOL_HEADER]: '1', 'x-pop-client-version': '0.0.9' } });
      expect(oldMe.status).toBe(426);
      expect(ProtocolMismatch.parse(await oldMe.json()).message).toMatch(/too old/);
      // The same version rules as the desktop updater: a pre-release is older than its release,
      // and something that is not a version cannot prove it is new enough.
      for (const [version, status] of [['0.1.0-beta.2', 426], ['0.1.0', 401], ['0.1.1', 401], ['vier', 426]] as const) {
        const res = await fetch(`${t.url}/api/v1/me`, { headers: { [PROTOCOL_HEADER]: '1', 'x-pop-client-version': version } });
        expect(res.status, version).toBe(status);
      }
    });

    it('refuses to start with a minimum client version that is not a version', async () => {
      await expect(startServer(kind, { minClientVersion: 'nieuw' })).rejects.toThrow(/POP_MIN_CLIENT_VERSION|minClientVersion/);
    });

    it('logs in a demo account and rejects a wrong password without saying which part was wrong', async () => {
      const ok = await http.post('/api/v1/auth/login', { username: 'Secretariaat', password: 'demo' });
      expect(ok.status).toBe(200);
      const login = LoginResponse.parse(ok.body);
      expect(login.user).toMatchObject({ username: 'secretariaat', municipalityId: 'poperinge', roles: ['staff', 'secretariat'] });
      const bad = await http.post('/api/v1/auth/login', { username: 'demo', password: 'wrong' });
      const unknown = await http.post('/api/v1/auth/login', { username: 'nobody', password: 'demo' });
      expect(bad.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(ApiError.parse(bad.body)).toEqual(ApiError.parse(unknown.body));
    });

    it('gives /me for a valid token only', async () => {
      const me = await http.get('/api/v1/me', token);
      expect(me.status).toBe(200);
      expect(SessionUser.parse(me.body)).toMatchObject({ username: 'demo', roles: ['staff'] });
      expect((await http.get('/api/v1/me')).status).toBe(401);
      expect((await http.get('/api/v1/me', 'x'.repeat(40))).status).toBe(401);
      const hostile = await fetch(`${t.url}/api/v1/me`, { headers: { [PROTOCOL_HEADER]: '1', authorization: 'Bearer ' + 'a'.repeat(10_000) } });
      expect(hostile.status).toBe(401);
    });

    it('ends a session on logout and after it expires', async () => {
      const s1 = (await http.login('dpo')).token;
      expect((await http.post('/api/v1/auth/logout', undefined, s1)).status).toBe(204);
      expect((await http.get('/api/v1/me', s1)).status).toBe(401);
      const s2 = (await http.login('dpo')).token;
      expect((await http.get('/api/v1/me', s2)).status).toBe(200);
      clock = new Date(clock.getTime() + 8 * 24 * 3600 * 1000);
      try {
        expect((await http.get('/api/v1/me', s2)).status).toBe(401);
      } finally {
        clock = new Date('2026-11-28T09:00:00Z');
      }
    });

    it('renews a local session silently: new token and expiry, the old token stops working', async () => {
      const first = await http.login('burgerzaken');
      clock = new Date(clock.getTime() + 3 * 24 * 3600 * 1000);
      try {
        const res = await http.post('/api/v1/auth/refresh', undefined, first.token);
        expect(res.status).toBe(200);
        const renewed = LoginResponse.parse(res.body);
        expect(renewed.token).not.toBe(first.token);
        expect(Date.parse(renewed.expiresAt)).toBeGreaterThan(Date.parse(first.expiresAt));
        expect(renewed.user.username).toBe('burgerzaken');
        expect((await http.get('/api/v1/me', first.token)).status).toBe(401);
        expect((await http.get('/api/v1/me', renewed.token)).status).toBe(200);
        expect((await http.post('/api/v1/auth/refresh', undefined, first.token)).status).toBe(401);
      } finally {
        clock = new Date('2026-11-28T09:00:00Z');
      }
    });

    it('answers bad bodies with 400 and a readable message, never 500', async () => {
      const cases: [unknown, RegExp][] = [
        [{}, /username/],
        [{ username: 'demo' }, /password/],
        [{ username: 42, password: 'demo' }, /username/],
        [{ username: 'demo', password: 'x'.repeat(201) }, /password/],
        [[1, 2, 3], /body/],
      ];
      for (const [body, message] of cases) {
        const res = await http.post('/api/v1/auth/login', body);
        expect(res.status).toBe(400);
        expect(ApiError.parse(res.body).message).toMatch(message);
      }
      const raw = async (body: string, type = 'application/json') =>
        fetch(`${t.url}/api/v1/sync/push`, { method: 'POST', headers: { [PROTOCOL_HEADER]: '1', authorization: `Bearer ${token}`, 'content-type': type }, body });
      const broken = await raw('{"clientId": ');
      expect(broken.status).toBe(400);
      expect(ApiError.parse(await broken.json()).error).toBe('invalid_json');
      const proto = await raw('{"__proto__": {"x": 1}, "clientId": "a"}');
      expect(proto.status).toBe(400);
      const text = await raw('hello', 'text/plain');
      expect(text.status).toBe(415);
      const push = await http.post('/api/v1/sync/push', { clientId: 'not-a-uuid', commands: [] }, token);
      expect(push.status).toBe(400);
      expect(ApiError.parse(push.body).message).toMatch(/clientId/);
    });

    it('refuses oversized bodies with 413', async () => {
      const login = await http.post('/api/v1/auth/login', { username: 'demo', password: 'x'.repeat(10_000) });
      expect(login.status).toBe(413);
      expect(ApiError.parse(login.body).error).toBe('payload_too_large');
      const commands = Array.from({ length: 5 }, (_, i) => ({ seq: i + 1, type: 'directory.setPrivacy', payload: { pad: 'x'.repeat(300_000) }, createdAt: new Date().toISOString() }));
      const push = await http.post('/api/v1/sync/push', { clientId: crypto.randomUUID(), commands }, token);
      expect(push.status).toBe(413);
    });

    it('validates pull query parameters', async () => {
      expect((await http.get('/api/v1/sync/pull?limit=0', token)).status).toBe(400);
      expect((await http.get('/api/v1/sync/pull?limit=abc', token)).status).toBe(400);
      expect((await http.get('/api/v1/sync/pull?limit=999999', token)).status).toBe(400);
      expect((await http.get('/api/v1/sync/pull?limit=1&limit=2', token)).status).toBe(400);
      expect((await http.get('/api/v1/sync/pull?evil=1', token)).status).toBe(400);
      const cursor = await http.get('/api/v1/sync/pull?cursor=bm9wZQ', token);
      expect(cursor.status).toBe(400);
      expect(ApiError.parse(cursor.body).error).toBe('invalid_cursor');
    });

    it('answers unknown routes with 404 ApiError', async () => {
      const res = await http.get('/api/v1/nope', token);
      expect(res.status).toBe(404);
      expect(ApiError.parse(res.body).error).toBe('not_found');
    });
  });
}
