/**
 * The example clients of docs/service-api.md run for real against a real backend (SQLite and
 * PostgreSQL): the Node script submits an invoice approval, refuses a forged webhook, and receives
 * the signed webhook once the manager decided; the curl script submits and reads back.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverFeatures } from '../../src/server/features/index.js';
import { createAccount, type CreatedAccount } from '../../src/server/features/service-api/accounts.js';
import { createServiceApiFeature } from '../../src/server/features/service-api/index.js';
import { deliverDue } from '../../src/server/features/service-api/webhooks.js';
import { PushResponse } from '../../src/shared/sync/protocol.js';
import { api, KINDS, skipKind, startServer, type TestServer } from './helpers.js';

const features = [...serverFeatures.filter((f) => f.name !== 'service-api'), createServiceApiFeature({ worker: false })];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

for (const kind of KINDS) {
  describe.skipIf(skipKind(kind))(`docs/examples against a real server (${kind})`, () => {
    let t: TestServer;
    let account: CreatedAccount;
    let port: number;
    let demoToken: string;
    let requesterEmail: string;
    const now = () => new Date();

    beforeAll(async () => {
      t = await startServer(kind, { features, seed: { size: 120, today: '2026-11-28' } });
      const login = await api(t.url).login('demo');
      demoToken = login.token;
      requesterEmail = (await t.server.db.kysely.selectFrom('people').select('email').where('manager_id', '=', login.user.personId!).orderBy('id').executeTakeFirstOrThrow()).email;
      port = await freePort();
      account = await createAccount(t.server.db.kysely, { municipalityId: 'poperinge', name: 'finance-invoices', types: ['invoice'], auth: 'api_key', webhookUrl: `http://127.0.0.1:${port}/pop-webhook` }, now());
    });
    afterAll(async () => {
      await t?.stop();
    });

    it('submit-request.mjs submits an invoice approval and receives the signed webhook when it is decided', async () => {
      const child = spawn(process.execPath, ['docs/examples/submit-request.mjs'], {
        env: { PATH: process.env.PATH ?? '', POP_URL: t.url, POP_API_KEY: account.apiKey!, POP_WEBHOOK_SECRET: account.webhookSecret, WEBHOOK_PORT: String(port), REQUESTER_EMAIL: requesterEmail, WAIT_SECONDS: '120' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const lines: string[] = [];
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += String(d)));
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      const waiters: Array<{ re: RegExp; resolve(line: string): void }> = [];
      createInterface({ input: child.stdout }).on('line', (line) => {
        lines.push(line);
        for (const w of [...waiters]) {
          if (!w.re.test(line)) continue;
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      });
      const lineMatching = (re: RegExp) => new Promise<string>((resolve, reject) => {
        const found = lines.find((l) => re.test(l));
        if (found) return resolve(found);
        waiters.push({ re, resolve });
        void exited.then((code) => reject(new Error(`script exited (${code}) before "${re}": ${lines.join(' | ')} ${stderr}`)));
      });
      try {
        const submitted = await lineMatching(/^submitted /);
        const id = /^submitted (\S+):/.exec(submitted)![1]!;
        expect(submitted).toContain('status open, waiting for Céline Vanneste');

        // A forged webhook (wrong secret) is refused by the script's receiver.
        const forged = await fetch(`http://127.0.0.1:${port}/pop-webhook`, {
          method: 'POST',
          headers: { 'pop-timestamp': String(Math.floor(Date.now() / 1000)), 'pop-signature': 'v1=' + '0'.repeat(64), 'pop-delivery-id': 'forged' },
          body: JSON.stringify({ event: 'request.approved', request: { id, status: 'approved' } }),
        });
        expect(forged.status).toBe(401);

        const push = await api(t.url).post(
          '/api/v1/sync/push',
          { clientId: 'c6d1f3e2-0000-4000-8000-0000000000d0', commands: [{ seq: 1, type: 'approvals.decide', payload: { requestId: id, stepPosition: 1, version: 1, decision: 'approve', comment: '' }, createdAt: new Date().toISOString() }] },
          demoToken,
        );
        expect(PushResponse.parse(push.body).results[0]).toMatchObject({ status: 'applied' });
        expect(await deliverDue(t.server.db.kysely, { now })).toMatchObject({ delivered: 1 });
        expect(await exited).toBe(0);
        expect(lines).toContain(`webhook request.approved for ${id}: status approved (signature ok)`);
        expect(lines).toContain('webhook refused: bad signature or stale timestamp');
        expect(lines.at(-1)).toBe(`decided ${id}: request.approved (now approved)`);
      } finally {
        child.kill();
      }
    });

    it('submit-request.sh (curl) submits, and the same Idempotency-Key gives the same request', async () => {
      const run = () =>
        new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
          const child = spawn('sh', ['docs/examples/submit-request.sh'], {
            env: { PATH: process.env.PATH ?? '', POP_URL: t.url, POP_API_KEY: account.apiKey!, REQUESTER_EMAIL: requesterEmail, IDEMPOTENCY_KEY: `curl-${kind}-0001` },
          });
          let out = '';
          let err = '';
          child.stdout.on('data', (d) => (out += String(d)));
          child.stderr.on('data', (d) => (err += String(d)));
          child.on('exit', (code) => resolve({ code, out, err }));
        });
      const first = await run();
      expect(first.code, first.err).toBe(0);
      const [created, read] = first.out.trim().split('\n').map((l) => JSON.parse(l) as { id: string; status: string; link: string });
      expect(created).toMatchObject({ status: 'open', link: 'https://finance.example.be/invoices/2026-0456' });
      expect(read!.id).toBe(created!.id);
      const second = await run();
      expect(second.code, second.err).toBe(0);
      expect((JSON.parse(second.out.trim().split('\n')[0]!) as { id: string }).id).toBe(created!.id);
    });
  });
}
