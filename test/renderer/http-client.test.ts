/// <reference types="node" />
/**
 * The renderer's HTTP transport against a real HTTP server on 127.0.0.1 that answers like the web
 * harness: envelopes become values or PopErrors with their code; the token travels in the header.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PopError } from '../../src/shared/ipc/contract.js';
import { TOKEN_HEADER } from '../../src/shared/ipc/http.js';
import { createHttpApi, unwrapEnvelope } from '../../src/renderer/api/http-client.js';

type Seen = { method: string | undefined; url: string | undefined; token: string | undefined; body: unknown };
const seen: Seen[] = [];
let server: Server;
let baseUrl = '';

function reply(res: ServerResponse, status: number, body: string, type = 'application/json') {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  let raw = '';
  for await (const chunk of req) raw += String(chunk);
  const body: unknown = raw ? JSON.parse(raw) : undefined;
  seen.push({ method: req.method, url: req.url, token: req.headers[TOKEN_HEADER] as string | undefined, body });
  if (req.headers[TOKEN_HEADER] !== 'secret') return reply(res, 401, 'no');
  switch (req.url) {
    case '/rpc/app.info':
      return reply(res, 200, JSON.stringify({ ok: true, value: { version: '1.2.3', demo: true, backendUrl: null, shell: 'web', platform: 'linux' } }));
    case '/rpc/directory.person':
      return reply(res, 200, JSON.stringify({ ok: true, value: null }));
    case '/rpc/directory.search':
      return reply(res, 200, JSON.stringify({ ok: false, error: { code: 'invalid_input', message: 'limit: too big' } }));
    case '/rpc/sync.now':
      return reply(res, 200, JSON.stringify({ ok: false, error: { code: 'weird_code', message: 'strange' } }));
    case '/rpc/sync.status':
      return reply(res, 500, '<html>crash</html>', 'text/html');
    default:
      return reply(res, 200, JSON.stringify({ something: 'else' }));
  }
}

beforeAll(async () => {
  server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function rejection(promise: Promise<unknown>): Promise<PopError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PopError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('HTTP api client', () => {
  it('posts the input with the token and returns the envelope value', async () => {
    const api = createHttpApi({ baseUrl, token: 'secret' });
    const info = await api['app.info']();
    expect(info.version).toBe('1.2.3');
    expect(seen.at(-1)).toEqual({ method: 'POST', url: '/rpc/app.info', token: 'secret', body: {} });
    expect(await api['directory.person']({ id: 'p-1' })).toBeNull();
    expect(seen.at(-1)?.body).toEqual({ id: 'p-1' });
  });

  it('throws a PopError with the code and message of a failed envelope', async () => {
    const api = createHttpApi({ baseUrl, token: 'secret' });
    const error = await rejection(api['directory.search']({ query: 'x', limit: 200 }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe('limit: too big');
  });

  it('maps an unknown error code to internal', async () => {
    const api = createHttpApi({ baseUrl, token: 'secret' });
    expect((await rejection(api['sync.now']())).code).toBe('internal');
  });

  it('refuses answers that are not envelopes', async () => {
    const api = createHttpApi({ baseUrl, token: 'secret' });
    expect((await rejection(api['sync.status']())).code).toBe('internal');
    expect((await rejection(api['session.get']())).message).toMatch(/Malformed/);
  });

  it('reports a wrong token as forbidden', async () => {
    const api = createHttpApi({ baseUrl, token: 'wrong' });
    expect((await rejection(api['app.info']())).code).toBe('forbidden');
  });

  it('reports an unreachable harness as offline', async () => {
    const api = createHttpApi({ baseUrl: 'http://127.0.0.1:9', token: 'secret' });
    expect((await rejection(api['app.info']())).code).toBe('offline');
  });

  it('unwrapEnvelope accepts ok envelopes with falsy values', () => {
    expect(unwrapEnvelope({ ok: true, value: 0 })).toBe(0);
    expect(unwrapEnvelope({ ok: true, value: null })).toBeNull();
    expect(() => unwrapEnvelope({ ok: true })).toThrow(PopError);
    expect(() => unwrapEnvelope('nope')).toThrow(PopError);
  });
});

/** Stands in for the browser's EventSource (jsdom has none): records the URL, dispatches by hand. */
class FakeEventSource extends EventTarget {
  static last: FakeEventSource | null = null;
  constructor(readonly url: string) {
    super();
    FakeEventSource.last = this;
  }
  emit(event: string, data: string) {
    this.dispatchEvent(new MessageEvent(event, { data }));
  }
}

describe('HTTP api events', () => {
  it('opens one stream with the token and delivers only readable object payloads (the harness checks them against the contract)', () => {
    const api = createHttpApi({ baseUrl, token: 'se cret', EventSource: FakeEventSource as unknown as new (url: string) => EventSource });
    const statuses: unknown[] = [];
    const changes: unknown[] = [];
    const offStatus = api.on('sync.status', (s) => statuses.push(s));
    api.on('data.changed', (c) => changes.push(c));
    const source = FakeEventSource.last!;
    expect(source.url).toBe(`${baseUrl}/events?token=se%20cret`);
    const status = { online: false, syncing: false, lastSyncAt: null, ready: true, progress: null, error: null, pendingCommands: 0, notice: null };
    source.emit('sync.status', JSON.stringify(status));
    source.emit('sync.status', JSON.stringify('online'));
    source.emit('sync.status', 'null');
    source.emit('sync.status', '{not json');
    source.emit('data.changed', JSON.stringify({ collections: ['people'] }));
    expect(statuses).toEqual([status]);
    expect(changes).toEqual([{ collections: ['people'] }]);
    offStatus();
    source.emit('sync.status', JSON.stringify(status));
    expect(statuses).toHaveLength(1);
    // a second listener on the same event, after unsubscribing, is attached once (no duplicates)
    const again: unknown[] = [];
    api.on('sync.status', (s) => again.push(s));
    source.emit('sync.status', JSON.stringify(status));
    expect(again).toHaveLength(1);
    expect(FakeEventSource.last).toBe(source);
  });
});
