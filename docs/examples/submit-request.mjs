#!/usr/bin/env node
// Example client of the Pop Index service API (docs/service-api.md): Node 18+, no dependencies.
//
// It listens for webhooks, submits an invoice for approval, and waits until Pop Index announces
// the decision with a signed webhook (verified here: HMAC-SHA256, timestamp within 5 minutes,
// repeats dropped by delivery id). Configure with environment variables:
//
//   POP_URL              the backend, e.g. https://pop-index.westhoek.be
//   POP_API_KEY          the service account's API key (popsk....), or an OAuth access token
//   POP_WEBHOOK_SECRET   the account's webhook secret (whsec_...)
//   WEBHOOK_PORT         port of the webhook receiver on 127.0.0.1 (default 8787; the account's
//                        webhook URL must reach it, e.g. through your reverse proxy)
//   REQUESTER_EMAIL      the staff member the invoice is for (their manager decides)
//   WAIT_SECONDS         give up waiting for the decision after this long (default 3600)
//
//   node docs/examples/submit-request.mjs
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

const { POP_URL, POP_API_KEY, POP_WEBHOOK_SECRET, REQUESTER_EMAIL } = process.env;
const WEBHOOK_PORT = Number(process.env.WEBHOOK_PORT ?? 8787);
const WAIT_SECONDS = Number(process.env.WAIT_SECONDS ?? 3600);
const TOLERANCE_SECONDS = 300;
if (!POP_URL || !POP_API_KEY || !POP_WEBHOOK_SECRET || !REQUESTER_EMAIL) {
  console.error('Set POP_URL, POP_API_KEY, POP_WEBHOOK_SECRET and REQUESTER_EMAIL');
  process.exit(2);
}

/** true when `signatureHeader` is the HMAC of "<timestamp>.<raw body>" and the timestamp is recent. */
function verifyWebhook(secret, rawBody, timestampHeader, signatureHeader, nowSeconds = Math.floor(Date.now() / 1000)) {
  const timestamp = Number(timestampHeader);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(`v1=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`);
  const given = Buffer.from(String(signatureHeader ?? ''));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const seen = new Set(); // delivery ids already handled (keep them in your database in real life)
let waitingFor = null;
let done;
const decided = new Promise((resolve) => (done = resolve));

const receiver = createServer(async (req, res) => {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  if (req.method !== 'POST' || !verifyWebhook(POP_WEBHOOK_SECRET, raw, req.headers['pop-timestamp'], req.headers['pop-signature'])) {
    console.log('webhook refused: bad signature or stale timestamp');
    return res.writeHead(401).end();
  }
  const deliveryId = req.headers['pop-delivery-id'];
  res.writeHead(204).end(); // answer fast; a non-2xx answer makes Pop Index retry later
  if (seen.has(deliveryId)) return console.log(`webhook ${deliveryId} repeated: dropped`);
  seen.add(deliveryId);
  const hook = JSON.parse(raw);
  console.log(`webhook ${hook.event} for ${hook.request.id}: status ${hook.request.status} (signature ok)`);
  if (hook.request.id === waitingFor) done(hook);
});
await new Promise((resolve) => receiver.listen(WEBHOOK_PORT, '127.0.0.1', resolve));
console.log(`listening for webhooks on 127.0.0.1:${WEBHOOK_PORT}`);

// The key makes the submission safe to retry: sending it again returns the same request.
const idempotencyKey = randomUUID();
const submit = () =>
  fetch(`${POP_URL}/api/v1/requests`, {
    method: 'POST',
    headers: { authorization: `Bearer ${POP_API_KEY}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
    body: JSON.stringify({
      type: 'invoice',
      title: 'Factuur 2026/0456 Drukkerij Vanhaecke',
      requester: { email: REQUESTER_EMAIL },
      amountCents: 123450,
      dueDate: '2026-12-15',
      link: 'https://finance.example.be/invoices/2026-0456',
      reference: 'F2026/0456',
    }),
  });
let res;
for (let attempt = 1; ; attempt++) {
  try {
    res = await submit();
    if (res.status < 500 || attempt === 5) break;
  } catch (err) {
    if (attempt === 5) throw err;
  }
  await new Promise((r) => setTimeout(r, 1000 * 2 ** attempt)); // network trouble: the same key is safe to send again
}
const body = await res.json();
if (res.status !== 201 && res.status !== 200) {
  console.error(`refused: HTTP ${res.status} ${body.error}: ${body.message}`);
  receiver.close();
  process.exit(1);
}
waitingFor = body.id;
console.log(`submitted ${body.id}: status ${body.status}, waiting for ${body.steps[0]?.approverName ?? 'a decision'}`);

const timer = setTimeout(() => {
  console.error('no decision yet; ask again later with GET /api/v1/requests/' + body.id);
  process.exit(3);
}, WAIT_SECONDS * 1000);
const hook = await decided;
clearTimeout(timer);

// The webhook is a notification; the current state can always be read back.
const check = await fetch(`${POP_URL}/api/v1/requests/${body.id}`, { headers: { authorization: `Bearer ${POP_API_KEY}` } });
const current = await check.json();
console.log(`decided ${current.id}: ${hook.event} (now ${current.status})`);
receiver.close();
