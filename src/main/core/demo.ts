/**
 * Demo mode: the embedded backend (src/server) started in-process on 127.0.0.1 with a random port,
 * its SQLite file under <dataDir>/demo-backend/, seeded with the demo dataset on first run (the
 * server seeds only an empty database, so later starts keep what the user did).
 */
import { createServer } from '../../server/app.js';
import type { Logger } from './logging/logger.js';

/** The demo account of the embedded backend (documented in src/server/README.md). */
export const DEMO_LOGIN = { username: 'demo', password: 'demo' } as const;

export interface DemoBackend {
  url: string;
  stop(): Promise<void>;
}

export async function startDemoBackend(dir: string, log: Logger): Promise<DemoBackend> {
  const server = await createServer({ dataDir: dir, databaseUrl: null, seed: {}, oidc: null, updatesDir: null });
  const url = await server.listen(0, '127.0.0.1');
  log.info('demo backend listening', { port: Number(new URL(url).port) });
  return { url, stop: () => server.close() };
}
