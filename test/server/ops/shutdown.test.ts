/**
 * Graceful shutdown: close() stops taking connections, ends the live event streams (desktops
 * reconnect elsewhere), lets a request already in flight finish with its real answer, and only
 * then closes the database. No timing: the slow request waits on a gate the test opens.
 */
import { describe, expect, it } from 'vitest';
import type { ServerFeature } from '../../../src/server/features/types.js';
import { directoryFeature } from '../../../src/server/features/directory/index.js';
import { PROTOCOL_HEADER } from '../../../src/shared/sync/protocol.js';
import { api, KINDS, skipKind, startServer } from '../helpers.js';
import { openEvents } from '../sse-client.js';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe.each(KINDS)('graceful shutdown on %s', (kind) => {
  it.skipIf(skipKind(kind))('an in-flight request completes during close; live streams end; new connections are refused', async () => {
    const entered = gate();
    const release = gate();
    const slow: ServerFeature = {
      name: 'slow',
      migrations: [],
      collections: {},
      commands: {},
      routes(app, ctx) {
        app.get('/api/v1/slow', async () => {
          entered.open();
          await release.opened;
          // The database is still open while the request finishes.
          const row = await ctx.db.selectFrom('server_meta').select('value').where('key', '=', 'epoch').executeTakeFirstOrThrow();
          return { done: true, epoch: row.value };
        });
      },
    };
    const s = await startServer(kind, { features: [directoryFeature, slow], oidc: null, updatesDir: null });
    let stopped = false;
    try {
      const { token } = await api(s.url).login('demo');
      const stream = await openEvents(s.url, token);
      expect(stream.status).toBe(200);
      await stream.waitFor('ready', 0);

      const inFlight = fetch(`${s.url}/api/v1/slow`, { headers: { [PROTOCOL_HEADER]: '1' } });
      await entered.opened;
      let closeDone = false;
      const closing = s.server.close().then(() => (closeDone = true));
      // The listener stops at once: a new connection is refused while the slow request still runs.
      while (s.server.app.server.listening) await new Promise((r) => setImmediate(r));
      await expect(fetch(`${s.url}/api/v1/health`, { headers: { connection: 'close' } })).rejects.toThrow();
      expect(closeDone).toBe(false);

      release.open();
      const res = await inFlight;
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ done: true, epoch: expect.any(String) });
      await closing;
      stopped = true;
      expect(closeDone).toBe(true);
      // The live stream was ended by the server (the desktop's EventSource reconnects elsewhere).
      await stream.waitFor('<closed>', 0);
    } finally {
      if (!stopped) await s.server.close();
      await s.store.drop();
    }
  }, 60_000);
});
