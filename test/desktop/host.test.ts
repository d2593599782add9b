/**
 * The desktop host around the real core against the real backend (createServer, seeded demo data,
 * SQLite file): tray counts and notifications come from synced data, the notification memory
 * survives a restart, settings/updates/diagnostics handlers answer through dispatch.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type PopServer } from '../../src/server/app.js';
import { createCore, createMemorySecretStore, type Core } from '../../src/main/core/index.js';
import { dispatch } from '../../src/main/core/dispatch.js';
import { createLogger } from '../../src/main/core/logging/logger.js';
import { DesktopHost } from '../../src/main/desktop/host.js';
import { mergeHandlers } from '../../src/main/desktop/merge-handlers.js';
import type { PlannedNotification } from '../../src/main/desktop/notification-planner.js';
import { brusselsToday } from '../../src/server/demo/seed.js';

let server: PopServer;
let core: Core;
let dir: string;
// The core's clock is 9:00 today; the demo seed plants its birthdays on that same day (its own
// default is today in Brussels, a day later between 23:00 and midnight UTC in winter).
const at9 = () => {
  const d = new Date();
  d.setHours(9, 0, 0, 0);
  return d;
};

function makeHost(): DesktopHost {
  return new DesktopHost({
    dataDir: join(dir, 'desktop'),
    logDir: join(dir, 'logs'),
    policyFile: join(dir, 'no-policy.json'),
    log: createLogger({ dir: join(dir, 'logs') }),
    appVersion: '0.1.0',
    shell: 'web',
    platform: 'linux x64',
    startAtLoginSupported: false,
    updater: { engine: null, disabledReason: 'test' },
    now: at9,
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pop-host-'));
  server = await createServer({ file: join(dir, 'server.sqlite'), databaseUrl: null, seed: { size: 300, today: brusselsToday(at9()) }, oidc: null, updatesDir: null });
  const url = await server.listen(0, '127.0.0.1');
  core = createCore({ dataDir: join(dir, 'desktop'), backend: { url }, secretStore: createMemorySecretStore(), live: false, pollMs: 3_600_000 });
  await core.start();
  await core.handlers['session.signIn']({ username: 'demo', password: 'demo' });
  const status = await core.handlers['sync.now']({});
  if (!status.ready) throw new Error(`sync not ready: ${JSON.stringify(status.error)}`);
}, 120_000);
afterAll(async () => {
  await core?.stop();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('desktop host with the real core', () => {
  it('tray counts and notifications come from the synced cache, once', async () => {
    const host = makeHost();
    host.attachCore(core);
    const shown: PlannedNotification[] = [];
    host.onNotification((n) => shown.push(n));
    await host.refresh();

    const birthdays = (await core.handlers['birthdays.upcoming']({ days: 0 })).length;
    const pending = core.handlers['approvals.list'] ? (await core.handlers['approvals.list']({ box: 'inbox', query: '' })).filter((i) => i.waitingForMe).length : 0;
    expect(birthdays).toBeGreaterThan(0); // the demo seed plants birthdays today
    const tray = host.trayModel();
    expect(tray.items.find((i) => i.id === 'birthdays')?.label).toBe(`Verjaardagen vandaag (${birthdays})`);
    expect(tray.items.find((i) => i.id === 'approvals')?.label).toBe(`Goedkeuringen (${pending})`);
    expect(tray.icon).toBe(pending > 0 ? 'approvals' : 'normal');

    expect(shown.find((n) => n.kind === 'birthdays')).toMatchObject({ route: '/birthdays', body: birthdays === 1 ? '1 collega is vandaag jarig' : `${birthdays} collega's zijn vandaag jarig` });
    expect(shown.filter((n) => n.kind === 'approvals')).toHaveLength(pending > 0 ? 1 : 0);

    // Same day, again, and after a restart of the host: nothing new is announced.
    await host.refresh();
    const again = makeHost();
    again.attachCore(core);
    again.onNotification((n) => shown.push(n));
    await again.refresh();
    expect(shown.filter((n) => n.kind === 'birthdays')).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(dir, 'desktop', 'notifications.json'), 'utf8')).birthdaysDoneOn).not.toBeNull();
    host.stop();
    again.stop();
  });

  it('turning a kind off in the settings silences it', async () => {
    rmSync(join(dir, 'desktop', 'notifications.json'), { force: true });
    const host = makeHost();
    host.attachCore(core);
    host.settings.set({ notifyBirthdays: false });
    const shown: PlannedNotification[] = [];
    host.onNotification((n) => shown.push(n));
    await host.refresh();
    expect(shown.filter((n) => n.kind === 'birthdays')).toEqual([]);
    host.settings.set({ notifyBirthdays: true });
    host.stop();
  });

  it('serves settings, updates and diagnostics through dispatch, merged with the core', async () => {
    const host = makeHost();
    host.attachCore(core);
    const handlers = mergeHandlers(core.handlers, host.handlers);
    expect(await dispatch(handlers, 'settings.set', { language: 'klingon' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await dispatch(handlers, 'settings.set', { language: 'fr-BE' })).toMatchObject({ ok: true, value: { values: { language: 'fr-BE' } } });
    await host.refresh();
    expect(host.trayModel().items[0]?.label).toBe('Ouvrir Pop Index');
    expect(await dispatch(handlers, 'updates.state', {})).toMatchObject({ ok: true, value: { status: 'disabled', disabledReason: 'test' } });
    expect(await dispatch(handlers, 'updates.installNow', {})).toMatchObject({ ok: false, error: { code: 'conflict' } });

    const diag = await dispatch(handlers, 'diagnostics.copy', {});
    if (!diag.ok) throw new Error(diag.error.message);
    const { text, copied } = diag.value as { text: string; copied: boolean };
    expect(copied).toBe(false);
    expect(text).toContain('Pop Index 0.1.0 (web)');
    expect(text).toMatch(/Sync: online, last \d{4}-/);
    expect(text).toContain('Policy: none');
    expect(text).toContain('Last log lines:');
    const me = await core.handlers['session.get']({});
    expect(text).not.toContain(me.user?.displayName ?? '<none>');
    expect(existsSync(join(dir, 'logs', 'pop-index.log'))).toBe(true);
    host.settings.set({ language: 'nl-BE' });
    host.stop();
  });
});
