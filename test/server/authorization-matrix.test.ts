/**
 * The authorization matrix, from ONE table: every HTTP route the server documents and every outbox
 * command, against every demo role (and no session). A route or command that is not in the table
 * fails this test, so a new one cannot be forgotten; the table says who may call it, the test proves
 * everybody else gets 401/403 (or `forbidden`) and the ones allowed get past authorization.
 * Tenants: a second municipality's account is in the set (ieper), and `other-tenant` rows check that
 * a role does not reach another municipality's data.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src/server/demo/accounts.js';
import { serverFeatures } from '../../src/server/features/index.js';
import { commandMap } from '../../src/server/sync/push.js';
import { PushResponse, type Role } from '../../src/shared/sync/protocol.js';
import { api, startServer, type Api, type TestServer } from './helpers.js';

/** 'service': only a service account (features/service-api); a staff session is refused (401) like none. */
type Who = 'public' | 'signed-in' | 'service' | Role[];

/** THE table: who may call each route (any of the roles). */
const ROUTES: Record<string, Who> = {
  'POST /api/v1/auth/login': 'public',
  'GET /api/v1/health': 'public',
  'GET /api/v1/ready': 'public',
  'GET /api/v1/auth/methods': 'public',
  'POST /api/v1/auth/logout': 'signed-in',
  'POST /api/v1/auth/refresh': 'signed-in',
  'GET /api/v1/me': 'signed-in',
  'GET /api/v1/sync/pull': 'signed-in',
  'POST /api/v1/sync/push': 'signed-in',
  'POST /api/v1/sync/problems': 'signed-in',
  'GET /api/v1/sync/image': 'signed-in',
  'GET /api/v1/sync/events': 'signed-in',
  'GET /api/v1/admin/accounts': ['admin'],
  'GET /api/v1/admin/accounts/{id}': ['admin'],
  'POST /api/v1/admin/accounts/{id}/roles': ['admin'],
  'POST /api/v1/admin/accounts/{id}/deputy': ['admin'],
  'POST /api/v1/admin/accounts/{id}/disabled': ['admin'],
  'GET /api/v1/admin/log': ['admin'],
  'GET /api/v1/admin/people': ['admin'],
  'GET /api/v1/admin/sources': ['admin'],
  'POST /api/v1/admin/sources/{name}/preview': ['admin'],
  'POST /api/v1/admin/sources/{name}/run': ['admin'],
  'GET /api/v1/letters/register.csv': ['secretariat'],
  'GET /api/v1/letters/register': ['secretariat'],
  'POST /api/v1/orders/{id}/attachments': 'signed-in',
  'GET /api/v1/orders/{id}/attachments/{attachmentId}': 'signed-in',
  'POST /api/v1/citizens/search': ['population'],
  'POST /api/v1/citizens/{id}/view': ['population'],
  'POST /api/v1/citizens/audit/lookup': ['dpo'],
  'GET /api/v1/citizens/audit.csv': ['dpo'],
  'GET /api/v1/citizens/audit/export': ['dpo'],
  'POST /api/v1/requests': 'service',
  'GET /api/v1/requests/{id}': 'service',
};

/** THE table for outbox commands: null = every signed-in user (the handler checks ownership). */
const COMMANDS: Record<string, Role[] | null> = {
  'directory.setPrivacy': null,
  'directory.setPhones': null,
  'agenda.addItem': ['secretariat'],
  'agenda.advance': ['secretariat'],
  'approvals.decide': null,
  'approvals.resubmit': null,
  'approvals.create': null,
  'approvals.withdraw': null,
  'orders.transition': null,
  'orders.saveDraft': null,
  'letters.reserve': null,
  'letters.cancel': null,
  'letters.markSent': null,
};

/** Calls that end or stream the session are checked for the anonymous case only. */
const NOT_CALLED_SIGNED_IN = new Set(['POST /api/v1/auth/logout', 'POST /api/v1/auth/refresh', 'GET /api/v1/sync/events']);

let t: TestServer;
let http: Api;
const tokens = new Map<string, string>();

beforeAll(async () => {
  t = await startServer('sqlite', { features: serverFeatures, oidc: null });
  http = api(t.url);
  for (const a of DEMO_ACCOUNTS) tokens.set(a.username, (await http.login(a.username)).token);
}, 60_000);
afterAll(async () => t?.stop());

const call = async (key: string, token?: string) => {
  const [method, template] = key.split(' ') as [string, string];
  const path = template.replace(/\{[^}]+\}/g, 'x-unknown');
  const headers: Record<string, string> = { 'x-pop-protocol': '1', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  if (method === 'POST') headers['content-type'] = 'application/json';
  const res = await fetch(t.url + path, { method, headers, body: method === 'POST' ? '{}' : undefined, signal: AbortSignal.timeout(10_000) });
  await res.body?.cancel();
  return res.status;
};

describe('authorization matrix', () => {
  it('every documented route is in the table, and every table row is a route', async () => {
    const doc = (await (await fetch(`${t.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(Object.keys(ROUTES).sort());
  });

  it('every outbox command is in the table with the roles its handler requires', () => {
    const actual = Object.fromEntries([...commandMap(serverFeatures)].map(([type, h]) => [type, h.roles ? [...h.roles] : null]));
    expect(actual).toEqual(COMMANDS);
  });

  it.each(Object.entries(ROUTES))('%s: only %j get past authorization', async (key, who) => {
    const anonymous = await call(key);
    if (who === 'public') expect(anonymous, 'no session').not.toBe(401);
    else expect(anonymous, 'no session').toBe(401);
    if (NOT_CALLED_SIGNED_IN.has(key)) return;
    for (const account of DEMO_ACCOUNTS) {
      const status = await call(key, tokens.get(account.username));
      if (who === 'service') {
        expect(status, `${account.username}: a staff session is no service credential`).toBe(401);
        continue;
      }
      const allowed = who === 'public' || who === 'signed-in' || who.some((r) => account.roles.includes(r));
      if (allowed) expect([401, 403], `${account.username} (${account.roles.join(',')})`).not.toContain(status);
      else expect(status, `${account.username} (${account.roles.join(',')})`).toBe(403);
    }
  });

  it.each(Object.entries(COMMANDS))('command %s: only %j get past authorization', async (type, roles) => {
    for (const account of DEMO_ACCOUNTS) {
      const res = await http.post('/api/v1/sync/push', { clientId: randomUUID(), commands: [{ seq: 1, type, payload: {}, createdAt: new Date().toISOString() }] }, tokens.get(account.username));
      const [result] = PushResponse.parse(res.body).results;
      const allowed = roles === null || roles.some((r) => account.roles.includes(r));
      const forbidden = result!.status === 'rejected' && result!.reason === 'forbidden';
      expect(forbidden, `${account.username}: ${JSON.stringify(result)}`).toBe(!allowed);
    }
  });

  it('other tenant: admin routes stay in their municipality (pull isolation per tenant: all-features.test.ts)', async () => {
    const ieperAdmin = tokens.get('ieper')!;
    expect((await http.get('/api/v1/admin/accounts', ieperAdmin)).status).toBe(403);
    const poperingeAdmin = tokens.get('admin')!;
    const ieperUser = await t.server.db.kysely.selectFrom('users').select('id').where('username', '=', 'ieper').executeTakeFirstOrThrow();
    expect((await http.get(`/api/v1/admin/accounts/${ieperUser.id}`, poperingeAdmin)).status).toBe(403);
  });
});
