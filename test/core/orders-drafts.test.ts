/**
 * Drafts of purchase orders through the real desktop core and a real backend: a draft made and
 * edited while the backend is down waits in the outbox (no number yet), keeps what was typed, and
 * gets its BB-number when the backend is back; budget keys and supplier suggestions come from the
 * cache; a refused save keeps the typed content next to the server's message; submit goes to the
 * financial director; attachments go to the backend online (bad type / too large refused).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type PopServer } from '../../src/server/app.js';
import { createCore, createMemorySecretStore, type Core } from '../../src/main/core/index.js';
import { dispatch } from '../../src/main/core/dispatch.js';
import type { OrderDraft } from '../../src/shared/domain/orders.js';
import { openCache } from '../../src/main/core/cache/db.js';
import { migrateCache } from '../../src/main/core/cache/migrate.js';
import { coreMigrations } from '../../src/main/core/cache/core-migrations.js';
import { allFeatures, tempDir } from './helpers.js';

const all = [{ name: 'core', migrations: coreMigrations }, ...allFeatures];

const tmp = tempDir('pop-orders-core-');
const serverFile = join(tmp.dir, 'server.sqlite');
let server: PopServer;
let port = 0;
let core: Core;

async function startServer(): Promise<string> {
  server = await createServer({ file: serverFile, databaseUrl: null, seed: { size: 120 }, oidc: null, updatesDir: null });
  const url = await server.listen(port, '127.0.0.1');
  port = Number(new URL(url).port);
  return url;
}

const DRAFT: OrderDraft = {
  description: 'Laptops voor de nieuwe medewerkers',
  category: 'supplies',
  supplier: { name: 'Computerhuis Poperinge bv', address: 'Ieperstraat 10, 8970 Poperinge', enterpriseNumber: '0123456749' },
  lines: [
    { description: 'Laptop 14 inch', quantity: 20, unitPriceCents: 145000, vatRate: 21 },
    { description: 'Handleiding', quantity: 10, unitPriceCents: 2500, vatRate: 6 },
    { description: 'Installatie op locatie', quantity: 1, unitPriceCents: 120000, vatRate: 12 },
  ],
  budgetKey: { action: 'AP2.1.1', policyItem: '0119', generalAccount: '2420000' },
  deliveryAddress: 'Stadhuis, Grote Markt 1, 8970 Poperinge',
};

beforeAll(async () => {
  const url = await startServer();
  core = createCore({ dataDir: join(tmp.dir, 'desktop'), backend: { url }, secretStore: createMemorySecretStore(), live: false, pollMs: 3_600_000 });
  await core.start();
  await core.handlers['session.signIn']({ username: 'demo', password: 'demo' });
  expect((await core.handlers['sync.now']({})).ready).toBe(true);
}, 120_000);
afterAll(async () => {
  await core?.stop();
  await server?.close();
  tmp.cleanup();
});

describe('order drafts in the core', () => {
  let id = '';

  it('offers the published budget keys and suppliers of the orders I can see', async () => {
    const keys = await core.handlers['orders.budgetKeys']({});
    expect(keys).toHaveLength(6);
    expect(keys.map((k) => k.label)).toContain('ICT: hardware en licenties');
    const all = await core.handlers['orders.suppliers']({ query: '', limit: 10 });
    expect(all.length).toBeGreaterThanOrEqual(3);
    const netwerk = await core.handlers['orders.suppliers']({ query: 'netw', limit: 10 });
    expect(netwerk.map((s) => s.name)).toEqual(['Netwerk & Co bv']);
    expect(netwerk[0]!.enterpriseNumber).toMatch(/^0\d{9}$/);
    const byNumber = await core.handlers['orders.suppliers']({ query: netwerk[0]!.enterpriseNumber.slice(0, 6), limit: 10 });
    expect(byNumber.map((s) => s.name)).toContain('Netwerk & Co bv');
  });

  it('offline: a new draft and an edit wait in the outbox, shown without number, with what was typed', async () => {
    await server.close();
    const view = await core.handlers['orders.saveDraft']({ draft: DRAFT });
    id = view.id;
    expect(view).toMatchObject({ number: null, status: 'ontwerp', editable: true, draftState: { status: 'pending' }, totals: { exclCents: 3_045_000, inclCents: 3_669_900 } });
    const edited = await core.handlers['orders.saveDraft']({ orderId: id, draft: { ...DRAFT, description: 'Laptops (offline gewijzigd)' } });
    expect(edited.description).toBe('Laptops (offline gewijzigd)');
    const status = await core.handlers['sync.now']({});
    expect(status.online).toBe(false);
    expect(status.pendingCommands).toBe(2);
    const mine = await core.handlers['orders.list']({ scope: 'mine', limit: 200 });
    expect(mine[0]).toMatchObject({ id, number: null, draftState: 'pending', description: 'Laptops (offline gewijzigd)' });
    // bad input never reaches the outbox
    const bad = await dispatch(core.handlers as never, 'orders.saveDraft', { draft: { ...DRAFT, lines: [{ ...DRAFT.lines[0], quantity: -1 }] } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((await core.handlers['sync.status']({})).pendingCommands).toBe(2);
    // attachments need the backend
    await expect(Promise.resolve().then(() => core.handlers['orders.attach']({ orderId: id, filename: 'a.pdf', contentBase64: Buffer.from('%PDF-1.4').toString('base64') }))).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('backend back: the draft gets its BB-number, with both edits', async () => {
    await startServer();
    const status = await core.handlers['sync.now']({});
    expect(status.online).toBe(true);
    expect(status.pendingCommands).toBe(0);
    const order = (await core.handlers['orders.get']({ id }))!;
    expect(order).toMatchObject({ number: expect.stringMatching(/^BB-\d{4}-\d{5}$/), description: 'Laptops (offline gewijzigd)', draftState: null, editable: true });
    expect(order.history.map((h) => h.status)).toEqual(['ontwerp']);
  });

  it('a refused save keeps what was typed next to the server’s message', async () => {
    const view = await core.handlers['orders.saveDraft']({ orderId: id, draft: { ...DRAFT, budgetKey: { action: 'AP9.9.9', policyItem: '0119', generalAccount: '6100000' } } });
    expect(view.draftState?.status).toBe('pending');
    await core.handlers['sync.now']({});
    const order = (await core.handlers['orders.get']({ id }))!;
    expect(order.draftState).toMatchObject({ status: 'rejected', message: expect.stringMatching(/budgetsleutel is niet \(meer\) gepubliceerd/), draft: { budgetKey: { action: 'AP9.9.9' } } });
    expect(order.budgetKey.action).toBe('AP2.1.1'); // the server's copy is unchanged
    // a saved draft cannot be thrown away (it is cancelled instead)
    await expect(Promise.resolve().then(() => core.handlers['orders.discardDraft']({ orderId: id }))).rejects.toMatchObject({ code: 'conflict' });
  });

  it('a refused new draft can be thrown away: it leaves the lists', async () => {
    const view = await core.handlers['orders.saveDraft']({ draft: { ...DRAFT, description: 'Met een ingetrokken sleutel', budgetKey: { action: 'AP9.9.9', policyItem: '0119', generalAccount: '6100000' } } });
    await core.handlers['sync.now']({});
    expect((await core.handlers['orders.get']({ id: view.id }))!).toMatchObject({ number: null, draftState: { status: 'rejected' } });
    expect((await core.handlers['orders.list']({ scope: 'mine', limit: 200 })).some((o) => o.id === view.id)).toBe(true);
    expect(await core.handlers['orders.discardDraft']({ orderId: view.id })).toEqual({ ok: true });
    expect(await core.handlers['orders.get']({ id: view.id })).toBeNull();
    expect((await core.handlers['orders.list']({ scope: 'mine', limit: 200 })).some((o) => o.id === view.id)).toBe(false);
  });

  it('attaches a PDF online, refuses a wrong type, and downloads it again', async () => {
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    const meta = await core.handlers['orders.attach']({ orderId: id, filename: 'offerte.pdf', contentBase64: pdf.toString('base64') });
    expect(meta).toMatchObject({ filename: 'offerte.pdf', mimeType: 'application/pdf' });
    await expect(Promise.resolve().then(() => core.handlers['orders.attach']({ orderId: id, filename: 'x.pdf', contentBase64: Buffer.from('GIF89a').toString('base64') }))).rejects.toMatchObject({ code: 'invalid_input' });
    await core.handlers['sync.now']({});
    expect((await core.handlers['orders.get']({ id }))!.attachments.map((a) => a.filename)).toEqual(['offerte.pdf']);
    const content = await core.handlers['orders.attachment']({ orderId: id, attachmentId: meta.id });
    expect(Buffer.from(content.contentBase64, 'base64').equals(pdf)).toBe(true);
  });

  it('submits: above the threshold it goes to the financial director', async () => {
    const act = await core.handlers['orders.act']({ orderId: id, action: 'submit', comment: '' });
    expect(act.status).toBe('pending');
    await core.handlers['sync.now']({});
    const order = (await core.handlers['orders.get']({ id }))!;
    expect(order).toMatchObject({ status: 'goedgekeurd_diensthoofd', editable: false, myAction: { status: 'applied' } });
    expect(order.approvalId).not.toBeNull();
    await expect(Promise.resolve().then(() => core.handlers['orders.saveDraft']({ orderId: id, draft: DRAFT }))).rejects.toMatchObject({ code: 'conflict' });
    // finance's queue is for finance only
    await expect(Promise.resolve().then(() => core.handlers['orders.financeQueue']({}))).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('orders cache migration 3 (budget keys)', () => {
  it('keeps the cached orders of v2 and adds order_budget_keys', () => {
    const db = openCache(join(tmp.dir, 'cache-v2.sqlite'));
    migrateCache(db, all, { targets: { orders: 2 } });
    db.prepare("INSERT INTO purchase_orders (id, status, requester_id, department_id, updated_at, data) VALUES ('o1', 'ontwerp', 'p1', 'd1', 'now', '{}')").run();
    migrateCache(db, all);
    expect(db.prepare('SELECT id FROM purchase_orders').all()).toEqual([{ id: 'o1' }]);
    db.prepare("INSERT INTO order_budget_keys (id, active, label, data) VALUES ('k', 1, 'x', '{}')").run();
    expect(db.prepare('SELECT count(*) AS n FROM order_budget_keys').get()).toEqual({ n: 1 });
    db.close();
  });
});
