/**
 * "Nieuwe aanvraag" through the desktop core against the real backend (SQLite file), with three
 * desktops: the requester (admin), their manager (demo) and a colleague (burgerzaken).
 * A leave asked offline waits in the outbox (what was typed is kept) and is sent when the backend is
 * back; the manager approves; the requester's desktop host notifies "Uw aanvraag is goedgekeurd"
 * (the fake notifier of the host tests); the colleague's cache knows "afwezig tot". Withdraw goes
 * through the outbox too. Bad input is refused at the contract, nothing queued. Cache migration 3.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type PopServer } from '../../src/server/app.js';
import { createCore, createMemorySecretStore, type Core } from '../../src/main/core/index.js';
import { dispatch } from '../../src/main/core/dispatch.js';
import { openCache } from '../../src/main/core/cache/db.js';
import { coreMigrations } from '../../src/main/core/cache/core-migrations.js';
import { migrateCache } from '../../src/main/core/cache/migrate.js';
import { createLogger } from '../../src/main/core/logging/logger.js';
import { DesktopHost } from '../../src/main/desktop/host.js';
import type { PlannedNotification } from '../../src/main/desktop/notification-planner.js';
import { allFeatures, tempDir } from './helpers.js';

const NOW = new Date('2026-11-30T09:00:00Z');
const tmp = tempDir('pop-requests-');
let server: PopServer | null = null;
let port = 0;
const cores: Record<string, Core> = {};

async function startBackend(): Promise<string> {
  server = await createServer({ file: join(tmp.dir, 'server.sqlite'), databaseUrl: null, seed: { size: 300, today: '2026-11-28' }, oidc: null, updatesDir: null, now: () => NOW });
  const url = await server.listen(port, '127.0.0.1');
  port = Number(new URL(url).port);
  return url;
}

async function signedIn(username: string, url: string): Promise<Core> {
  const core = createCore({ dataDir: join(tmp.dir, username), backend: { url }, secretStore: createMemorySecretStore(), live: false, pollMs: 3_600_000, now: () => NOW });
  await core.start();
  await core.handlers['session.signIn']({ username, password: 'demo' });
  const status = await core.handlers['sync.now']({});
  if (!status.ready) throw new Error(`sync not ready: ${JSON.stringify(status.error)}`);
  cores[username] = core;
  return core;
}

const twoDays = { kind: 'leave', from: '2026-11-30', to: '2026-12-01', halfDayStart: false, halfDayEnd: false, leaveType: 'annual', note: 'Naar de trouw van mijn zus' } as const;

beforeAll(async () => {
  const url = await startBackend();
  await signedIn('admin', url);
  await signedIn('demo', url);
  await signedIn('burgerzaken', url);
}, 180_000);
afterAll(async () => {
  for (const core of Object.values(cores)) await core.stop();
  await server?.close();
  tmp.cleanup();
});

describe('new requests in the desktop core', () => {
  it('bad input is refused at the contract with the nl-BE rule, nothing queued', async () => {
    const admin = cores.admin!;
    const bad = await dispatch(admin.handlers as never, 'approvals.create', { details: { ...twoDays, from: '2026-12-02' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(JSON.stringify(bad)).toContain('De einddatum ligt vóór de begindatum.');
    expect(await admin.handlers['approvals.outgoing']({})).toEqual([]);
    expect((await admin.handlers['sync.status']({})).pendingCommands).toBe(0);
  });

  it('offline: the leave waits with what was typed; sent when the backend is back; the manager approves; the requester is notified', async () => {
    const admin = cores.admin!;
    const demo = cores.demo!;
    const host = new DesktopHost({
      dataDir: join(tmp.dir, 'admin-desktop'),
      logDir: null,
      policyFile: join(tmp.dir, 'no-policy.json'),
      log: createLogger({}),
      appVersion: '0.1.0',
      shell: 'web',
      platform: 'linux x64',
      startAtLoginSupported: false,
      updater: { engine: null, disabledReason: 'test' },
      now: () => NOW,
    });
    host.attachCore(admin);
    const shown: PlannedNotification[] = [];
    host.onNotification((n) => shown.push(n));
    await host.refresh();
    shown.length = 0;

    await server!.close();
    server = null;
    const pending = await admin.handlers['approvals.create']({ details: twoDays });
    expect(pending).toMatchObject({ status: 'pending', title: 'Verlof van 30/11/2026 tot 1/12/2026 (2 dagen)', details: twoDays });
    await Promise.resolve(admin.handlers['sync.now']({})).catch(() => undefined);
    expect((await admin.handlers['approvals.outgoing']({}))[0]).toMatchObject({ id: pending.id, status: 'pending', details: { note: 'Naar de trouw van mijn zus' } });

    await startBackend();
    await admin.handlers['sync.now']({});
    expect(await admin.handlers['approvals.outgoing']({})).toEqual([]); // synced: it is in "Mijn aanvragen" now
    const mine = (await admin.handlers['approvals.list']({ box: 'requested', query: '' })).find((r) => r.id === pending.id)!;
    expect(mine).toMatchObject({ status: 'open', type: 'leave' });
    expect(mine.steps[0]!.approverName).toBe('Céline Vanneste');

    await demo.handlers['sync.now']({});
    const inbox = await demo.handlers['approvals.list']({ box: 'inbox', query: '' });
    expect(inbox.find((r) => r.id === pending.id)?.waitingForMe).toBe(true);
    await demo.handlers['approvals.decide']({ requestId: pending.id, decision: 'approve', comment: '' });
    await demo.handlers['sync.now']({});

    await admin.handlers['sync.now']({});
    await new Promise((r) => setTimeout(r, 50)); // the event follows the committed page
    expect(shown.filter((n) => n.kind === 'decided')).toEqual([
      { kind: 'decided', title: 'Uw aanvraag is goedgekeurd', body: 'Verlof van 30/11/2026 tot 1/12/2026 (2 dagen)', route: `/approvals/${pending.id}` },
    ]);
    // The manager is not notified about someone else's request.
    host.stop();

    const colleague = cores.burgerzaken!;
    await colleague.handlers['sync.now']({});
    const adminPerson = (await admin.handlers['session.get']({})).user!.personId!;
    expect(await colleague.handlers['approvals.absences']({ ids: [adminPerson, 'p-nobody'] })).toEqual([{ id: adminPerson, until: '2026-12-01' }]);
  });

  it('withdraw: through the outbox, the manager sees it withdrawn', async () => {
    const admin = cores.admin!;
    const created = await admin.handlers['approvals.create']({ details: { kind: 'other', title: 'Extra thuiswerkdag', description: 'Voor de migratie van de mailserver.' } });
    await admin.handlers['sync.now']({});
    const withdrawn = await admin.handlers['approvals.withdraw']({ requestId: created.id });
    expect(withdrawn).toMatchObject({ decision: 'withdraw', status: 'pending' });
    await admin.handlers['sync.now']({});
    expect((await admin.handlers['approvals.get']({ id: created.id }))).toMatchObject({ status: 'withdrawn', myDecision: { decision: 'withdraw', status: 'applied' } });
    const again = await dispatch(admin.handlers as never, 'approvals.withdraw', { requestId: created.id });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await cores.demo!.handlers['sync.now']({});
    expect((await cores.demo!.handlers['approvals.list']({ box: 'inbox', query: '' })).some((r) => r.id === created.id)).toBe(false);
  });
});

describe('cache migration 3 (absences, outgoing requests)', () => {
  it('adds both tables next to existing approval rows', () => {
    const dir = tempDir('pop-requests-mig-');
    try {
      const db = openCache(join(dir.dir, 'cache.sqlite'));
      const all = [{ name: 'core', migrations: coreMigrations }, ...allFeatures];
      migrateCache(db, all, { targets: { approvals: 2 } });
      db.prepare("INSERT INTO approval_requests (id, due_date, data) VALUES ('r1', '2026-12-01', '{}')").run();
      migrateCache(db, all);
      db.prepare(`INSERT INTO approval_absences (person_id, data) VALUES ('p1', '{"id":"p1","periods":[]}')`).run();
      db.prepare("INSERT INTO approval_outgoing (id, person_id, title, details, status, created_at) VALUES ('o1', 'p1', 't', '{}', 'pending', 'x')").run();
      expect(db.prepare('SELECT COUNT(*) AS n FROM approval_requests').get()).toEqual({ n: 1 });
      expect(db.prepare('SELECT dismissed FROM approval_outgoing').get()).toEqual({ dismissed: 0 });
      db.close();
    } finally {
      dir.cleanup();
    }
  });
});
