/**
 * The live stream's coalescing (src/server/sync/events.ts): a lone change is told at once, a burst
 * becomes a few events instead of one per change, and the burst's last change is always followed
 * by an event (never swallowed). Driven by a notifier this test controls, on a real Fastify server
 * and a real HTTP stream; the counts do not depend on how fast this machine is.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeListener, ChangeNotifier } from '../../src/server/sync/notifier.js';
import { registerEvents } from '../../src/server/sync/events.js';
import { openEvents } from './sse-client.js';

function controlledNotifier(): ChangeNotifier & { emit(tenant: string): void } {
  const listeners = new Set<ChangeListener>();
  return {
    subscribe: (l) => (listeners.add(l), () => void listeners.delete(l)),
    poke: () => undefined,
    barrier: async () => false,
    connection: () => 0,
    close: async () => listeners.clear(),
    emit: (tenant) => {
      for (const l of listeners) l(new Set([tenant]));
    },
  };
}

describe('live events: coalescing', () => {
  let app: FastifyInstance | null = null;
  afterEach(async () => {
    await app?.close();
    app = null;
  });

  async function start(coalesceMs: number) {
    const notifier = controlledNotifier();
    app = Fastify();
    app.decorateRequest('scope', null);
    registerEvents(app, {
      notifier,
      coalesceMs,
      stillValid: async () => true,
      authenticate: async (request) => {
        (request as unknown as { scope: unknown }).scope = { visibleTenants: ['poperinge'], version: 'v', departmentId: null, user: {} };
      },
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const stream = await openEvents(url, 'x'.repeat(30));
    await stream.waitFor('ready', 0);
    return { notifier, stream };
  }

  it('tells a lone change at once, without waiting for the coalescing window', async () => {
    // A window of a minute: only a leading-edge event can arrive within the wait below.
    const { notifier, stream } = await start(60_000);
    notifier.emit('poperinge');
    await stream.waitFor('changes', 0, 5000);
    expect(stream.count('changes')).toBe(1);
    stream.close();
  });

  it('turns a burst into a few events and always tells the last change', async () => {
    const { notifier, stream } = await start(200);
    for (let i = 0; i < 50; i++) notifier.emit('poperinge');
    await stream.waitFor('changes', 1, 5000); // the leading one and the burst's trailing one
    expect(stream.count('changes')).toBeLessThanOrEqual(3);
    stream.close();
  });
});
