/**
 * The web harness over real HTTP: the core (against the real backend) behind startHarness, with
 * the built-in token, Host/Origin checks, CSP headers, traversal-safe static files, RPC envelopes
 * and the SSE event stream.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type PopServer } from '../../src/server/app.js';
import { createCore, createMemorySecretStore, type Core } from '../../src/main/core/index.js';
import { mergeHandlers } from '../../src/main/desktop/merge-handlers.js';
import { silentLogger } from '../../src/main/core/logging/logger.js';
import { startHarness, type Harness } from '../../src/main/web/server.js';
import { tempDir } from './helpers.js';

const tmp = tempDir('pop-web-');
const token = 'test-token-0123456789';
let server: PopServer;
let core: Core;
let harness: Harness;
let base: string;
const secrets = createMemorySecretStore();

beforeAll(async () => {
  server = await createServer({ file: join(tmp.dir, 'server.sqlite'), databaseUrl: null, seed: { size: 120 }, oidc: null, updatesDir: null });
  const url = await server.listen(0, '127.0.0.1');
  core = createCore({ dataDir: join(tmp.dir, 'desktop'), backend: { url }, secretStore: secrets, live: false, pollMs: 3_600_000 });
  await core.start();
  const staticDir = join(tmp.dir, 'renderer');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Pop Index</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(tmp.dir, 'secret.txt'), 'secret');
  harness = await startHarness({ handlers: mergeHandlers(core.handlers), on: core.on, staticDir, token, log: silentLogger });
  base = `http://127.0.0.1:${harness.port}`;
});
afterAll(async () => {
  await harness?.close();
  await core?.stop();
  await server?.close();
  tmp.cleanup();
});

const rpc = (method: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/rpc/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-pop-harness-token': token, ...headers }, body: JSON.stringify(body) });

/** Raw GET with a chosen Host header and an unnormalised path (fetch would clean both). */
function rawGet(path: string, host = `127.0.0.1:${harness.port}`): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: harness.port, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web harness', () => {
  it('prints a URL with the token and serves the renderer with the app CSP', async () => {
    expect(harness.url).toBe(`${base}/#token=${token}`);
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('Pop Index');
    expect((await fetch(`${base}/assets/app.js`)).headers.get('content-type')).toMatch(/javascript/);
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt', '/%2e%2e%2fsecret.txt', '/..%5csecret.txt', '/%00index.html', '/.hidden']) {
      expect(await rawGet(path), path).toBe(404);
    }
  });

  it('refuses calls without the token, from another origin or another Host', async () => {
    const noToken = await fetch(`${base}/rpc/app.info`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(noToken.status).toBe(401);
    expect((await rpc('app.info', {}, { 'x-pop-harness-token': 'wrong-token-0123456789' })).status).toBe(401);
    expect((await rpc('app.info', {}, { origin: 'http://evil.example' })).status).toBe(403);
    expect(await rawGet('/', 'evil.example')).toBe(421);
    expect((await fetch(`${base}/events?token=nope`)).status).toBe(401);
  });

  it('carries the contract: envelopes for good and bad input', async () => {
    const info = await (await rpc('app.info', {})).json();
    expect(info).toMatchObject({ ok: true, value: { shell: 'web', demo: false } });
    const bad = await (await rpc('directory.search', { limit: -1 })).json();
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const unknown = await (await rpc('nope.nothing', {})).json();
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    const broken = await fetch(`${base}/rpc/app.info`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-pop-harness-token': token }, body: '{nope' });
    expect(broken.status).toBe(400);
    // A malformed method name is a clear 400, not a 500.
    const malformed = await rpc('%E0%A4%A', {});
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'Malformed method name' } });
    // Control characters and direction overrides never reach a handler.
    for (const query of ['a\u0000b', '\u202eJan', 'x\ud800']) {
      const refused = await (await rpc('directory.search', { query, offset: 0, limit: 5 })).json();
      expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('input.query') } });
    }
  });

  it('streams events: sign in and sync show up as sync.status and data.changed', async () => {
    const controller = new AbortController();
    const res = await fetch(`${base}/events?token=${token}`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const seen = (async () => {
      while (!text.includes('event: data.changed')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += value;
      }
    })();
    const signIn = await (await rpc('session.signIn', { username: 'demo', password: 'demo' })).json();
    expect(signIn).toMatchObject({ ok: true, value: { signedIn: true } });
    await (await rpc('sync.now', {})).json();
    await seen;
    controller.abort();
    expect(text).toContain('event: sync.status');
    expect(text).toMatch(/event: data\.changed\ndata: \{"collections":\[/);
    // The session token never reaches the browser.
    const stored = JSON.parse((await secrets.get('session-token'))!) as { token: string };
    expect(stored.token.length).toBeGreaterThan(15);
    expect(text).not.toContain(stored.token);
    expect(JSON.stringify(signIn)).not.toContain(stored.token);
  });
});

describe('web harness events', () => {
  it('sends only events that match the contract (the renderer carries no schemas)', async () => {
    const listeners = new Map<string, (payload: unknown) => void>();
    const staticDir = join(tmp.dir, 'renderer');
    const own = await startHarness({
      handlers: mergeHandlers(core.handlers),
      on: (event, listener) => {
        listeners.set(event, listener as (payload: unknown) => void);
        return () => listeners.delete(event);
      },
      staticDir,
      token,
      log: silentLogger,
    });
    try {
      const controller = new AbortController();
      const res = await fetch(`http://127.0.0.1:${own.port}/events?token=${token}`, { signal: controller.signal });
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      listeners.get('sync.status')!({ online: 'maybe' });
      listeners.get('app.navigate')!({ route: 'javascript:alert(1)' });
      listeners.get('data.changed')!({ collections: ['people'] });
      let text = '';
      while (!text.includes('event: data.changed')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += value;
      }
      controller.abort();
      expect(text).toContain('data: {"collections":["people"]}');
      expect(text).not.toContain('sync.status');
      expect(text).not.toContain('app.navigate');
    } finally {
      await own.close();
    }
  });
});
