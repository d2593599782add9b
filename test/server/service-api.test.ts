/**
 * The service API for other systems (issue 10) on a real backend, SQLite and PostgreSQL: a finance
 * system submits an invoice approval (API key, or an OAuth client-credentials token of a real
 * OpenID provider), the manager decides in Pop Index, the signed webhook reaches a real HTTP
 * receiver; idempotency, retries with backoff (injected clock, the worker driven by hand), and
 * every refusal with a clear error and nothing stored. The admin CLI manages the accounts.
 */
import { createHmac } from 'node:crypto';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdmin } from '../../src/server/admin/cli.js';
import { serverFeatures } from '../../src/server/features/index.js';
import { createAccount, revokeAccount, type CreatedAccount } from '../../src/server/features/service-api/accounts.js';
import { createServiceApiFeature } from '../../src/server/features/service-api/index.js';
import { WebhookBody, ServiceRequestView } from '../../src/server/features/service-api/schemas.js';
import { deliverDue, MAX_ATTEMPTS, retryDelayMs } from '../../src/server/features/service-api/webhooks.js';
import { PushResponse } from '../../src/shared/sync/protocol.js';
import { API_AUDIENCE, startTestProvider, type TestProvider } from '../oidc/provider.js';
import { api, freshStore, KINDS, skipKind, startServer, type Api, type TestServer, type TestStore } from './helpers.js';
import { startReceiver, type Receiver } from './webhook-receiver.js';

const features = [...serverFeatures.filter((f) => f.name !== 'service-api'), createServiceApiFeature({ worker: false })];
const FINANCE_CLIENT = { clientId: 'finance-westhoek', secret: 'finance-client-secret-0123456789abcdef' };

describe('retry schedule', () => {
  it('spreads 16 attempts over more than 24 hours, even with the smallest jitter', () => {
    let total = 0;
    for (let failures = 1; failures < MAX_ATTEMPTS; failures++) total += retryDelayMs(failures, () => 0);
    expect(total).toBeGreaterThan(24 * 3600_000);
    expect(retryDelayMs(1, () => 0)).toBe(30_000);
    expect(retryDelayMs(1, () => 0.999)).toBeLessThan(37_500);
    expect(retryDelayMs(30, () => 0)).toBe(6 * 3600_000);
  });
});

