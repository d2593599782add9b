/**
 * GET /api/v1/sync/events: server-sent events "changes available" for the signed-in user's
 * visible tenants (no data: the client pulls). Coalesced per stream; pings keep it open; when the
 * session ends the stream says `unauthenticated` and closes.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import { PROTOCOL_VERSION, SYNC_EVENTS_PATH, type SyncEventName } from '../../shared/sync/protocol.js';
import type { Authenticate } from '../auth/hook.js';
import type { ChangeNotifier } from './notifier.js';

export interface EventsOptions {
  notifier: ChangeNotifier;
  authenticate: Authenticate;
  /** Re-checks the request's credentials (each ping); false ends the stream. */
  stillValid(request: FastifyRequest): Promise<boolean>;
  pingMs?: number;
  /** Changes arriving within this many ms of the last event go out as one event (default 10); a lone change at once. */
  coalesceMs?: number;
  /** True while the server shuts down: new streams are answered 503 (the desktop reconnects elsewhere). */
  closing?: () => boolean;
}

export function registerEvents(app: FastifyInstance, options: EventsOptions): { closeAll(): void; count(): number } {
  const open = new Set<ServerResponse>();
  app.get(SYNC_EVENTS_PATH, { preHandler: options.authenticate }, async (request, reply) => {
    if (options.closing?.()) return reply.code(503).header('retry-after', '1').send({ error: 'unavailable', message: 'This server is shutting down' });
    const scope = request.scope!;
    const visible = new Set(scope.visibleTenants);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const send = (event: SyncEventName, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    res.write('retry: 3000\n\n');
    send('ready', { protocol: PROTOCOL_VERSION });
    open.add(res);

    // Leading edge: a lone change goes out at once; more within coalesceMs of the last event go
    // out together as one event at the end of that window (never lost, never one per change).
    const coalesceMs = options.coalesceMs ?? 10;
    let pending: NodeJS.Timeout | null = null;
    let lastSent = -Infinity;
    const unsubscribe = options.notifier.subscribe((tenants) => {
      if (pending) return;
      if (!tenants.has('*') && ![...tenants].some((t) => visible.has(t))) return;
      const wait = lastSent + coalesceMs - performance.now();
      const fire = () => {
        pending = null;
        lastSent = performance.now();
        send('changes', {});
      };
      if (wait <= 0) fire();
      else pending = setTimeout(fire, wait);
    });
    const ping = setInterval(() => {
      void options.stillValid(request).then((ok) => {
        if (ok) res.write(': ping\n\n');
        else {
          send('unauthenticated', {});
          res.end();
        }
      });
    }, options.pingMs ?? 20_000);
    const cleanup = () => {
      unsubscribe();
      clearInterval(ping);
      if (pending) clearTimeout(pending);
      open.delete(res);
    };
    res.on('close', cleanup);
  });
  return {
    count: () => open.size,
    closeAll() {
      for (const res of open) res.end();
      open.clear();
    },
  };
}
