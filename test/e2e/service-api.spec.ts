/**
 * The service API as another system would use it (issue 10), in Chromium against the real backend:
 * IT creates a service account with the admin command line on the backend's own database (the API
 * key and webhook secret are printed once); the example client docs/examples/submit-request.mjs runs
 * as a real child process and submits an invoice approval for Wouter Coene (`admin`); his manager
 * Céline Vanneste (`demo`) signs in, finds it in Goedkeuringen and approves it; the backend's
 * webhook worker then POSTs the signed outcome to a receiver in this test, which verifies it exactly
 * as docs/service-api.md tells receivers to and hands it on to the example client's own receiver,
 * so the script ends with "decided … (now approved)".
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { createInterface } from 'node:readline';
import type { Page } from '@playwright/test';
import { expect, openApp, test, type Stack } from './fixtures.js';

/** What submit-request.mjs submits. */
const INVOICE = { title: 'Factuur 2026/0456 Drukkerij Vanhaecke', amount: '€ 1.234,50', reference: 'F2026/0456' };

/** docs/service-api.md, "Webhooks": the receiver's check, verbatim. */
function verifyWebhook(secret: string, rawBody: string, timestampHeader: unknown, signatureHeader: unknown, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  const timestamp = Number(timestampHeader);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > 300) return false;
  const expected = Buffer.from(`v1=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`);
  const given = Buffer.from(String(signatureHeader ?? ''));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

type Delivery = { deliveryId: string; event: string; verified: boolean; body: { event?: string; request?: { id: string; status: string; reference: string | null; link: string } } | null; relayed: number | null };

