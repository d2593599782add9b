/**
 * The core in its own worker thread (src/main/core-host), against the real backend: the contract
 * over the message channel, secrets kept by the host, a worker killed in the middle of a first
 * sync (restarted, the sync resumes, the reservation queued just before is sent once), giving up
 * after repeated crashes, a clean stop; and the host's checks on what the worker sends.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type PopServer } from '../../src/server/app.js';
import { createCoreHost, type CoreHost, type CoreTransport, type SpawnCore } from '../../src/main/core-host/host.js';
import { workerThreadTransport } from '../../src/main/core-host/thread-transport.js';
import type { ToWorker } from '../../src/main/core-host/protocol.js';
import { createMemorySecretStore } from '../../src/main/core/index.js';
import { createLogger, type Logger } from '../../src/main/core/logging/logger.js';
import type { SyncStatus } from '../../src/shared/ipc/contract.js';
import { tempDir } from '../core/helpers.js';

const tmp = tempDir('pop-core-host-');
let server: PopServer;
let backendUrl: string;

/** A pass-through proxy to the backend that can hold sync pulls (to catch a first sync midway). */
let proxy: Server;
let proxyUrl: string;
let holdPulls = false;
let heldPull: (() => void) | null = null;
let pullsHeld = 0;
/** What a desktop that synced without a crash holds (the first test sets it). */
let syncedPeople = 0;

