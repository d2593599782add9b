/**
 * The web harness entry (run by scripts/web.mjs through tsx): the same core and desktop host as the
 * Electron app, in plain Node, serving out/renderer and the contract over HTTP on 127.0.0.1.
 *
 *   --port <n>         default 0 (random, printed)
 *   --data-dir <dir>   default .data/web
 *   --backend <url>    a real backend (the user signs in on the sign-in screen); none = demo mode
 *
 * Prints `POP_WEB_URL=http://127.0.0.1:<port>/#token=<per-run token>` once ready; exits cleanly
 * on SIGTERM / SIGINT.
 */
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BackendUrl } from '../../shared/contract/settings.js';
import { createCoreHost } from '../core-host/host.js';
import { workerThreadTransport } from '../core-host/thread-transport.js';
import { createMemorySecretStore } from '../core/index.js';
import { createLogger } from '../core/logging/logger.js';
import { DesktopHost } from '../desktop/host.js';
import { mergeHandlers } from '../desktop/merge-handlers.js';
import { startHarness } from './server.js';

const root = resolve(new URL('../../..', import.meta.url).pathname);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '0' }, 'data-dir': { type: 'string', default: '.data/web' }, backend: { type: 'string' } },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid --port: ${values.port}`);
  const backendArg = values.backend ? BackendUrl.safeParse(values.backend) : null;
  if (backendArg && !backendArg.success) throw new Error(`Invalid --backend: ${backendArg.error.issues[0]?.message ?? 'bad URL'}`);
  const dataDir = resolve(values['data-dir']);
  const log = createLogger({ dir: join(dataDir, 'logs'), level: 'info' });
  const version = '0.1.0';

  const host = new DesktopHost({
    dataDir,
    logDir: join(dataDir, 'logs'),
    policyFile: process.env.POP_INDEX_POLICY ?? join(dataDir, 'policy.json'),
    log,
    appVersion: version,
    shell: 'web',
    platform: `${process.platform} ${process.arch}`,
    runtime: { node: process.versions.node },
    startAtLoginSupported: false,
    updater: { engine: null, disabledReason: 'web' },
  });
  const backendUrl = backendArg?.data ?? host.backendUrl();
  // The core runs in a worker thread, as it runs in a utility process in Electron: same channel,
  // same restart on a crash; this process only serves HTTP and the desktop host.
  const core = createCoreHost({
    spawn: workerThreadTransport(undefined, (err) => log.error('core worker crashed', { error: err.name })),
    core: {
      dataDir,
      backend: backendUrl ? { url: backendUrl } : { demo: true },
      // A browser tab opens links itself; the harness only validates them.
      linkPolicy: { httpsHosts: host.allowedLinkHosts() },
      version,
      shell: 'web',
    },
    secretStore: createMemorySecretStore(),
    log,
  });
  host.attachCore(core);
  const handlers = mergeHandlers(core.handlers, host.handlers);
  const hostListeners = new Map<string, Set<(payload: never) => void>>();
  host.on((event, payload) => {
    for (const listener of hostListeners.get(event) ?? []) listener(payload as never);
  });

  const harness = await startHarness({
    handlers,
    on(event, listener) {
      if (event === 'updates.state' || event === 'app.navigate') {
        const set = hostListeners.get(event) ?? new Set();
        hostListeners.set(event, set);
        set.add(listener as (payload: never) => void);
        return () => set.delete(listener as (payload: never) => void);
      }
      return core.on(event, listener);
    },
    staticDir: join(root, 'out', 'renderer'),
    token: randomBytes(24).toString('base64url'),
    port,
    log: log.scope('web'),
  });
  await core.start();
  host.start();

  console.log(`Pop Index web harness (${backendUrl ? `backend ${backendUrl}` : 'demo mode'}), data in ${dataDir}`);
  console.log(`Open ${harness.url}`);
  console.log(`POP_WEB_URL=${harness.url}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    await harness.close().catch(() => undefined);
    host.stop();
    await core.stop().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(`Pop Index web harness failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
