/**
 * A damaged or unwritable cache never stops the app, and never costs the user a queued action.
 * Real files, a real backend: the cache is truncated, overwritten, or has garbage written into
 * its middle (found at start, or while running); the data folder is read-only. Each time the core
 * starts, says so in one notice, keeps the pending outbox and its client id, and syncs afresh.
 */
import { chmodSync, closeSync, existsSync, openSync, readdirSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type PopServer } from '../../src/server/app.js';
import { createCore, createMemorySecretStore } from '../../src/main/core/index.js';
import { tempDir } from './helpers.js';

const tmp = tempDir('pop-cache-recovery-');
let server: PopServer;
let url: string;
const isRoot = process.getuid?.() === 0;

beforeAll(async () => {
  server = await createServer({ file: join(tmp.dir, 'server.sqlite'), databaseUrl: null, seed: { size: 120 }, oidc: null, updatesDir: null });
  url = await server.listen(0, '127.0.0.1');
}, 60_000);
afterAll(async () => {
  await server?.close();
  tmp.cleanup();
});

const secrets = createMemorySecretStore();
const open = async (dir: string) => {
  const core = createCore({ dataDir: dir, backend: { url }, secretStore: secrets, live: false, pollMs: 3_600_000 });
  await core.start();
  return core;
};

/** A synced desktop with one letter reservation queued while the backend "was away". */
async function desktopWithQueuedWork(name: string): Promise<{ dir: string; clientId: string }> {
  const dir = join(tmp.dir, name);
  const core = await open(dir);
  await core.handlers['session.signIn']({ username: 'demo', password: 'demo' });
  expect((await core.handlers['sync.now']({})).ready).toBe(true);
  const clientId = (core.db.prepare("SELECT value FROM core_state WHERE key = 'client_id'").get() as { value: string } | undefined)?.value ?? '';
  await core.stop();
  // The reservation is made while the backend cannot be reached: it waits in the outbox.
  const offline = createCore({ dataDir: dir, backend: { url: 'http://127.0.0.1:9' }, secretStore: secrets, live: false, pollMs: 3_600_000 });
  await offline.start();
  const session = await offline.handlers['session.get']({});
  const facets = await offline.handlers['directory.facets']({});
  const departmentId = facets.departments.find((d) => d.municipalityId === session.user!.municipalityId)!.id;
  await offline.handlers['letters.reserve']({ subject: `Bewaard na ${name}`, recipient: 'Familie Testmans', departmentId, handlingOfficer: 'An Peeters', dispatchMethod: 'post', yourReference: null, dossier: null });
  expect((await offline.handlers['sync.status']({})).pendingCommands).toBe(1);
  await offline.stop();
  return { dir, clientId };
}

async function expectRecovered(dir: string, name: string, clientId: string): Promise<void> {
  const core = await open(dir);
  try {
    const status = await core.handlers['sync.status']({});
    expect(status.notice).toMatchObject({ code: 'cache_rebuilt', kept: 1 });
    expect(status.pendingCommands).toBe(1);
    expect(readdirSync(dir).some((f) => f.startsWith('cache.broken-'))).toBe(true);
    // Still signed in, same client id: the queued reservation goes out and gets its number.
    const after = await core.handlers['sync.now']({});
    expect(after.ready).toBe(true);
    expect(after.pendingCommands).toBe(0);
    const mine = await core.handlers['letters.mine']({ limit: 50 });
    expect(mine.find((l) => l.subject === `Bewaard na ${name}`)).toMatchObject({ state: 'reserved', number: expect.stringMatching(/^\d{4}\/\d{5}$/) });
    expect(core.db.prepare("SELECT value FROM core_state WHERE key = 'client_id'").get()).toEqual({ value: clientId });
    expect((await core.handlers['directory.search']({ query: 'a', offset: 0, limit: 5 })).items.length).toBeGreaterThan(0);
  } finally {
    await core.stop();
  }
}