/** A webhook receiver on 127.0.0.1: verifies, keeps what came, relays verified deliveries to `relayTo`. */
async function startReceiver(secret: () => string, relayTo: () => string | null): Promise<{ server: Server; url: string; deliveries: Delivery[] }> {
  const deliveries: Delivery[] = [];
  const server = createHttpServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const verified = req.method === 'POST' && verifyWebhook(secret(), raw, req.headers['pop-timestamp'], req.headers['pop-signature']);
    let body: Delivery['body'] = null;
    try {
      body = JSON.parse(raw) as Delivery['body'];
    } catch {
      /* not JSON: kept as unverified */
    }
    const delivery: Delivery = { deliveryId: String(req.headers['pop-delivery-id'] ?? ''), event: String(req.headers['pop-event'] ?? ''), verified, body, relayed: null };
    deliveries.push(delivery);
    if (!verified) return res.writeHead(401).end();
    const target = relayTo();
    if (target) {
      const relayed = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...Object.fromEntries(['pop-delivery-id', 'pop-event', 'pop-timestamp', 'pop-signature'].map((h) => [h, String(req.headers[h])])) },
        body: raw,
      }).catch(() => null);
      delivery.relayed = relayed?.status ?? 0;
    }
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/pop-webhook`, deliveries };
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** docs/examples/submit-request.mjs as a child process; `line(re)` waits for a line of its output. */
function runExample(env: Record<string, string>): { child: ChildProcess; lines: string[]; exited: Promise<number | null>; line(re: RegExp): Promise<string> } {
  const child = spawn(process.execPath, ['docs/examples/submit-request.mjs'], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  createInterface({ input: child.stdout! }).on('line', (l) => lines.push(l));
  const line = async (re: RegExp) => {
    await expect
      .poll(() => lines.find((l) => re.test(l)) ?? (child.exitCode !== null ? `exited ${child.exitCode}: ${lines.join(' | ')} ${stderr}` : undefined), { message: `submit-request.mjs prints ${re}`, timeout: 30_000 })
      .toMatch(re);
    return lines.find((l) => re.test(l))!;
  };
  return { child, lines, exited, line };
}

async function signInAs(page: Page, stack: Stack, username: string): Promise<void> {
  await page.getByRole('button', { name: 'Afmelden' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Aanmelden' })).toBeVisible();
  await openApp(page, stack.harness, username);
  await stack.harness.waitForSync();
}

test('another system submits an invoice approval with the example client, the manager approves it, the signed webhook arrives', async ({ app: page, stack, axe, shot }) => {
  test.setTimeout(180_000);

  // The requester: Wouter Coene (`admin`), whose manager is Céline Vanneste (`demo`).
  const found = await stack.harness.call('directory.search', { query: 'Wouter Coene' });
  const requester = found.items.find((p) => p.firstName === 'Wouter' && p.lastName === 'Coene')!;
  expect(requester, 'Wouter Coene in the directory').toBeTruthy();
  expect((await stack.harness.call('directory.person', { id: requester.id }))?.manager).toMatchObject({ firstName: 'Céline', lastName: 'Vanneste' });

  let webhookSecret = '';
  let exampleReceiver: string | null = null;
  const receiver = await startReceiver(
    () => webhookSecret,
    () => exampleReceiver,
  );
  let example: ReturnType<typeof runExample> | null = null;
  try {
    // IT: a service account on the backend's own database; the key and the secret are printed once.
    const name = `finance-invoices-${randomBytes(3).toString('hex')}`;
    const added = await stack.backend.admin(['service-accounts', 'add', name, '--municipality', 'poperinge', '--types', 'invoice', '--api-key', '--webhook-url', receiver.url]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stderr).toContain('Shown once');
    const apiKey = /^API key:\s+(\S+)$/m.exec(added.stdout)?.[1];
    const secret = /^Webhook secret:\s+(\S+)$/m.exec(added.stdout)?.[1];
    expect(apiKey, added.stdout).toBeTruthy();
    expect(secret, added.stdout).toBeTruthy();
    webhookSecret = secret!;

    // The receiver refuses what is not signed with the secret, or signed too long ago.
    const now = Math.floor(Date.now() / 1000);
    const forgedBody = JSON.stringify({ event: 'request.approved', request: { id: 'apr-svc-forged', status: 'approved' } });
    const forged = await fetch(receiver.url, { method: 'POST', headers: { 'pop-timestamp': String(now), 'pop-signature': `v1=${'0'.repeat(64)}`, 'pop-delivery-id': 'forged' }, body: forgedBody });
    expect(forged.status).toBe(401);
    const staleSignature = `v1=${createHmac('sha256', webhookSecret).update(`${now - 600}.${forgedBody}`).digest('hex')}`;
    const stale = await fetch(receiver.url, { method: 'POST', headers: { 'pop-timestamp': String(now - 600), 'pop-signature': staleSignature, 'pop-delivery-id': 'stale' }, body: forgedBody });
    expect(stale.status).toBe(401);

    // The other system: the example client submits the invoice and waits for the decision.
    const examplePort = await freePort();
    exampleReceiver = `http://127.0.0.1:${examplePort}/`;
    example = runExample({ POP_URL: stack.backend.url, POP_API_KEY: apiKey!, POP_WEBHOOK_SECRET: webhookSecret, WEBHOOK_PORT: String(examplePort), REQUESTER_EMAIL: requester.email, WAIT_SECONDS: '150' });
    const submitted = await example.line(/^submitted /);
    const id = /^submitted (\S+):/.exec(submitted)![1]!;
    expect(submitted).toBe(`submitted ${id}: status open, waiting for Céline Vanneste`);

    // The manager finds it under Goedkeuringen and approves it.
    await signInAs(page, stack, 'demo');
    await page.getByRole('navigation').getByRole('link', { name: /Goedkeuringen/ }).click();
    await page.getByTestId('box-inbox').click();
    await page.getByTestId('approvals-list').getByRole('link', { name: INVOICE.title }).click();
    await expect(page.getByRole('heading', { level: 1, name: INVOICE.title })).toBeVisible();
    const details = page.locator('dl.details');
    await expect(details).toContainText('Factuur');
    await expect(details).toContainText('Wouter Coene');
    await expect(details).toContainText(INVOICE.amount);
    // The request carries the link back to the invoice in the finance package, and says which system sent it.
    expect(await stack.harness.call('approvals.get', { id })).toMatchObject({ link: 'https://finance.example.be/invoices/2026-0456', source: { accountName: name, reference: INVOICE.reference } });
    await expect(page.getByTestId('approval-source')).toHaveText(`${name} · ${INVOICE.reference}`);
    await expect(page.getByTestId('approval-link')).toHaveAttribute('href', 'https://finance.example.be/invoices/2026-0456');
    await axe('invoice from another system');
    await shot('service-invoice');
    await page.getByRole('button', { name: 'Goedkeuren' }).click();
    const dialog = page.getByRole('dialog', { name: 'Aanvraag goedkeuren?' });
    await dialog.getByRole('button', { name: 'Goedkeuren' }).click();
    await expect(page.getByTestId('decision-status')).toHaveAttribute('data-status', 'applied', { timeout: 30_000 });
    await axe('invoice approved');

    // The webhook worker announces it: signed, approved, for this request (its passes are 5 s apart).
    // Found once the receiver has also relayed it to the example client (it records the delivery first).
    const relayedInvoice = () => receiver.deliveries.find((d) => d.verified && d.body?.request?.id === id && d.relayed !== null);
    await expect
      .poll(relayedInvoice, { message: 'a signed webhook for the invoice, relayed', timeout: 30_000 })
      .toBeTruthy();
    const delivery = relayedInvoice()!;
    expect(delivery).toMatchObject({ event: 'request.approved', body: { event: 'request.approved', request: { id, status: 'approved', reference: INVOICE.reference } }, relayed: 204 });
    expect(delivery.deliveryId).not.toBe('');

    // The example client got it too, verified it, and read the state back.
    expect(await example.exited).toBe(0);
    expect(example.lines).toContain(`webhook request.approved for ${id}: status approved (signature ok)`);
    expect(example.lines.at(-1)).toBe(`decided ${id}: request.approved (now approved)`);
  } finally {
    example?.child.kill();
    await new Promise<void>((resolve) => {
      receiver.server.close(() => resolve());
      receiver.server.closeAllConnections();
    });
  }
});