for (const kind of KINDS) {
  describe.skipIf(skipKind(kind))(`service API (${kind})`, () => {
    let store: TestStore;
    let t: TestServer;
    let http: Api;
    let receiver: Receiver;
    let provider: TestProvider;
    let stranger: TestProvider;
    let finance: CreatedAccount;
    let hr: CreatedAccount;
    // The server's clock: real time at the start (OAuth tokens carry the provider's real time), moved by the retry test.
    let clock = new Date();
    const now = () => clock;
    let requester: { id: string; email: string; managerId: string };
    let demoToken: string;
    let seq = 0;
    const db = () => t.server.db.kysely;

    const call = async (method: 'GET' | 'POST', path: string, credential: string | null, body?: unknown, key?: string) => {
      const headers: Record<string, string> = {};
      if (credential) headers.authorization = `Bearer ${credential}`;
      if (key) headers['idempotency-key'] = key;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(t.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as Record<string, unknown> };
    };
    const invoice = (extra: Record<string, unknown> = {}) => ({
      type: 'invoice',
      title: 'Factuur 2026/0456 Drukkerij Vanhaecke',
      requester: { email: requester.email },
      amountCents: 123450,
      dueDate: '2026-12-15',
      link: 'https://finance.poperinge.be/facturen/2026-0456',
      reference: 'F2026/0456',
      ...extra,
    });
    const counts = async () => ({
      requests: Number((await db().selectFrom('approval_requests' as never).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
      keys: Number((await db().selectFrom('service_requests' as never).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
      deliveries: Number((await db().selectFrom('webhook_deliveries' as never).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    });
    const decide = async (requestId: string, decision: 'approve' | 'refuse' | 'sendBack', comment = '') => {
      const res = await api(t.url).post(
        '/api/v1/sync/push',
        { clientId: 'c6d1f3e2-0000-4000-8000-00000000000a', commands: [{ seq: ++seq, type: 'approvals.decide', payload: { requestId, stepPosition: 1, version: 1, decision, comment }, createdAt: clock.toISOString() }] },
        demoToken,
      );
      expect(res.status).toBe(200);
      return PushResponse.parse(res.body).results[0]!;
    };
    const verify = (secret: string, hook: { headers: Record<string, unknown>; body: string }) => {
      const ts = String(hook.headers['pop-timestamp']);
      const expected = `v1=${createHmac('sha256', secret).update(`${ts}.${hook.body}`).digest('hex')}`;
      return hook.headers['pop-signature'] === expected;
    };

    beforeAll(async () => {
      store = await freshStore(kind);
      const file = store.options.file ? join(dirname(store.options.file), 'pop-index.sqlite') : undefined;
      [provider, stranger, receiver] = await Promise.all([startTestProvider({ accounts: {}, serviceClients: [FINANCE_CLIENT] }), startTestProvider({ accounts: {} }), startReceiver()]);
      t = await startServer(kind, { features, seed: { size: 120, today: '2026-11-28' }, now, ...(file ? { file } : {}) }, store);
      http = api(t.url);
      const demo = await http.login('demo');
      demoToken = demo.token;
      const report = await db().selectFrom('people').select(['id', 'email', 'manager_id']).where('manager_id', '=', demo.user.personId!).orderBy('id').executeTakeFirstOrThrow();
      requester = { id: report.id, email: report.email, managerId: report.manager_id! };
      finance = await createAccount(db(), { municipalityId: 'poperinge', name: 'finance-invoices', types: ['invoice'], auth: 'api_key', webhookUrl: receiver.url }, clock);
      hr = await createAccount(db(), { municipalityId: 'poperinge', name: 'hr-oauth', types: ['invoice', 'training'], auth: { issuer: provider.issuer, audience: API_AUDIENCE, clientId: FINANCE_CLIENT.clientId }, webhookUrl: receiver.url }, clock);
    });
    afterAll(async () => {
      await t?.stop();
      await store?.drop();
      await Promise.all([provider?.close(), stranger?.close(), receiver?.close()]);
    });

    it('submits an invoice approval with an API key and receives the signed webhook when the manager decides', async () => {
      const key = 'inv-2026-0456-a';
      const res = await call('POST', '/api/v1/requests', finance.apiKey, invoice(), key);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const view = ServiceRequestView.parse(res.body);
      expect(view).toMatchObject({ type: 'invoice', status: 'open', amountCents: 123450, link: 'https://finance.poperinge.be/facturen/2026-0456', reference: 'F2026/0456', requester: { id: requester.id } });
      expect(view.steps).toEqual([expect.objectContaining({ position: 1, role: 'head', state: 'waiting', approverName: 'Céline Vanneste' })]);
      expect(res.headers.get('location')).toBe(`/api/v1/requests/${view.id}`);
      // The same key and body: the same request, never a second one.
      const again = await call('POST', '/api/v1/requests', finance.apiKey, invoice(), key);
      expect(again.status).toBe(200);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body.id).toBe(view.id);
      const stored = await db().selectFrom('approval_requests' as never).select('data' as never).where('id' as never, '=', view.id as never).execute();
      expect(stored).toHaveLength(1);
      const row = JSON.parse((stored[0] as { data: string }).data);
      expect(row).toMatchObject({ link: view.link, source: { accountId: finance.account.id, accountName: 'finance-invoices', reference: 'F2026/0456' } });

      // The manager approves in Pop Index (desktop outbox command): the webhook is queued in that transaction.
      const outcome = await decide(view.id, 'approve', 'In orde');
      expect(outcome).toMatchObject({ status: 'applied', result: { status: 'approved' } });
      const queued = await db().selectFrom('webhook_deliveries' as never).selectAll().where('request_id' as never, '=', view.id as never).execute();
      expect(queued).toHaveLength(1);
      expect(receiver.received).toHaveLength(0);

      const pass = await deliverDue(db(), { now });
      expect(pass).toEqual({ delivered: 1, retried: 0, failed: 0 });
      expect(receiver.received).toHaveLength(1);
      const hook = receiver.received[0]!;
      expect(verify(finance.webhookSecret, hook)).toBe(true);
      expect(verify(hr.webhookSecret, hook)).toBe(false);
      expect(Number(hook.headers['pop-timestamp'])).toBe(Math.floor(clock.getTime() / 1000));
      const body = WebhookBody.parse(JSON.parse(hook.body));
      expect(hook.headers['pop-delivery-id']).toBe(body.id);
      expect(hook.headers['pop-event']).toBe('request.approved');
      expect(body.request).toMatchObject({ id: view.id, status: 'approved', steps: [{ state: 'approved', comment: 'In orde', decidedByName: 'Céline Vanneste' }] });
      // Delivered once: the next pass sends nothing.
      expect(await deliverDue(db(), { now })).toEqual({ delivered: 0, retried: 0, failed: 0 });

      const got = await call('GET', `/api/v1/requests/${view.id}`, finance.apiKey);
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({ id: view.id, status: 'approved', version: 2 });
      // Another account does not see it.
      const hrToken = await provider.clientCredentialsToken(FINANCE_CLIENT.clientId, FINANCE_CLIENT.secret);
      expect((await call('GET', `/api/v1/requests/${view.id}`, hrToken)).status).toBe(404);
    });

    it('retries a failed webhook with backoff, the same delivery id each time, until it is accepted', async () => {
      const res = await call('POST', '/api/v1/requests', finance.apiKey, invoice({ title: 'Factuur 2026/0457', reference: 'F2026/0457' }), 'inv-2026-0457');
      expect(res.status).toBe(201);
      const id = String(res.body.id);
      expect((await decide(id, 'refuse', 'Bedrag klopt niet')).status).toBe('applied');
      const before = receiver.received.length;
      receiver.answers.push(500, 503);
      const start = clock;
      expect(await deliverDue(db(), { now, random: () => 0 })).toEqual({ delivered: 0, retried: 1, failed: 0 });
      const row = async () => (await db().selectFrom('webhook_deliveries' as never).selectAll().where('request_id' as never, '=', id as never).executeTakeFirstOrThrow()) as { attempts: number; next_attempt_at: string; last_error: string | null; delivered_at: string | null };
      expect(await row()).toMatchObject({ attempts: 1, last_error: 'HTTP 500', delivered_at: null, next_attempt_at: new Date(start.getTime() + 30_000).toISOString() });
      // Not due yet: nothing is sent.
      clock = new Date(start.getTime() + 29_000);
      expect(await deliverDue(db(), { now, random: () => 0 })).toEqual({ delivered: 0, retried: 0, failed: 0 });
      clock = new Date(start.getTime() + 30_000);
      expect(await deliverDue(db(), { now, random: () => 0 })).toEqual({ delivered: 0, retried: 1, failed: 0 });
      expect(await row()).toMatchObject({ attempts: 2, last_error: 'HTTP 503', next_attempt_at: new Date(start.getTime() + 30_000 + 60_000).toISOString() });
      clock = new Date(start.getTime() + 90_000);
      expect(await deliverDue(db(), { now, random: () => 0 })).toEqual({ delivered: 1, retried: 0, failed: 0 });
      const sent = receiver.received.slice(before);
      expect(sent).toHaveLength(3);
      expect(new Set(sent.map((h) => h.headers['pop-delivery-id'])).size).toBe(1);
      expect(sent.every((h) => verify(finance.webhookSecret, h))).toBe(true);
      expect(sent.map((h) => h.headers['pop-timestamp'])).toEqual([start, new Date(start.getTime() + 30_000), new Date(start.getTime() + 90_000)].map((d) => String(Math.floor(d.getTime() / 1000))));
      expect(JSON.parse(sent[2]!.body)).toMatchObject({ event: 'request.refused', request: { status: 'refused' } });
      expect(await row()).toMatchObject({ attempts: 3, last_error: null });
      clock = new Date();
    });

    it('gives up after 16 attempts spread over more than 24 hours', async () => {
      const res = await call('POST', '/api/v1/requests', finance.apiKey, invoice({ title: 'Factuur 2026/0458', reference: null }), 'inv-2026-0458');
      const id = String(res.body.id);
      expect((await decide(id, 'approve')).status).toBe('applied');
      const start = clock;
      receiver.answers.push(...Array.from({ length: MAX_ATTEMPTS }, () => 500));
      let passes = 0;
      for (let i = 0; i < MAX_ATTEMPTS; i++) {
        const d = (await db().selectFrom('webhook_deliveries' as never).select('next_attempt_at' as never).where('request_id' as never, '=', id as never).executeTakeFirstOrThrow()) as { next_attempt_at: string };
        clock = new Date(d.next_attempt_at);
        const pass = await deliverDue(db(), { now });
        passes += pass.retried + pass.failed;
      }
      expect(passes).toBe(MAX_ATTEMPTS);
      const final = (await db().selectFrom('webhook_deliveries' as never).selectAll().where('request_id' as never, '=', id as never).executeTakeFirstOrThrow()) as { attempts: number; failed_at: string | null; last_error: string };
      expect(final.attempts).toBe(MAX_ATTEMPTS);
      expect(final.failed_at).not.toBeNull();
      expect(Date.parse(final.failed_at!) - start.getTime()).toBeGreaterThan(24 * 3600_000);
      expect(final.last_error).toBe('HTTP 500');
      clock = new Date();
    });

    it('accepts an OAuth client-credentials token of the municipality identity provider, and refuses a badly signed one', async () => {
      const token = await provider.clientCredentialsToken(FINANCE_CLIENT.clientId, FINANCE_CLIENT.secret);
      const res = await call('POST', '/api/v1/requests', token, invoice({ type: 'training', title: 'Opleiding Excel', amountCents: null, link: 'https://hr.poperinge.be/opleidingen/77', decider: { id: requester.managerId } }), 'hr-training-77');
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toMatchObject({ type: 'training', steps: [{ approverName: 'Céline Vanneste' }] });

      const before = await counts();
      const claims = { client_id: FINANCE_CLIENT.clientId, aud: API_AUDIENCE, iss: provider.issuer, sub: FINANCE_CLIENT.clientId };
      const cases: Array<[string, string, RegExp]> = [
        ['signed by another key', await stranger.sign(claims), /not signed by the identity provider/],
        ['tampered', token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA'), /not signed|not valid/],
        ['wrong audience', await provider.sign({ ...claims, aud: 'api://other' }), /claim "aud"/],
        ['expired', await provider.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 3600 }), /expired/],
        ['unknown client', await provider.sign({ ...claims, client_id: 'someone-else' }), /No service account for this client/],
        ['an API key that is not one', `popsk.${finance.account.id}.${'A'.repeat(43)}`, /Unknown or revoked API key/],
        ['no credential', '', /Send a service account credential/],
      ];
      for (const [what, credential, message] of cases) {
        const bad = await call('POST', '/api/v1/requests', credential || null, invoice({ title: what }), `bad-${what.replace(/\W/g, '-')}`);
        expect(bad.status, what).toBe(401);
        expect(bad.body, what).toMatchObject({ error: 'unauthenticated', message: expect.stringMatching(message) });
      }
      expect(await counts()).toEqual(before);
    });

    it('refuses bad input with a clear error and stores nothing', async () => {
      const ieperEmail = (await db().selectFrom('people').select('email').where('municipality_id', '=', 'ieper').executeTakeFirstOrThrow()).email;
      const before = await counts();
      const used = await call('POST', '/api/v1/requests', finance.apiKey, invoice({ title: 'Factuur 2026/0460' }), 'inv-2026-0460');
      expect(used.status).toBe(201);
      const after = await counts();
      const cases: Array<[string, unknown, string | undefined, number, string, RegExp]> = [
        ['replayed key, other body', invoice({ title: 'Factuur 2026/0460', amountCents: 999 }), 'inv-2026-0460', 422, 'idempotency_key_reused', /already used for a different request/],
        ['type not allowed', invoice({ type: 'leave' }), 'k-type-leave', 403, 'type_not_allowed', /may not submit requests of type "leave"/],
        ['http link', invoice({ link: 'http://finance.poperinge.be/f/1' }), 'k-http-link', 400, 'invalid_input', /link: must be an https:\/\/ URL/],
        ['unknown requester', invoice({ requester: { email: 'niemand@poperinge.be' } }), 'k-nobody', 422, 'unknown_requester', /No single person with this e-mail address in municipality poperinge/],
        ['requester of another municipality', invoice({ requester: { email: ieperEmail } }), 'key-ieper', 422, 'unknown_requester', /poperinge/],
        ['unknown decider', invoice({ decider: { id: 'nobody-here' } }), 'k-decider', 422, 'unknown_decider', /to decide/],
        ['no idempotency key', invoice(), undefined, 400, 'invalid_input', /Idempotency-Key/],
        ['unknown field', invoice({ approve: true }), 'key-extra', 400, 'invalid_input', /approve/],
      ];
      for (const [what, body, key, status, code, message] of cases) {
        const res = await call('POST', '/api/v1/requests', finance.apiKey, body, key);
        expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(status);
        expect(res.body, what).toMatchObject({ error: code, message: expect.stringMatching(message) });
      }
      expect(await counts()).toEqual(after);
      expect(after.requests).toBe(before.requests + 1);
      // A requester nobody can decide for (the top of the hierarchy): 422 "no one can decide".
      const top = await db().selectFrom('people').select('id').where('municipality_id', '=', 'poperinge').where('manager_id', 'is', null).executeTakeFirstOrThrow();
      const none = await call('POST', '/api/v1/requests', finance.apiKey, invoice({ requester: { id: top.id } }), 'key-top-of-hierarchy');
      expect(none).toMatchObject({ status: 422, body: { error: 'no_decider' } });
      expect(await counts()).toEqual(after);
    });

    it('resolves the requester by the directory source id', async () => {
      const src = await db().selectFrom('import_person_sources' as never).select(['source_id', 'source'] as never).where('person_id' as never, '=', requester.id as never).executeTakeFirstOrThrow() as { source_id: string; source: string };
      const res = await call('POST', '/api/v1/requests', finance.apiKey, invoice({ requester: { sourceId: src.source_id, source: src.source }, title: 'Factuur 2026/0461' }), 'inv-2026-0461');
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ requester: { id: requester.id } });
    });

    it('logs every call without personal data', async () => {
      const calls = (await db().selectFrom('service_api_calls' as never).selectAll().execute()) as Array<Record<string, unknown>>;
      expect(calls.length).toBeGreaterThan(10);
      expect(calls.some((c) => c.account_id === finance.account.id && c.route === '/api/v1/requests' && c.status === 201 && typeof c.request_id === 'string')).toBe(true);
      expect(calls.some((c) => c.account_id === null && c.status === 401 && c.error === 'unauthenticated')).toBe(true);
      expect(calls.some((c) => c.status === 422 && c.error === 'unknown_requester')).toBe(true);
      const text = JSON.stringify(calls);
      expect(text).not.toContain(requester.email);
      expect(text).not.toContain('Factuur');
      expect(text).not.toContain(finance.apiKey!);
    });

    it('manages accounts from the admin command line: key shown once, revoke, rotate the webhook secret', async () => {
      const out: string[] = [];
      const err: string[] = [];
      const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
      const env = { databaseUrl: store.url, now };
      const dataDir = store.options.file ? ['--data-dir', dirname(store.options.file)] : [];
      expect(await runAdmin(['service-accounts', 'add', 'document-system', '--municipality', 'poperinge', '--types', 'document,invoice', '--api-key', '--webhook-url', receiver.url, '--json', ...dataDir], io, env)).toBe(0);
      const created = JSON.parse(out.pop()!) as { apiKey: string; webhookSecret: string; account: { id: string } };
      expect(created.apiKey).toMatch(/^popsk\.sa-[0-9a-f]{12}\.[A-Za-z0-9_-]{43}$/);
      expect(created.webhookSecret).toMatch(/^whsec_/);
      const stored = JSON.stringify(await db().selectFrom('service_accounts' as never).selectAll().execute());
      expect(stored).not.toContain(created.apiKey);
      const ok = await call('POST', '/api/v1/requests', created.apiKey, invoice({ type: 'document', title: 'Te ondertekenen: overeenkomst' }), 'doc-0001');
      expect(ok.status).toBe(201);

      expect(await runAdmin(['service-accounts', 'list', '--municipality', 'poperinge', ...dataDir], io, env)).toBe(0);
      expect(out.join('\n')).toContain('document-system');
      expect(out.join('\n')).not.toContain(created.apiKey);
      expect(await runAdmin(['service-accounts', 'add', 'x', '--municipality', 'poperinge', '--types', 'bogus', '--api-key', ...dataDir], io, env)).toBe(2);
      expect(await runAdmin(['service-accounts', 'add', 'document-system', '--municipality', 'poperinge', '--types', 'document', '--api-key', ...dataDir], io, env)).toBe(1);
      expect(err.at(-1)).toMatch(/exists already/);

      // rotate-secret: the next webhook is signed with the new secret only.
      expect(await runAdmin(['service-accounts', 'rotate-secret', 'document-system', '--municipality', 'poperinge', '--json', ...dataDir], io, env)).toBe(0);
      const rotated = JSON.parse(out.pop()!) as { apiKey: string | null; webhookSecret: string };
      expect(rotated.apiKey).toBeNull();
      expect(rotated.webhookSecret).not.toBe(created.webhookSecret);
      expect((await decide(String(ok.body.id), 'sendBack', 'Graag de bijlage toevoegen')).status).toBe('applied');
      const n = receiver.received.length;
      expect((await deliverDue(db(), { now })).delivered).toBe(1);
      const hook = receiver.received[n]!;
      expect(JSON.parse(hook.body)).toMatchObject({ event: 'request.sent_back' });
      expect(verify(rotated.webhookSecret, hook)).toBe(true);
      expect(verify(created.webhookSecret, hook)).toBe(false);

      expect(await runAdmin(['service-accounts', 'revoke', 'document-system', '--municipality', 'poperinge', ...dataDir], io, env)).toBe(0);
      const refused = await call('POST', '/api/v1/requests', created.apiKey, invoice({ type: 'document', title: 'Nog een' }), 'doc-0002');
      expect(refused).toMatchObject({ status: 401, body: { error: 'unauthenticated' } });
      expect(await runAdmin(['service-accounts', 'revoke', 'nope', '--municipality', 'poperinge', ...dataDir], io, env)).toBe(1);
    });

    it('drops the webhooks of a revoked account', async () => {
      const temp = await createAccount(db(), { municipalityId: 'poperinge', name: 'temp-invoices', types: ['invoice'], auth: 'api_key', webhookUrl: receiver.url }, clock);
      const res = await call('POST', '/api/v1/requests', temp.apiKey, invoice({ title: 'Factuur 2026/0470' }), 'inv-2026-0470');
      expect((await decide(String(res.body.id), 'approve')).status).toBe('applied');
      await revokeAccount(db(), 'poperinge', 'temp-invoices', clock);
      const n = receiver.received.length;
      expect(await deliverDue(db(), { now })).toEqual({ delivered: 0, retried: 0, failed: 0 });
      expect(receiver.received.length).toBe(n);
      const row = (await db().selectFrom('webhook_deliveries' as never).selectAll().where('request_id' as never, '=', res.body.id as never).executeTakeFirstOrThrow()) as { last_error: string; failed_at: string | null };
      expect(row).toMatchObject({ last_error: 'account revoked' });
      expect(row.failed_at).not.toBeNull();
    });

    it('documents the service API in the OpenAPI document', async () => {
      const doc = (await (await fetch(`${t.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, { security?: unknown; parameters?: Array<{ name: string }> }>>; components: { securitySchemes: Record<string, unknown> } };
      const post = doc.paths['/api/v1/requests']!.post!;
      expect(post.security).toEqual([{ serviceAccount: [] }]);
      expect(post.parameters!.map((p) => p.name)).toEqual(['Idempotency-Key']);
      expect(doc.paths['/api/v1/requests/{id}']!.get).toBeDefined();
      expect(doc.components.securitySchemes.serviceAccount).toBeDefined();
    });
  });
}
