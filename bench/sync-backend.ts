/**
 * A seeded backend in a child process (as in production: the desktop and the server do not share
 * a CPU thread), on SQLite in a temp folder or on a PostgreSQL database created for the run and
 * dropped after. Used by the `sync` section.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const PG_ADMIN_URL = process.env.POP_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchBackend {
  kind: 'sqlite' | 'postgres';
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function pgReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** Start `src/server/cli.ts` seeded with `size` people; resolves with its URL once it listens. */
export async function startBackend(kind: 'sqlite' | 'postgres', size: number, extraEnv: Record<string, string> = {}): Promise<BenchBackend> {
  const dir = mkdtempSync(join(tmpdir(), 'pop-bench-server-'));
  let dbName: string | null = null;
  const env: Record<string, string> = { ...(process.env as Record<string, string>), ...extraEnv };
  delete env.DATABASE_URL;
  if (kind === 'postgres') {
    dbName = `pop_bench_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    env.DATABASE_URL = PG_ADMIN_URL.replace(/\/[^/?]+(\?|$)/, `/${dbName}$1`);
  }
  const child = spawn(process.execPath, [...(process.env.BENCH_SERVER_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SERVER_PROF}`] : []), '--import', 'tsx', 'src/server/cli.ts', '--port', '0', '--data-dir', dir, '--seed-size', String(size), '--today', '2026-11-28'], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`backend exited with ${code}: ${out}`)));
  });
  return {
    kind,
    url,
    child,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
      if (dbName) {
        const c = new pg.Client({ connectionString: PG_ADMIN_URL });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
        await c.end();
      }
    },
  };
}

/** Sign in through the API; the bearer token. */
export async function login(url: string, username = 'demo'): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-pop-protocol': '1' },
    body: JSON.stringify({ username, password: 'demo' }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}
