/**
 * The web harness's HTTP server (127.0.0.1 only): the built renderer plus the contract, exactly as
 * src/shared/ipc/http.ts describes. Every RPC and the event stream need the per-run token; the Host
 * header must be this server (no DNS rebinding) and a cross-origin browser request is refused.
 * Responses carry the same CSP as the desktop window.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EVENTS, type EventName } from '../../shared/ipc/channels.js';
import { eventSchemas, type EventPayload } from '../../shared/ipc/contract.js';
import { EVENTS_PATH, RPC_PATH, TOKEN_HEADER } from '../../shared/ipc/http.js';
import { dispatch, type Handlers } from '../core/dispatch.js';
import type { Logger } from '../core/logging/logger.js';
import { CONTENT_SECURITY_POLICY } from '../desktop/app-protocol.js';
import { resolveStatic, sendStatic } from './static.js';

/** The desktop window's CSP (one definition for both hosts). */
export const CSP = CONTENT_SECURITY_POLICY;

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

/** Room for an order attachment (10 MB) as base64 in a JSON call (orders.attach). */
const MAX_BODY = 16 * 1024 * 1024;

export interface HarnessOptions {
  handlers: Handlers;
  /** Subscribe to the contract's events (core + desktop host). */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  staticDir: string;
  token: string;
  port?: number;
  log: Logger;
  pingMs?: number;
}

export interface Harness {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('too_large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startHarness(o: HarnessOptions): Promise<Harness> {
  const streams = new Set<ServerResponse>();
  let port = 0;

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) json(res, 500, { ok: false, error: { code: 'internal', message: 'Harness error' } });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return json(res, 421, { error: 'wrong_host', message: 'Unknown host' });
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const origin = req.headers.origin;
    if (origin && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) {
      return json(res, 403, { error: 'forbidden', message: 'Cross-origin request refused' });
    }

    if (url.pathname.startsWith(`${RPC_PATH}/`)) {
      if (req.method !== 'POST') return json(res, 405, { ok: false, error: { code: 'invalid_input', message: 'Use POST' } });
      if (!sameToken(req.headers[TOKEN_HEADER] as string | undefined, o.token)) {
        return json(res, 401, { ok: false, error: { code: 'forbidden', message: 'Missing or wrong harness token' } });
      }
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return json(res, 415, { ok: false, error: { code: 'invalid_input', message: 'Send application/json' } });
      }
      let input: unknown;
      try {
        const body = await readBody(req);
        input = body ? JSON.parse(body) : {};
      } catch (err) {
        const message = err instanceof Error && err.message === 'too_large' ? 'Request body too large' : 'Request body is not valid JSON';
        return json(res, 400, { ok: false, error: { code: 'invalid_input', message } });
      }
      let method: string;
      try {
        method = decodeURIComponent(url.pathname.slice(RPC_PATH.length + 1));
      } catch {
        return json(res, 400, { ok: false, error: { code: 'invalid_input', message: 'Malformed method name' } });
      }
      return json(res, 200, await dispatch(o.handlers, method, input, o.log));
    }

    if (url.pathname === EVENTS_PATH) {
      if (req.method !== 'GET') return json(res, 405, { error: 'method', message: 'Use GET' });
      if (!sameToken(url.searchParams.get('token'), o.token)) return json(res, 401, { error: 'forbidden', message: 'Missing or wrong harness token' });
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { error: 'method', message: 'Method not allowed' });
    const file = resolveStatic(o.staticDir, url.pathname);
    if (!file) return json(res, 404, { error: 'not_found', message: 'Not found' });
    sendStatic(res, file, SECURITY_HEADERS);
  }

  const unsubscribe = EVENTS.map((event) =>
    o.on(event, (raw) => {
      // Checked here, as Electron main checks before IPC: the renderer carries no schemas.
      const parsed = eventSchemas[event].safeParse(raw);
      if (!parsed.success) return o.log.warn('invalid event not sent', { event });
      const frame = `event: ${event}\ndata: ${JSON.stringify(parsed.data)}\n\n`;
      for (const stream of streams) stream.write(frame);
    }),
  );
  const ping = setInterval(() => {
    for (const stream of streams) stream.write(': ping\n\n');
  }, o.pingMs ?? 20_000);
  ping.unref();

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;

  return {
    server,
    port,
    url: `http://127.0.0.1:${port}/#token=${encodeURIComponent(o.token)}`,
    async close() {
      clearInterval(ping);
      for (const off of unsubscribe) off();
      for (const stream of streams) stream.end();
      streams.clear();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
