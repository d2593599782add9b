/**
 * New purchase orders made in the app, on a real backend over HTTP, on SQLite and PostgreSQL:
 * a head of department drafts a bestelbon (the server gives the BB-number), edits it, submits it;
 * above the threshold it reaches the financial director and comes back approved. Stale and foreign
 * edits, bad input (enterprise number, VAT rate, negative quantity, unpublished budget key) and bad
 * attachments (too large, wrong type) are refused with a clear message and store nothing. Budget
 * keys come from `npm run admin -- budget-keys import`. Plus the migration (N-1 -> N).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdmin } from '../../src/server/admin/cli.js';
import { allMigrations, migrateTo } from '../../src/server/db/migrator.js';
import { openDatabase } from '../../src/server/db/open.js';
import { serverFeatures } from '../../src/server/features/index.js';
import type { ApprovalRequest } from '../../src/shared/domain/approvals.js';
import { ATTACHMENT_MAX_BYTES, type OrderDraft, type PublishedBudgetKey, type PurchaseOrder } from '../../src/shared/domain/orders.js';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../src/shared/sync/protocol.js';
import { Pusher, pullAll, rowsOf } from '../workflows/work-helpers.js';
import { api as makeApi, freshStore, KINDS, skipKind, startServer, type Api, type TestServer, type TestStore } from './helpers.js';

const KEY = { action: 'AP2.1.1', policyItem: '0119', generalAccount: '2420000' };
/** Three lines at 21 %, 6 % and 12 %: EUR 30.450,00 excl. VAT, above the visum threshold. */
const DRAFT: OrderDraft = {
  description: 'Laptops voor de nieuwe medewerkers',
  category: 'supplies',
  supplier: { name: 'Computerhuis Poperinge bv', address: 'Ieperstraat 10, 8970 Poperinge', enterpriseNumber: '0123456749' },
  lines: [
    { description: 'Laptop 14 inch', quantity: 20, unitPriceCents: 145000, vatRate: 21 },
    { description: 'Handleiding', quantity: 10, unitPriceCents: 2500, vatRate: 6 },
    { description: 'Installatie op locatie', quantity: 1, unitPriceCents: 120000, vatRate: 12 },
  ],
  budgetKey: KEY,
  deliveryAddress: 'Stadhuis, Grote Markt 1, 8970 Poperinge',
};
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

