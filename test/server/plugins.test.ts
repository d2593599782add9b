/**
 * The extension points other engineers use: a feature's typed route (auth, roles, validation,
 * OpenAPI), TokenVerifiers (how the OIDC verifier plugs in), and the login throttle.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenVerifier } from '../../src/server/auth/hook.js';
import { directoryFeature } from '../../src/server/features/directory/index.js';
import { ApiError, SessionUser } from '../../src/shared/sync/protocol.js';
import { api, KINDS, skipKind, startServer, type Api, type TestServer } from './helpers.js';
import { testingFeature } from './testing-feature.js';

/** Accepts "ext.<base64url email>" tokens (a stand-in for a validated JWT's email claim); "ext.bad..." throws. */
const verifier: TokenVerifier = async (token, ctx) => {
  if (!token.startsWith('ext.')) return null;
  if (token === 'ext.bad-signature-xxxxxxxx') throw new Error('signature');
  return ctx.findUser({ email: Buffer.from(token.slice(4), 'base64url').toString() });
};
const ext = (email: string) => `ext.${Buffer.from(email).toString('base64url')}`;

for (const kind of KINDS) {
  describe.skipIf(skipKind(kind))(`plug-in points (${kind})`, () => {
    let t: TestServer;
    let http: Api;
    beforeAll(async () => {
      t = await startServer(kind, { features: [directoryFeature, testingFeature], tokenVerifiers: [verifier] });
      http = api(t.url);
    });
    afterAll(async () => t?.stop());

    it('serves a feature route with auth, roles and validated params/query', async () => {
      const admin = (await http.login('admin')).token;
      const demo = (await http.login('demo')).token;
      expect((await http.get('/api/v1/testing/counter/abc')).status).toBe(401);
      const forbidden = await http.get('/api/v1/testing/counter/abc', demo);
      expect(forbidden.status).toBe(403);
      expect(ApiError.parse(forbidden.body).error).toBe('forbidden');
      expect((await http.get('/api/v1/testing/counter/ABC', admin)).status).toBe(400);
      expect((await http.get('/api/v1/testing/counter/abc?plus=11', admin)).status).toBe(400);
      expect((await http.get('/api/v1/testing/counter/abc?other=1', admin)).status).toBe(400);
      const ok = await http.get('/api/v1/testing/counter/abc?plus=3', admin);
      expect(ok).toEqual({ status: 200, body: { id: 'abc', value: 3, by: 'admin' } });
    });

    it('documents feature routes in the OpenAPI document', async () => {
      const doc = (await (await fetch(`${t.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, { parameters: { name: string; in: string }[]; responses: Record<string, unknown> }>> };
      const op = doc.paths['/api/v1/testing/counter/{id}']!.get!;
      expect(op.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(expect.arrayContaining(['path:id', 'query:plus']));
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '426']));
    });

    it('accepts a token a TokenVerifier vouches for, and refuses one it throws on', async () => {
      const me = await http.get('/api/v1/me', ext('celine.vanneste@poperinge.be'));
      expect(me.status).toBe(200);
      expect(SessionUser.parse(me.body).username).toBe('demo');
      expect((await http.get('/api/v1/me', ext('nobody@poperinge.be'))).status).toBe(401);
      expect((await http.get('/api/v1/me', 'ext.bad-signature-xxxxxxxx')).status).toBe(401);
      expect((await http.get('/api/v1/sync/pull?limit=5', ext('celine.vanneste@poperinge.be'))).status).toBe(200);
      // Renewal of such a token belongs to its issuer (and leaves no local session behind).
      const sessions = () => t.server.db.kysely.selectFrom('sessions').select('token_hash').where('user_id', '=', 'u-demo').execute();
      const before = await sessions();
      const refresh = await http.post('/api/v1/auth/refresh', undefined, ext('celine.vanneste@poperinge.be'));
      expect(refresh.status).toBe(400);
      expect(ApiError.parse(refresh.body).error).toBe('not_a_local_session');
      expect(await sessions()).toEqual(before);
    });

    it('throttles password guessing per username (429 with Retry-After), other users unaffected', async () => {
      for (let i = 0; i < 10; i++) expect((await http.post('/api/v1/auth/login', { username: 'financien', password: `guess${i}` })).status).toBe(401);
      const res = await fetch(`${t.url}/api/v1/auth/login`, { method: 'POST', headers: { 'x-pop-protocol': '1', 'content-type': 'application/json' }, body: JSON.stringify({ username: 'Financien', password: 'demo' }) });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await http.post('/api/v1/auth/login', { username: 'dpo', password: 'demo' })).status).toBe(200);
    });
  });
}
