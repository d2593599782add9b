/**
 * A scripted backend for the pull tests: it answers login and health like the real one, and each
 * pull with whatever the test queued (valid pages, hostile pages, broken JSON, huge bodies). It is
 * the hostile party under test, so it cannot be the real server.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** `cut`: send the headers and half the body, then drop the connection (a server dying mid-answer). */
export type Reply = { status?: number; json?: unknown; raw?: string; bytes?: number; headers?: Record<string, string>; cut?: boolean };

export interface ScriptedBackend {
  url: string;
  pulls: (string | null)[];
  /** Bodies of POST /api/v1/sync/problems (rows the desktop quarantined). */
  problems: unknown[];
  queue(...replies: Reply[]): void;
  close(): Promise<void>;
}

const login = {
  token: 'tok-0123456789abcdef',
  expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  user: { id: 'u1', username: 'demo', displayName: 'Demo', municipalityId: 'poperinge', personId: null, roles: ['staff'] },
};

function send(res: ServerResponse, reply: Reply): void {
  if (reply.cut) {
    const body = Buffer.from(reply.raw ?? JSON.stringify(reply.json));
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', 'content-length': String(body.length) });
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
    return;
  }
  if (reply.bytes !== undefined) {
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let left = reply.bytes;
    const pump = (): void => {
      while (left > 0) {
        left -= chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('error', () => undefined);
    return pump();
  }
  res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
  res.end(reply.raw ?? JSON.stringify(reply.json));
}

export async function startScriptedBackend(): Promise<ScriptedBackend> {
  const replies: Reply[] = [];
  const pulls: (string | null)[] = [];
  const problems: unknown[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/api/v1/sync/problems') {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        const parsed = JSON.parse(body) as { problems: unknown[] };
        problems.push(...parsed.problems);
        send(res, { json: { received: parsed.problems.length } });
      });
      return;
    }
    req.resume();
    if (url.pathname === '/api/v1/auth/login') return send(res, { json: login });
    if (url.pathname === '/api/v1/health') return send(res, { json: { status: 'ok', version: '1', protocol: 1, database: 'sqlite', minClientVersion: null } });
    if (url.pathname === '/api/v1/sync/pull') {
      const cursor = url.searchParams.get('cursor');
      pulls.push(cursor);
      // Nothing queued: "no changes" at the same cursor (background syncs consume no scripted reply).
      return send(res, replies.shift() ?? page([], cursor ?? 'c0'));
    }
    if (url.pathname === '/api/v1/sync/push') return send(res, { status: 503, json: { error: 'unavailable', message: 'push is down' } });
    send(res, { status: 404, json: { error: 'not_found', message: 'not here' } });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    pulls,
    problems,
    queue: (...r) => replies.push(...r),
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export function page(changes: unknown[], cursor: string, options: { hasMore?: boolean; reset?: boolean } = {}): Reply {
  return { json: { protocol: 1, reset: options.reset ?? false, cursor, hasMore: options.hasMore ?? false, remaining: options.hasMore ? 10 : 0, changes } };
}