for (const kind of KINDS) {
  describe.skipIf(skipKind(kind))(`new purchase orders on ${kind}`, () => {
    let srv: TestServer;
    let api: Api;
    const tokens: Record<string, string> = {};
    const people: Record<string, string> = {};
    const orderOf = async (user: string, id: string) => rowsOf<PurchaseOrder>(await pullAll(api, tokens[user]!), 'purchaseOrders').find((o) => o.id === id);
    const count = async (table: string) => Number((await srv.server.db.kysely.selectFrom(table as never).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const upload = (orderId: string, body: unknown, token: string, headers: Record<string, string> = {}) =>
      fetch(`${srv.url}/api/v1/orders/${orderId}/attachments`, {
        method: 'POST',
        headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });

    let store: TestStore;
    beforeAll(async () => {
      store = await freshStore(kind);
      // SQLite: the file name the admin CLI opens in --data-dir
      const file = store.options.file ? join(dirname(store.options.file), 'pop-index.sqlite') : undefined;
      srv = await startServer(kind, { features: serverFeatures, ...(file ? { file } : {}) }, store);
      api = makeApi(srv.url);
      for (const u of ['demo', 'financien', 'burgerzaken', 'ieper']) {
        const login = await api.login(u);
        tokens[u] = login.token;
        people[u] = login.user.personId ?? '';
      }
    });
    afterAll(async () => {
      await srv?.stop();
      await store?.drop();
    });

    it('gives staff the budget keys finance published for their own municipality only', async () => {
      const demo = rowsOf<PublishedBudgetKey>(await pullAll(api, tokens.demo!), 'budgetKeys');
      expect(demo.length).toBe(6);
      expect(demo.every((k) => k.municipalityId === 'poperinge' && k.active)).toBe(true);
      expect(demo).toContainEqual(expect.objectContaining({ ...KEY, label: 'ICT: hardware en licenties' }));
      const ieper = rowsOf<PublishedBudgetKey>(await pullAll(api, tokens.ieper!), 'budgetKeys');
      expect(ieper.length).toBe(6);
      expect(ieper.every((k) => k.municipalityId === 'ieper')).toBe(true);
    });

    it('a head of department drafts, edits and submits; it reaches the financial director and comes back approved', async () => {
      const demo = new Pusher(api, tokens.demo!);
      const id = randomUUID();
      const saved = await demo.push('orders.saveDraft', { orderId: id, baseUpdatedAt: null, draft: DRAFT });
      expect(saved).toMatchObject({ status: 'applied', result: { orderId: id, number: expect.stringMatching(/^BB-\d{4}-00052$/) } });
      let order = (await orderOf('demo', id))!;
      expect(order).toMatchObject({ status: 'ontwerp', requesterId: people.demo, requesterName: 'Céline Vanneste', budgetKey: KEY, deliveryAddress: DRAFT.deliveryAddress });
      expect(order.totals).toEqual({ exclCents: 3_045_000, vatCents: 609_000 + 1_500 + 14_400, inclCents: 3_669_900 });
      expect(order.lines.map((l) => l.vatRate)).toEqual([21, 6, 12]);
      // finance sees the draft too (all orders of the municipality); other staff do not
      expect(await orderOf('financien', id)).toBeDefined();
      expect(await orderOf('burgerzaken', id)).toBeUndefined();

      // an edit based on what the user saw; then a second edit made offline on the same desktop
      const edited = await demo.push('orders.saveDraft', { orderId: id, baseUpdatedAt: order.updatedAt, draft: { ...DRAFT, description: 'Laptops voor nieuwe collega’s' } });
      expect(edited.status).toBe('applied');
      const again = await demo.push('orders.saveDraft', { orderId: id, baseUpdatedAt: order.updatedAt, draft: { ...DRAFT, description: 'Laptops voor nieuwe collega’s (20)' } });
      expect(again.status).toBe('applied');
      // ...but the same old copy edited on another desktop is stale
      const stale = await new Pusher(api, tokens.demo!).push('orders.saveDraft', { orderId: id, baseUpdatedAt: order.updatedAt, draft: { ...DRAFT, description: 'Oud' } });
      expect(stale).toMatchObject({ status: 'rejected', reason: 'conflict' });
      if (stale.status === 'rejected') expect(stale.message).toMatch(/werd intussen elders gewijzigd/);
      // only the requester edits a draft
      const foreign = await new Pusher(api, tokens.financien!).push('orders.saveDraft', { orderId: id, baseUpdatedAt: null, draft: DRAFT });
      expect(foreign).toMatchObject({ status: 'rejected', reason: 'forbidden' });
      order = (await orderOf('demo', id))!;
      expect(order.description).toBe('Laptops voor nieuwe collega’s (20)');
      expect(order.number).toMatch(/-00052$/);

      const submitted = await demo.push('orders.transition', { orderId: id, action: 'submit', fromStatus: 'ontwerp' });
      expect(submitted).toMatchObject({ status: 'applied', result: { status: 'goedgekeurd_diensthoofd' } });
      order = (await orderOf('demo', id))!;
      expect(order.history.map((h) => h.status)).toEqual(['ontwerp', 'ingediend', 'goedgekeurd_diensthoofd']);
      expect(order.approvalId).not.toBeNull();
      const late = await demo.push('orders.saveDraft', { orderId: id, baseUpdatedAt: order.updatedAt, draft: DRAFT });
      expect(late).toMatchObject({ status: 'rejected', reason: 'not_editable' });

      // the financial director finds it waiting for the visum, and approves
      const request = rowsOf<ApprovalRequest>(await pullAll(api, tokens.financien!), 'approvalRequests').find((r) => r.id === order.approvalId)!;
      expect(request.steps).toHaveLength(1);
      expect(request.steps[0]).toMatchObject({ role: 'finance_visum', approverId: people.financien, state: 'waiting' });
      const visum = await new Pusher(api, tokens.financien!).push('approvals.decide', { requestId: request.id, stepPosition: 1, version: request.version, decision: 'approve', comment: 'Visum verleend.' });
      expect(visum.status).toBe('applied');
      order = (await orderOf('demo', id))!;
      expect(order.status).toBe('goedgekeurd');
      expect(order.history.map((h) => h.status)).toEqual(['ontwerp', 'ingediend', 'goedgekeurd_diensthoofd', 'visum_financieel_directeur', 'goedgekeurd']);
      expect(order.history.at(-1)).toMatchObject({ byName: 'Annelies Vandenbussche', comment: 'Visum verleend.' });
    });

    it('approves a head’s own order below the threshold at once (nobody else needs to decide)', async () => {
      const demo = new Pusher(api, tokens.demo!);
      const id = randomUUID();
      const small = { ...DRAFT, description: 'Eén laptop', lines: [DRAFT.lines[0]!].map((l) => ({ ...l, quantity: 1 })) };
      expect((await demo.push('orders.saveDraft', { orderId: id, baseUpdatedAt: null, draft: small })).status).toBe('applied');
      const r = await demo.push('orders.transition', { orderId: id, action: 'submit', fromStatus: 'ontwerp' });
      expect(r).toMatchObject({ status: 'applied', result: { status: 'goedgekeurd', approvalId: null } });
    });

    it('follows the visum threshold the council set for the municipality (admin CLI), recorded on the order at submission', async () => {
      const cli = async (argv: string[]) => {
        const c = capture();
        const dataDir = srv.store.options.file ? dirname(srv.store.options.file) : undefined;
        const code = await runAdmin([...argv, ...(dataDir ? ['--data-dir', dataDir] : [])], c.io, { databaseUrl: srv.store.url, now: () => new Date(), actor: 'cli:tester' });
        return { code, out: c.out, err: c.err };
      };
      const demo = new Pusher(api, tokens.demo!);
      // 8 laptops: EUR 11.600,00 excl. VAT, below the default EUR 30.000
      const eight = { ...DRAFT, description: 'Acht laptops', lines: [{ ...DRAFT.lines[0]!, quantity: 8 }] };
      const submit = async () => {
        const id = randomUUID();
        expect((await demo.push('orders.saveDraft', { orderId: id, baseUpdatedAt: null, draft: eight })).status).toBe('applied');
        return { id, r: await demo.push('orders.transition', { orderId: id, action: 'submit', fromStatus: 'ontwerp' }) };
      };
      expect((await cli(['orders', 'visum-threshold', '--municipality', 'poperinge'])).out).toEqual(['poperinge: visum from € 30.000,00 excl. VAT (the default)']);
      expect((await cli(['orders', 'visum-threshold', '--municipality', 'poperinge', '--euro', '10.000'])).out).toEqual(['poperinge: visum from € 10.000,00 excl. VAT']);
      const above = await submit();
      expect(above.r).toMatchObject({ status: 'applied', result: { status: 'goedgekeurd_diensthoofd' } });
      const order = await orderOf('demo', above.id);
      expect(order).toMatchObject({ visumThresholdCents: 1_000_000 });
      const approval = rowsOf<ApprovalRequest>(await pullAll(api, tokens.financien!), 'approvalRequests').find((a) => a.orderId === above.id);
      expect(approval?.steps.map((s) => s.role)).toEqual(['finance_visum']);
      expect((await cli(['orders', 'visum-threshold', '--municipality', 'poperinge', '--default'])).code).toBe(0);
      expect((await submit()).r).toMatchObject({ status: 'applied', result: { status: 'goedgekeurd', approvalId: null } });
      expect(await orderOf('demo', above.id)).toMatchObject({ visumThresholdCents: 1_000_000 }); // under way: keeps its threshold
      expect((await cli(['orders', 'visum-threshold', '--municipality', 'nergens', '--euro', '1'])).code).toBe(1);
      expect((await cli(['orders', 'visum-threshold', '--municipality', 'poperinge', '--euro', 'veel'])).code).toBe(2);
    });

    it('refuses bad input with a clear message and stores nothing (no order, no number used)', async () => {
      const demo = new Pusher(api, tokens.demo!);
      const numberOf = (r: Awaited<ReturnType<Pusher['push']>>) => Number(String((r as { result?: { number?: string } }).result?.number).slice(-5));
      const last = numberOf(await demo.push('orders.saveDraft', { orderId: randomUUID(), baseUpdatedAt: null, draft: DRAFT }));
      const before = await count('purchase_orders');
      const bad: Array<[string, unknown, RegExp]> = [
        ['enterprise number', { ...DRAFT, supplier: { ...DRAFT.supplier, enterpriseNumber: '0123456748' } }, /ondernemingsnummer klopt niet/],
        ['VAT rate', { ...DRAFT, lines: [{ ...DRAFT.lines[0], vatRate: 7 }] }, /btw-tarief: 0, 6, 12 of 21/],
        ['negative quantity', { ...DRAFT, lines: [{ ...DRAFT.lines[0], quantity: -2 }] }, /aantal moet groter dan 0/],
        ['no lines', { ...DRAFT, lines: [] }, /minstens één lijn/],
      ];
      for (const [what, draft, message] of bad) {
        const r = await demo.push('orders.saveDraft', { orderId: randomUUID(), baseUpdatedAt: null, draft });
        expect(r, what).toMatchObject({ status: 'rejected', reason: 'invalid_payload' });
        if (r.status === 'rejected') expect(r.message, what).toMatch(message);
      }
      const unknownKey = await demo.push('orders.saveDraft', { orderId: randomUUID(), baseUpdatedAt: null, draft: { ...DRAFT, budgetKey: { ...KEY, generalAccount: '9999999' } } });
      expect(unknownKey).toMatchObject({ status: 'rejected', reason: 'unknown_budget_key' });
      expect(await count('purchase_orders')).toBe(before);
      // the next good draft gets the next number: refusals used none
      const ok = await demo.push('orders.saveDraft', { orderId: randomUUID(), baseUpdatedAt: null, draft: DRAFT });
      expect(ok).toMatchObject({ status: 'applied' });
      expect(numberOf(ok)).toBe(last + 1);
    });

    it('keeps attachments on the backend: PDF/PNG/JPEG by their bytes, size-limited, for the order’s participants', async () => {
      const demo = new Pusher(api, tokens.demo!);
      const id = randomUUID();
      await demo.push('orders.saveDraft', { orderId: id, baseUpdatedAt: null, draft: DRAFT });
      const before = await count('order_attachments');

      const res = await upload(id, { filename: 'offerte.pdf', contentBase64: PDF.toString('base64') }, tokens.demo!);
      expect(res.status).toBe(201);
      const meta = (await res.json()) as { id: string; mimeType: string; sizeBytes: number };
      expect(meta).toMatchObject({ mimeType: 'application/pdf', sizeBytes: PDF.length });
      const order = (await orderOf('demo', id))!;
      expect(order.attachments).toEqual([expect.objectContaining({ id: meta.id, filename: 'offerte.pdf', uploadedByName: 'Céline Vanneste' })]);
      // the synced row carries metadata only
      expect(JSON.stringify(order)).not.toContain(PDF.toString('base64'));

      const url = `/api/v1/orders/${id}/attachments/${meta.id}`;
      const own = await api.get(url, tokens.demo!);
      expect(own.status).toBe(200);
      expect(Buffer.from((own.body as { contentBase64: string }).contentBase64, 'base64').equals(PDF)).toBe(true);
      expect((await api.get(url, tokens.financien!)).status).toBe(200);
      expect((await api.get(url, tokens.burgerzaken!)).status).toBe(404);
      expect((await api.get(url, tokens.ieper!)).status).toBe(404);
      expect((await upload(id, { filename: 'x.pdf', contentBase64: PDF.toString('base64') }, tokens.burgerzaken!)).status).toBe(404);

      // a draft edit on the same desktop after the upload keeps the attachment
      expect((await demo.push('orders.saveDraft', { orderId: id, baseUpdatedAt: null, draft: { ...DRAFT, description: 'Met offerte' } })).status).toBe('applied');
      expect((await orderOf('demo', id))!.attachments).toHaveLength(1);

      // wrong type by content (a GIF named .pdf; text), too large (decoded, and declared): clear answers, nothing stored
      const gif = await upload(id, { filename: 'offerte.pdf', contentBase64: Buffer.from('GIF89a....').toString('base64') }, tokens.demo!);
      expect(gif.status).toBe(415);
      expect(((await gif.json()) as { message: string }).message).toMatch(/Alleen PDF-, PNG- en JPEG-bestanden/);
      const big = Buffer.alloc(ATTACHMENT_MAX_BYTES + 1, 0x20);
      PDF.copy(big);
      const tooBig = await upload(id, { filename: 'groot.pdf', contentBase64: big.toString('base64') }, tokens.demo!);
      expect(tooBig.status).toBe(413);
      expect(((await tooBig.json()) as { message: string }).message).toMatch(/te groot: een bijlage is hoogstens 10 MB/);
      const huge = await upload(id, `{"filename":"x.pdf","contentBase64":"${'A'.repeat(15 * 1024 * 1024)}"}`, tokens.demo!);
      expect(huge.status).toBe(413);
      expect(((await huge.json()) as { message: string }).message).toMatch(/te groot/);
      expect((await upload(id, { filename: 'a/b.pdf', contentBase64: PDF.toString('base64') }, tokens.demo!)).status).toBe(400);
      expect(await count('order_attachments')).toBe(before + 1);
      expect((await orderOf('demo', id))!.attachments).toHaveLength(1);
    });

    it('lets finance take its own steps: invoiced, payable, closed', async () => {
      const fin = new Pusher(api, tokens.financien!);
      const delivered = rowsOf<PurchaseOrder>(await pullAll(api, tokens.financien!), 'purchaseOrders').find((o) => o.description === 'Papier en toner')!;
      expect(delivered.status).toBe('geleverd');
      let from = delivered.status;
      for (const [action, to] of [['invoice', 'gefactureerd'], ['authorizePayment', 'betaalbaar_gesteld'], ['close', 'afgesloten']] as const) {
        expect(await fin.push('orders.transition', { orderId: delivered.id, action, fromStatus: from })).toMatchObject({ status: 'applied', result: { status: to } });
        from = to;
      }
      // demo (not finance) cannot
      const other = rowsOf<PurchaseOrder>(await pullAll(api, tokens.demo!), 'purchaseOrders').find((o) => o.description === 'Vakliteratuur lokaal bestuur')!;
      expect(await new Pusher(api, tokens.demo!).push('orders.transition', { orderId: other.id, action: 'authorizePayment', fromStatus: 'gefactureerd' })).toMatchObject({ status: 'rejected', reason: 'forbidden' });
    });

    it('imports published budget keys from CSV (admin CLI): the list replaces the old one, bad files change nothing', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pop-bk-'));
      try {
        const run = async (argv: string[]) => {
          const c = capture();
          const dataDir = srv.store.options.file ? dirname(srv.store.options.file) : undefined;
          const code = await runAdmin([...argv, ...(dataDir ? ['--data-dir', dataDir] : [])], c.io, { databaseUrl: srv.store.url, now: () => new Date(), actor: 'cli:tester' });
          return { code, out: c.out, err: c.err };
        };
        const good = join(dir, 'keys.csv');
        writeFileSync(good, 'Actie;Beleidsitem;Algemene rekening;Omschrijving\nAP2.1.1;0119;2420000;ICT: hardware en licenties\nap3.1.1;0500;6130000;"Energie; gas en elektriciteit"\n');
        const dry = await run(['budget-keys', 'import', good, '--municipality', 'poperinge', '--dry-run']);
        expect(dry.code, dry.err.join('\n')).toBe(0);
        expect(dry.out.join('\n')).toMatch(/Dry run: would publish budget keys for poperinge: 1 added, 0 changed, 5 withdrawn, 1 unchanged/);
        expect(rowsOf<PublishedBudgetKey>(await pullAll(api, tokens.demo!), 'budgetKeys').filter((k) => k.active)).toHaveLength(6);

        const bad = join(dir, 'bad.csv');
        writeFileSync(bad, 'actie;beleidsitem;algemene rekening;omschrijving\nAP2.1.1;119;2420000;x\n');
        const refused = await run(['budget-keys', 'import', bad, '--municipality', 'poperinge']);
        expect(refused.code).toBe(1);
        expect(refused.err.join('\n')).toMatch(/Line 2: policyItem invalid/);
        expect((await run(['budget-keys', 'import', good, '--municipality', 'nowhere'])).code).toBe(1);
        expect((await run(['budget-keys', 'import', '--municipality', 'poperinge'])).code).toBe(2);

        const done = await run(['budget-keys', 'import', good, '--municipality', 'poperinge']);
        expect(done.code).toBe(0);
        expect(done.out.join('\n')).toMatch(/Published budget keys for poperinge: 1 added, 0 changed, 5 withdrawn, 1 unchanged/);
        const keys = rowsOf<PublishedBudgetKey>(await pullAll(api, tokens.demo!), 'budgetKeys');
        expect(keys.filter((k) => k.active).map((k) => k.label).sort()).toEqual(['Energie; gas en elektriciteit', 'ICT: hardware en licenties']);
        // a withdrawn key can no longer be chosen
        const r = await new Pusher(api, tokens.demo!).push('orders.saveDraft', { orderId: randomUUID(), baseUpdatedAt: null, draft: { ...DRAFT, budgetKey: { action: 'AP1.1.1', policyItem: '0119', generalAccount: '6100000' } } });
        expect(r).toMatchObject({ status: 'rejected', reason: 'unknown_budget_key' });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe.skipIf(skipKind(kind))(`orders drafts migration on ${kind}`, () => {
    it('adds draft_client, budget_keys and order_attachments next to existing orders', async () => {
      const names = allMigrations(serverFeatures).map((m) => m.name);
      const MIGRATION = '2026_11_30_120_orders_drafts';
      const store = await freshStore(kind);
      const db = await openDatabase(store.url ?? undefined, { file: store.options.file });
      try {
        const k = db.kysely;
        await migrateTo(k, names[names.indexOf(MIGRATION) - 1]!, serverFeatures);
        const row = { id: 'o1', municipality_id: 'poperinge', requester_id: 'p1', department_id: 'd1', head_id: null, status: 'ontwerp', approval_id: null, updated_at: 'now', data: '{}' };
        await k.insertInto('purchase_orders' as never).values(row as never).execute();
        await migrateTo(k, MIGRATION, serverFeatures);
        expect(await k.selectFrom('purchase_orders' as never).selectAll().execute()).toEqual([{ ...row, draft_client: null }]);
        const tables = (await k.introspection.getTables()).map((t) => t.name);
        expect(tables).toEqual(expect.arrayContaining(['budget_keys', 'order_attachments']));
      } finally {
        await db.close();
        await store.drop();
      }
    });
  });
}
