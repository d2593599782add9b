/**
 * The updater against a real HTTP feed: the real backend (createServer, SQLite in memory) with its
 * /updates route (src/server/updates.ts) and a minimum client version, on 127.0.0.1, electron-updater's NsisUpdater (Electron replaced by a Node adapter),
 * and UpdateService on top: finds a newer version, downloads and verifies it, refuses a tampered
 * download, honours stagingPercentage and the backend's minimum version.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type PopServer } from '../../src/server/app.js';
import { fetchMinClientVersion } from '../../src/main/desktop/backend-health.js';
import { silentLogger } from '../../src/main/core/logging/logger.js';
import { UpdateService, nextTimeOfDay } from '../../src/main/desktop/updater.js';
import { createNodeUpdater, setStagingUserId } from './helpers/node-updater.js';
import { DesktopHost } from '../../src/main/desktop/host.js';
import type { PlannedNotification } from '../../src/main/desktop/notification-planner.js';

const INSTALLER = 'Pop-Index-Setup-0.2.0.exe';
const payload = Buffer.from('pretend installer of Pop Index 0.2.0 '.repeat(2000));
const sha512 = createHash('sha512').update(payload).digest('base64');

let server: PopServer;
let backendUrl: string;
let feedDir: string;
let feedUrl: string;
let work: string;

function writeFeed(opts: { version?: string; sha?: string; staging?: number } = {}): void {
  const lines = [
    `version: ${opts.version ?? '0.2.0'}`,
    'files:',
    `  - url: ${INSTALLER}`,
    `    sha512: ${opts.sha ?? sha512}`,
    `    size: ${payload.length}`,
    `path: ${INSTALLER}`,
    `sha512: ${opts.sha ?? sha512}`,
    "releaseDate: '2026-11-28T10:00:00.000Z'",
  ];
  if (opts.staging !== undefined) lines.push(`stagingPercentage: ${opts.staging}`);
  writeFileSync(join(feedDir, 'latest.yml'), lines.join('\n') + '\n');
}

function service(version = '0.1.0', extra: Partial<ConstructorParameters<typeof UpdateService>[0]> = {}) {
  const engine = createNodeUpdater({ dir: work, version, feedUrl });
  const svc = new UpdateService({
    engine,
    disabledReason: null,
    currentVersion: version,
    log: silentLogger,
    installPreference: () => ({ updateInstall: 'onQuit', updateInstallTime: '12:30' }),
    ...extra,
  });
  return { engine, svc };
}

beforeAll(async () => {
  feedDir = mkdtempSync(join(tmpdir(), 'pop-feed-'));
  writeFileSync(join(feedDir, INSTALLER), payload);
  server = await createServer({ databaseUrl: null, file: ':memory:', seed: false, updatesDir: feedDir, minClientVersion: '0.2.0' });
  backendUrl = await server.listen(0, '127.0.0.1');
  feedUrl = `${backendUrl}/updates`;
});
afterAll(async () => {
  await server.close();
  rmSync(feedDir, { recursive: true, force: true });
});
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'pop-updater-'));
  writeFeed();
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

describe('the /updates route', () => {
  it('serves feed files and refuses anything outside the folder', async () => {
    const yml = await fetch(`${feedUrl}/latest.yml`);
    expect(yml.status).toBe(200);
    expect(yml.headers.get('cache-control')).toBe('no-cache');
    expect(await yml.text()).toContain('version: 0.2.0');
    for (const bad of ['..%2Fetc%2Fpasswd', '.hidden', '%2e%2e', 'missing.yml', '', 'sub%2Flatest.yml']) expect((await fetch(`${feedUrl}/${bad}`)).status).toBe(404);
  });

  it('answers Range requests (electron-updater fetches only the changed blocks of an installer)', async () => {
    const whole = Buffer.from(await (await fetch(`${feedUrl}/latest.yml`)).arrayBuffer());
    const part = await fetch(`${feedUrl}/latest.yml`, { headers: { range: 'bytes=2-9' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 2-9/${whole.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(whole.subarray(2, 10));
    expect(part.headers.get('accept-ranges')).toBe('bytes');
    expect((await fetch(`${feedUrl}/latest.yml`)).headers.get('etag')).toBeTruthy();
    expect((await fetch(`${feedUrl}/latest.yml`, { headers: { range: `bytes=${whole.length + 10}-` } })).status).toBe(416);
  });
});

describe('UpdateService with electron-updater over HTTP', () => {
  it('finds the newer version, downloads it in the background and verifies sha512', async () => {
    const { svc } = service();
    const seen: string[] = [];
    svc.onState((s) => seen.push(s.status));
    const state = await svc.check();
    expect(state.status).toBe('ready');
    expect(state.availableVersion).toBe('0.2.0');
    expect(state.error).toBeNull();
    expect(seen).toEqual(expect.arrayContaining(['checking', 'downloading', 'ready']));
    expect(state.installAt).toBeNull(); // installs on quit
  });

  it('reports no update when the feed has the same version', async () => {
    const { svc } = service('0.2.0');
    const state = await svc.check();
    expect(state.status).toBe('idle');
    expect(state.availableVersion).toBeNull();
    expect(state.lastCheckAt).not.toBeNull();
  });

  it('refuses a download whose sha512 does not match, without throwing', async () => {
    writeFeed({ sha: createHash('sha512').update('something else').digest('base64') });
    const { svc } = service();
    const state = await svc.check();
    expect(state.status).toBe('error');
    expect(state.error).toContain('ERR_CHECKSUM_MISMATCH');
    expect(svc.installNow()).toBe(false);
  });

  it('logs and survives an unreachable feed', async () => {
    const { svc } = service('0.1.0', { feedUrl: 'http://127.0.0.1:9/updates' });
    const state = await svc.check();
    expect(state.status).toBe('error');
    expect(state.error).toBeTruthy();
  });

  it('honours stagingPercentage: inside the rollout updates, outside does not', async () => {
    writeFeed({ staging: 50 });
    const inside = service();
    setStagingUserId(work, '00000000-0000-4000-8000-000000000000'); // position 0.0
    expect((await inside.svc.check()).status).toBe('ready');

    rmSync(work, { recursive: true, force: true });
    work = mkdtempSync(join(tmpdir(), 'pop-updater-'));
    const outside = service();
    setStagingUserId(work, '00000000-0000-4000-8000-ffffffffffff'); // position 1.0
    const state = await outside.svc.check();
    expect(state.status).toBe('idle');
    expect(state.availableVersion).toBeNull();
  });

  it('honours the minimum version: must update, and a staged rollout no longer holds it back', async () => {
    writeFeed({ staging: 0 });
    const { svc } = service('0.1.0', { minVersionSource: () => fetchMinClientVersion(backendUrl, '0.1.0') });
    const state = await svc.check();
    expect(state.minVersion).toBe('0.2.0');
    expect(state.mustUpdate).toBe(true);
    expect(state.status).toBe('ready');
    expect(state.availableVersion).toBe('0.2.0');
  });

  it('a staged rollout at 0 % holds back a client without a minimum version', async () => {
    writeFeed({ staging: 0 });
    const { svc } = service('0.1.0', { minVersionSource: async () => '0.0.9' });
    const state = await svc.check();
    expect(state.mustUpdate).toBe(false);
    expect(state.status).toBe('idle');
  });

  it('installs at the chosen time when the user prefers it', async () => {
    const now = new Date(2026, 10, 28, 9, 0);
    const { svc } = service('0.1.0', { installPreference: () => ({ updateInstall: 'atTime', updateInstallTime: '12:30' }), now: () => now });
    const state = await svc.check();
    expect(state.status).toBe('ready');
    expect(state.installAt).toBe(new Date(2026, 10, 28, 12, 30).toISOString());
    svc.stop();
  });
});

describe('the desktop host with a real updater', () => {
  it('announces a downloaded update once, in the tray and as a notification that opens /settings', async () => {
    writeFileSync(join(work, 'policy.json'), JSON.stringify({ updates: { feedUrl } }));
    const host = new DesktopHost({
      dataDir: join(work, 'data'),
      logDir: null,
      policyFile: join(work, 'policy.json'),
      log: silentLogger,
      appVersion: '0.1.0',
      shell: 'electron',
      platform: 'win32 x64',
      startAtLoginSupported: true,
      updater: { engine: createNodeUpdater({ dir: work, version: '0.1.0', feedUrl: 'http://127.0.0.1:9/not-this-one' }), disabledReason: null },
    });
    const shown: PlannedNotification[] = [];
    host.onNotification((n) => shown.push(n));
    expect((await host.updates.check()).status).toBe('ready'); // the policy's feed won over the build's
    await host.updates.check();
    await host.refresh();
    expect(shown).toEqual([{ kind: 'update', title: 'Nieuwe versie klaar', body: 'Pop Index 0.2.0 wordt geïnstalleerd bij het afsluiten.', route: '/settings' }]);
    expect(host.trayModel().tooltip).toContain('nieuwe versie klaar');
    host.stop();
  });
});

describe('minimum version from the backend', () => {
  it('reads it from /api/v1/health, also when the backend answers 426 to an old client', async () => {
    expect(await fetchMinClientVersion(backendUrl, '0.2.0')).toBe('0.2.0');
    expect(await fetchMinClientVersion(backendUrl, '0.1.0')).toBe('0.2.0');
  });
});

describe('disabled updater', () => {
  it('is off when unpackaged, never checks, still reports a required minimum version', async () => {
    const svc = new UpdateService({ engine: null, disabledReason: 'unpackaged', currentVersion: '0.1.0', log: silentLogger, installPreference: () => ({ updateInstall: 'onQuit', updateInstallTime: '12:30' }) });
    svc.start();
    expect((await svc.check()).status).toBe('disabled');
    svc.setMinVersion('1.0.0');
    expect(svc.state()).toMatchObject({ status: 'disabled', disabledReason: 'unpackaged', mustUpdate: true });
    svc.stop();
  });

  it('updates off by policy (MSI fleets) still learn the backend minimum version', async () => {
    const svc = new UpdateService({ engine: null, disabledReason: 'policy', currentVersion: '0.1.0', log: silentLogger, installPreference: () => ({ updateInstall: 'onQuit', updateInstallTime: '12:30' }), minVersionSource: () => fetchMinClientVersion(backendUrl, '0.1.0') });
    expect(await svc.check()).toMatchObject({ status: 'disabled', disabledReason: 'policy', minVersion: '0.2.0', mustUpdate: true });
    expect(svc.installNow()).toBe(false);
  });

  it('plans the next time of day strictly after now', () => {
    expect(nextTimeOfDay(new Date(2026, 0, 1, 12, 30), '12:30')).toEqual(new Date(2026, 0, 2, 12, 30));
    expect(nextTimeOfDay(new Date(2026, 0, 1, 8, 0), '12:30')).toEqual(new Date(2026, 0, 1, 12, 30));
  });
});
