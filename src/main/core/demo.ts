/**
 * Demo mode: the embedded backend (src/server) started in-process on 127.0.0.1 with a random port,
 * its SQLite file under <dataDir>/demo-backend/, seeded with the demo dataset on first run.
 */
import type { Logger } from './logging/logger.js';

export const DEMO_LOGIN = { username: 'demo', password: 'demo' } as const;

export interface DemoBackend {
  url: string;
  stop(): Promise<void>;
}

export async function startDemoBackend(dir: string, log: Logger): Promise<DemoBackend> {
  void dir;
  void log;
  throw new Error('demo backend: waiting for src/server/app.ts');
}
