/**
 * The service API's plumbing on SQLite and PostgreSQL: its migration (migrate to N-1, insert an old
 * approval request, migrate to N: the old row still reads, the new tables work) and the delivery
 * loop started with the server and stopped by close(), driven by hand through `schedule` (no timers).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { allMigrations, migrateTo } from '../../src/server/db/migrator.js';
import { openDatabase, type ServerDatabase } from '../../src/server/db/open.js';
import { serverFeatures } from '../../src/server/features/index.js';
import { createAccount } from '../../src/server/features/service-api/accounts.js';
import { createServiceApiFeature } from '../../src/server/features/service-api/index.js';
import { queueOutcome } from '../../src/server/features/service-api/webhooks.js';
import { ApprovalRequest } from '../../src/shared/domain/approvals.js';
import { freshStore, KINDS, skipKind, startServer, type TestStore } from './helpers.js';
import { startReceiver } from './webhook-receiver.js';

const MIGRATION = '2026_12_01_110_service_api';

const oldRequest = {
  id: 'apr-old-1',
  municipalityId: 'poperinge',
  type: 'leave',
  title: 'Verlof',
  description: '',
  requesterId: 'p1',
  requesterName: 'A B',
  departmentId: null,
  amountCents: null,
  dueDate: '2026-12-01',
  createdAt: '2026-11-28T08:00:00.000Z',
  status: 'open',
  version: 1,
  steps: [{ position: 1, role: 'head', approverId: 'p2', approverName: 'C D', deputyId: null, deputyName: null, state: 'waiting', comment: null, decidedById: null, decidedByName: null, decidedAt: null }],
  orderId: null,
};

for (const kind of KINDS) {
  describe.skipIf(skipKind(kind))(`service API plumbing (${kind})`, () => {
    let store: TestStore | null = null;
    let db: ServerDatabase | null = null;
    afterEach(async () => {
      await db?.close();
      await store?.drop();
      db = null;
      store = null;
    });

    it(`${MIGRATION}: old approval rows stay valid, the new tables take accounts and deliveries`, async () => {
      store = await freshStore(kind);
      db = await openDatabase(store.url ?? undefined, { file: store.options.file });
      const k = db.kysely;
      const names = allMigrations(serverFeatures).map((m) => m.name);
      await migrateTo(k, names[names.indexOf(MIGRATION) - 1]!, serverFeatures);
      await k
        .insertInto('approval_requests' as never)
        .values({ id: oldRequest.id, municipality_id: 'poperinge', requester_id: 'p1', status: 'open', version: 1, order_id: null, updated_at: oldRequest.createdAt, data: JSON.stringify(oldRequest) } as never)
        .execute();
      await migrateTo(k, MIGRATION, serverFeatures);
      const row = (await k.selectFrom('approval_requests' as never).select('data' as never).executeTakeFirstOrThrow()) as { data: string };
      const parsed = ApprovalRequest.parse(JSON.parse(row.data));
      expect(parsed.link).toBeUndefined();
      expect(parsed.source).toBeUndefined();
      await k.insertInto('municipalities').values({ id: 'poperinge', name: 'Poperinge', postcode: '8970', regional: 1, email_domain: 'poperinge.be' }).execute();
      const acc = await createAccount(k, { municipalityId: 'poperinge', name: 'finance', types: ['invoice'], auth: 'api_key', webhookUrl: 'https://finance.example.be/hook' }, new Date('2026-12-01T08:00:00Z'));
      // A request made in Pop Index (no source) queues nothing; one from the service API does.
      await k.transaction().execute(async (trx) => {
        expect(await queueOutcome(trx, { ...parsed, status: 'approved' }, new Date())).toBeNull();
        const viaApi = { ...parsed, status: 'approved' as const, link: 'https://finance.example.be/f/1', source: { accountId: acc.account.id, accountName: 'finance', reference: null } };
        expect(await queueOutcome(trx, viaApi, new Date())).toMatch(/^[0-9a-f-]{36}$/);
        expect(await queueOutcome(trx, { ...viaApi, status: 'open' }, new Date())).toBeNull();
      });
      expect(await k.selectFrom('webhook_deliveries' as never).selectAll().execute()).toHaveLength(1);
    });

    it('runs the delivery loop in the server process and stops it on close', async () => {
      const receiver = await startReceiver();
      const scheduled: Array<{ run: () => void; ms: number; cancelled: boolean }> = [];
      let onSchedule: (() => void) | null = null;
      const schedule = (run: () => void, ms: number) => {
        const entry = { run, ms, cancelled: false };
        scheduled.push(entry);
        onSchedule?.();
        return () => void (entry.cancelled = true);
      };
      const features = [...serverFeatures.filter((f) => f.name !== 'service-api'), createServiceApiFeature({ worker: { schedule, intervalMs: 5000 } })];
      const t = await startServer(kind, { features, seed: { size: 60, today: '2026-11-28' } });
      try {
        const k = t.server.db.kysely;
        expect(scheduled).toHaveLength(1);
        expect(scheduled[0]!.ms).toBe(0);
        const acc = await createAccount(k, { municipalityId: 'poperinge', name: 'finance', types: ['invoice'], auth: 'api_key', webhookUrl: receiver.url }, new Date());
        await k.transaction().execute((trx) => queueOutcome(trx, { ...ApprovalRequest.parse(oldRequest), status: 'approved', source: { accountId: acc.account.id, accountName: 'finance', reference: null } }, new Date()));
        // One pass when the loop's turn comes, then the next one is scheduled after the interval.
        // The pass ends by scheduling the next one.
        const passDone = new Promise<void>((resolve) => (onSchedule = resolve));
        scheduled[0]!.run();
        await passDone;
        expect(receiver.received).toHaveLength(1);
        expect(scheduled).toHaveLength(2);
        expect(scheduled[1]!.ms).toBe(5000);
      } finally {
        await t.stop();
        await receiver.close();
      }
      expect(scheduled.at(-1)!.cancelled).toBe(true);
    });
  });
}