beforeAll(async () => {
  server = await createServer({ file: join(tmp.dir, 'server.sqlite'), databaseUrl: null, seed: { size: 300 }, oidc: null, updatesDir: null });
  backendUrl = await server.listen(0, '127.0.0.1');
  proxy = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const forward = async () => {
        const headers = Object.fromEntries(Object.entries(req.headers).filter(([k, v]) => typeof v === 'string' && k !== 'host' && k !== 'connection')) as Record<string, string>;
        const upstream = await fetch(`${backendUrl}${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
        const body = Buffer.from(await upstream.arrayBuffer());
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
        res.end(body);
      };
      if (holdPulls && req.url?.startsWith('/api/v1/sync/pull')) {
        pullsHeld++;
        heldPull = () => void forward().catch(() => res.destroy());
      } else void forward().catch(() => res.destroy());
    });
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  proxy?.closeAllConnections();
  await new Promise<void>((r) => (proxy ? proxy.close(() => r()) : r()));
  await server?.close();
  tmp.cleanup();
});

/** A logger that remembers every line (to see what crossed from the worker). */
function recordingLog(lines: string[], scope = ''): Logger {
  const base = createLogger({ level: 'error' });
  const line = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push(`${level} ${scope}${message} ${JSON.stringify(fields ?? {})}`);
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error'), scope: (name) => recordingLog(lines, `${scope}${name}: `), flush: base.flush };
}

function hostFor(dir: string, url: string, extra: Partial<Parameters<typeof createCoreHost>[0]> = {}) {
  const secrets = createMemorySecretStore();
  const lines: string[] = [];
  const transports: CoreTransport[] = [];
  const spawnThread = workerThreadTransport();
  const spawn: SpawnCore = () => {
    const t = spawnThread();
    transports.push(t);
    return t;
  };
  const host = createCoreHost({
    spawn,
    core: { dataDir: join(tmp.dir, dir), backend: { url }, live: false, pollMs: 3_600_000, pageLimit: 20, version: '0.1.0', shell: 'web' },
    secretStore: secrets,
    log: recordingLog(lines),
    restartDelayMs: () => 50,
    ...extra,
  });
  const statuses: SyncStatus[] = [];
  host.on('sync.status', (s) => statuses.push(s));
  return { host, secrets, lines, transports, statuses };
}

async function until<T>(what: string, probe: () => T | undefined | null | false, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('core in a worker thread', () => {
  let a: ReturnType<typeof hostFor>;
  beforeAll(async () => {
    a = hostFor('desktop-a', backendUrl);
    await a.host.start();
  }, 120_000);
  afterAll(async () => {
    await a?.host.stop();
  });

  it('serves the contract over the channel, keeps the token in the host and forwards events', async () => {
    const host: CoreHost = a.host;
    expect(host.state()).toBe('running');
    expect(await host.handlers['app.info']({})).toMatchObject({ shell: 'web', demo: false, backendUrl });
    const session = await host.handlers['session.signIn']({ username: 'demo', password: 'demo' });
    expect(session.signedIn).toBe(true);
    // The worker asked the host to store the token: the secret store lives in the host.
    expect(await a.secrets.get('session-token')).toMatch(/./);
    const status = await host.handlers['sync.now']({});
    expect(status.ready).toBe(true);
    const found = await host.handlers['directory.search']({ query: 'a', offset: 0, limit: 5 });
    expect(found.items.length).toBe(5);
    expect(found.total).toBeGreaterThan(5);
    syncedPeople = (await host.handlers['directory.search']({ query: '', offset: 0, limit: 1 })).total;
    expect(a.statuses.some((s) => s.syncing)).toBe(true);
    expect(a.statuses.at(-1)?.ready).toBe(true);
    // The worker validates too: bad input and unknown methods come back as envelopes.
    expect(await host.call('directory.search', { limit: -1 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await host.call('settings.get', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    await expect(host.handlers['directory.person']({ id: 'nobody' })).resolves.toBeNull();
  });

  it.runIf(process.platform === 'linux')('runs the worker thread below normal priority, the host thread at normal', () => {
    const nice = (tid: string) => {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    };
    const threads = readdirSync('/proc/self/task').map((tid) => ({ tid, nice: nice(tid) }));
    expect(nice(String(process.pid))).toBe(0);
    expect(threads.filter((t) => t.nice === 10)).toHaveLength(1);
  });

  it('drops a malformed message at the worker and logs it through the host', async () => {
    a.transports.at(-1)!.post({ kind: 'call', id: 'x' } as unknown as ToWorker);
    await until('the worker to log the dropped message', () => a.lines.find((l) => l.includes('malformed message from host dropped')));
    expect((await a.host.handlers['sync.status']({})).ready).toBe(true);
  });
});

describe('a core worker that dies', () => {
  it('killed in the middle of a first sync: restarted, the sync resumes and the queued reservation is sent once', async () => {
    const b = hostFor('desktop-b', proxyUrl);
    try {
      await b.host.start();
      await b.host.handlers['session.signIn']({ username: 'demo', password: 'demo' });
      // Let the first pages through, then hold the next pull: the worker is mid-sync for sure.
      holdPulls = true;
      pullsHeld = 0;
      const syncing = b.host.call('sync.now', {});
      await until('a pull to be held', () => pullsHeld > 0);
      const before = await b.host.handlers['sync.status']({});
      expect(before).toMatchObject({ syncing: true, ready: false });
      const session = await b.host.handlers['session.get']({});
      const department = await server.db.kysely.selectFrom('departments').select('id').where('municipality_id', '=', session.user!.municipalityId).executeTakeFirstOrThrow();
      const departmentId = department.id;
      const subject = 'Na de herstart verstuurd';
      await b.host.handlers['letters.reserve']({ subject, recipient: 'Familie Testmans', departmentId, handlingOfficer: 'An Peeters', dispatchMethod: 'post', yourReference: null, dossier: null });
      expect((await b.host.handlers['sync.status']({})).pendingCommands).toBeGreaterThanOrEqual(1);
      const inFlight = b.host.call('directory.search', { query: 'a', offset: 0, limit: 5 });

      b.host.crash(); // as the OS would: no stop, no cache close
      holdPulls = false;
      heldPull?.();
      // The call that was waiting for the sync and the one racing the crash get a clear answer.
      expect(await syncing).toMatchObject({ ok: false, error: { code: 'core_restarting' } });
      const raced = await inFlight;
      if (!raced.ok) expect(raced.error.code).toBe('core_restarting');
      await until('the restart status', () => b.statuses.find((s) => s.error?.code === 'core_restarting'));
      await until('the new worker', () => b.host.state() === 'running');
      expect(b.host.restarts()).toBe(1);
      expect(b.transports).toHaveLength(2);

      // The new worker restored the session from the host's secret store and finishes the sync.
      const after = await b.host.handlers['sync.now']({});
      expect(after).toMatchObject({ ready: true, pendingCommands: 0, error: null });
      const mine = await b.host.handlers['letters.mine']({ limit: 50 });
      expect(mine.filter((l) => l.subject === subject)).toEqual([expect.objectContaining({ state: 'reserved', number: expect.stringMatching(/^\d{4}\/\d{5}$/) })]);
      const onServer = await server.db.kysely.selectFrom('sync_commands').select('type').where('type', '=', 'letters.reserve').execute();
      expect(onServer).toHaveLength(1);
      const cached = await b.host.handlers['directory.search']({ query: '', offset: 0, limit: 1 });
      expect(syncedPeople).toBeGreaterThan(100);
      expect(cached.total).toBe(syncedPeople);
      expect(b.lines.some((l) => l.startsWith('error core-host: core worker exited unexpectedly'))).toBe(true);
    } finally {
      holdPulls = false;
      await b.host.stop();
    }
  });

  it('gives up after repeated crashes: calls and the status say so', async () => {
    const c = hostFor('desktop-c', backendUrl, { maxRestarts: 1, restartDelayMs: () => 0 });
    await c.host.start();
    c.host.crash();
    await until('the first restart', () => c.host.state() === 'running' && c.host.restarts() === 1);
    c.host.crash();
    await until('giving up', () => c.host.state() === 'failed');
    expect(c.statuses.at(-1)?.error?.code).toBe('core_failed');
    expect(await c.host.call('sync.status', {})).toMatchObject({ ok: false, error: { code: 'core_restarting', message: expect.stringMatching(/Quit and reopen/) } });
    await c.host.stop();
    expect(c.host.state()).toBe('stopped');
  });

  it('stop closes the cache cleanly before the worker ends', async () => {
    const d = hostFor('desktop-d', backendUrl);
    await d.host.start();
    await d.host.handlers['session.signIn']({ username: 'demo', password: 'demo' });
    expect((await d.host.handlers['sync.now']({})).ready).toBe(true);
    await d.host.stop();
    expect(d.host.state()).toBe('stopped');
    expect(d.lines.some((l) => l.includes('did not stop in time'))).toBe(false);
    // Closed by SQLite (not killed): the write-ahead log was checkpointed and removed.
    const file = join(tmp.dir, 'desktop-d', 'cache.sqlite');
    expect(existsSync(`${file}-wal`)).toBe(false);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    expect(await d.host.call('app.info', {})).toMatchObject({ ok: false, error: { code: 'core_restarting' } });
  });
});

/** A worker stand-in: answers init with ready, then whatever the test scripts. */
function fakeWorker(script: (message: ToWorker, reply: (m: unknown) => void) => void) {
  const sent: ToWorker[] = [];
  let listener: (m: unknown) => void = () => undefined;
  let exit: (code: number | null) => void = () => undefined;
  const transport: CoreTransport = {
    post(message) {
      sent.push(message);
      queueMicrotask(() => {
        if (message.kind === 'init') listener({ kind: 'ready' });
        else if (message.kind === 'stop') {
          listener({ kind: 'stopped' });
        } else script(message, listener);
      });
    },
    onMessage: (fn) => (listener = fn),
    onExit: (fn) => (exit = fn),
    kill: () => queueMicrotask(() => exit(null)),
  };
  return { transport, sent, send: (m: unknown) => listener(m) };
}

describe('what the host accepts from a worker', () => {
  it('checks results against the contract, events against their schema, and drops malformed messages', async () => {
    const lines: string[] = [];
    const secrets = createMemorySecretStore();
    await secrets.set('k', 'v');
    const fake = fakeWorker((m, reply) => {
      if (m.kind !== 'call') return;
      if (m.method === 'app.info') reply({ kind: 'result', id: m.id, envelope: { ok: true, value: { version: 1 } } });
      else if (m.method === 'sync.status') reply({ kind: 'result', id: m.id, envelope: { ok: false, error: { code: 'made_up', message: 'x' } } });
      else reply({ kind: 'result', id: m.id, envelope: { ok: true, value: { filename: 'a.csv', content: '' } } });
    });
    const host = createCoreHost({ spawn: () => fake.transport, core: { dataDir: tmp.dir, backend: { demo: true } }, secretStore: secrets, log: recordingLog(lines) });
    const events: unknown[] = [];
    host.on('data.changed', (p) => events.push(p));
    await host.start();
    expect(await host.call('app.info', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(lines.some((l) => l.includes('answered outside the contract'))).toBe(true);
    expect(await host.call('sync.status', {})).toEqual({ ok: false, error: { code: 'internal', message: 'x' } });
    expect(await host.call('letters.exportCsv', { year: 2026 })).toEqual({ ok: true, value: { filename: 'a.csv', content: '' } });

    fake.send({ kind: 'event', event: 'data.changed', payload: { collections: 'all' } });
    fake.send({ kind: 'event', event: 'no.such', payload: {} });
    fake.send({ kind: 'event', event: 'data.changed', payload: { collections: ['people'] } });
    fake.send({ kind: 'shell', command: 'rm -rf' });
    fake.send({ kind: 'log', level: 'info', scope: ['x'], message: 'from the worker', fields: { n: 1 } });
    expect(events).toEqual([{ collections: ['people'] }]);
    expect(lines.filter((l) => l.includes('dropped'))).toHaveLength(3);
    expect(lines).toContain('info x: from the worker {"n":1}');

    // The worker's requests reach the host's secret store; answers go back by id.
    fake.send({ kind: 'request', id: 7, op: 'secret.get', key: 'k' });
    fake.send({ kind: 'request', id: 8, op: 'openExternal', url: 'https://example.org/' });
    await until('both answers', () => fake.sent.filter((m) => m.kind === 'answer').length === 2);
    expect(fake.sent.filter((m) => m.kind === 'answer')).toEqual([
      { kind: 'answer', id: 7, ok: true, value: 'v' },
      { kind: 'answer', id: 8, ok: false, message: 'not available' },
    ]);
    await host.stop();
  });
});