describe('a damaged cache is rebuilt, the outbox kept', () => {
  it('garbage written into the middle of the file (found by the start check)', async () => {
    const { dir, clientId } = await desktopWithQueuedWork('middle');
    const file = join(dir, 'cache.sqlite');
    const size = statSync(file).size;
    const fd = openSync(file, 'r+');
    // Damage pages in the second half (the directory's rows and indexes), not the outbox's first pages.
    for (let at = Math.floor(size * 0.5); at < size - 4096; at += 8192) writeSync(fd, Buffer.alloc(512, 0xa5), 0, 512, at);
    closeSync(fd);
    await expectRecovered(dir, 'middle', clientId);
  });

  it('overwritten with something that is not a database: a fresh cache, nothing to keep, still starts', async () => {
    const dir = join(tmp.dir, 'overwritten');
    const core = await open(dir);
    await core.stop();
    writeFileSync(join(dir, 'cache.sqlite'), 'dit is geen databank '.repeat(500));
    const again = await open(dir);
    expect((await again.handlers['sync.status']({})).notice).toMatchObject({ code: 'cache_rebuilt', kept: 0 });
    await again.stop();
  });

  it('truncated to half its size', async () => {
    const { dir } = await desktopWithQueuedWork('truncated');
    const file = join(dir, 'cache.sqlite');
    truncateSync(file, Math.floor(statSync(file).size / 2));
    const core = await open(dir);
    const status = await core.handlers['sync.status']({});
    expect(status.notice?.code).toBe('cache_rebuilt');
    await core.handlers['session.signIn']({ username: 'demo', password: 'demo' });
    expect((await core.handlers['sync.now']({})).ready).toBe(true);
    await core.stop();
  });

  it('corruption met while running: marked, told, rebuilt at the next start', async () => {
    const { dir, clientId } = await desktopWithQueuedWork('running');
    const core = await open(dir);
    const file = join(dir, 'cache.sqlite');
    // Damage the directory's pages under the running core, then make it read them during a sync.
    const size = statSync(file).size;
    const fd = openSync(file, 'r+');
    for (let at = Math.floor(size * 0.5); at < size - 4096; at += 4096) writeSync(fd, Buffer.alloc(256, 0x5a), 0, 256, at + 100);
    closeSync(fd);
    core.db.pragma('cache_size = 0');
    const status = await Promise.resolve(core.handlers['sync.now']({})).catch(() => core.handlers['sync.status']({}));
    await core.stop();
    if (status.notice?.code === 'cache_corrupt') expect(existsSync(`${file}.corrupt`)).toBe(true);
    // Whether the running core noticed first or not, the next start rebuilds and keeps the queue.
    const next = await open(dir);
    const s = await next.handlers['sync.status']({});
    expect(s.notice?.code).toBe('cache_rebuilt');
    expect(next.db.prepare("SELECT value FROM core_state WHERE key = 'client_id'").get()).toEqual({ value: clientId });
    await next.stop();
  });
});

/** Make a path unwritable even for root (CI runs as root): chattr +i, else chmod. */
function freeze(path: string, on: boolean): boolean {
  if (isRoot) return spawnSync('chattr', [on ? '+i' : '-i', path]).status === 0;
  chmodSync(path, on ? (statSync(path).isDirectory() ? 0o555 : 0o444) : statSync(path).isDirectory() ? 0o755 : 0o644);
  return true;
}
const canFreeze = (() => {
  const probe = join(tmp.dir, 'freeze-probe');
  writeFileSync(probe, 'x');
  const ok = freeze(probe, true);
  if (ok) freeze(probe, false);
  if (!ok) console.log('skipped: cannot make a file read-only for this user (chattr refused)');
  return ok;
})();

describe.skipIf(!canFreeze)('an unwritable data folder', () => {
  it('opens the cache read-only, names the folder, and shows what it had', async () => {
    const dir = join(tmp.dir, 'readonly');
    const core = await open(dir);
    await core.handlers['session.signIn']({ username: 'demo', password: 'demo' });
    await core.handlers['sync.now']({});
    await core.stop();
    const frozen = [join(dir, 'cache.sqlite'), dir];
    for (const f of readdirSync(dir)) if (f !== 'cache.sqlite') frozen.unshift(join(dir, f));
    for (const f of frozen) freeze(f, true);
    try {
      const ro = await open(dir);
      const status = await ro.handlers['sync.status']({});
      expect(status.notice).toMatchObject({ code: 'data_folder_unwritable', folder: dir });
      expect((await ro.handlers['directory.search']({ query: 'a', offset: 0, limit: 5 })).items.length).toBeGreaterThan(0);
      await ro.stop();
    } finally {
      for (const f of frozen.reverse()) freeze(f, false);
    }
  });
});
