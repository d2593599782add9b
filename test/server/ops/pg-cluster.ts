/**
 * Private PostgreSQL clusters for the standby drill, next to (never touching) the machine's own:
 * initdb as the `postgres` OS user (PostgreSQL refuses root), data and socket in temp folders owned
 * by postgres, 127.0.0.1 on free random ports. `pgClusterProblem()` says why it cannot run here.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export const PG_BIN = process.env.POP_TEST_PG_BIN ?? '/usr/lib/postgresql/15/bin';

function postgresUser(): { uid: number; gid: number } | null {
  const r = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (r.status !== 0 || g.status !== 0) return null;
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

/** Why private clusters cannot run here, or null. */
export function pgClusterProblem(): string | null {
  for (const tool of ['initdb', 'pg_ctl', 'pg_basebackup']) if (!existsSync(join(PG_BIN, tool))) return `${join(PG_BIN, tool)} not found (PostgreSQL 15 server binaries: apt-get install postgresql-15)`;
  const me = userInfo().username;
  if (me !== 'postgres') {
    if (process.getuid?.() !== 0) return `initdb must run as the postgres OS user; this runs as ${me} (not root, so it cannot switch)`;
    if (!postgresUser()) return 'no postgres OS user to run initdb as';
    if (spawnSync('runuser', ['--help']).error) return 'runuser not found';
  }
  return null;
}

/** Runs a PostgreSQL binary as the postgres user; throws with its output on failure. */
export function asPostgres(tool: string, args: string[]): string {
  const bin = join(PG_BIN, tool);
  const [cmd, argv] = userInfo().username === 'postgres' ? [bin, args] : ['runuser', ['-u', 'postgres', '--', bin, ...args]];
  try {
    return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${tool} ${args.join(' ')} failed: ${e.stderr || e.stdout || e.message}`);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A temp folder owned by postgres (mode 0700, as PostgreSQL wants its data directory). */
export function postgresDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const owner = postgresUser();
  if (owner && userInfo().username !== 'postgres') chownSync(dir, owner.uid, owner.gid);
  return dir;
}

export interface Cluster {
  dir: string;
  port: number;
  url(database: string): string;
  start(): void;
  /** immediate = a crash (no shutdown checkpoint, nothing more sent to standbys). */
  stop(mode?: 'fast' | 'immediate'): void;
  remove(): void;
}

export function cluster(dir: string, port: number, extra: string[] = []): Cluster {
  const options = ['-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', ...extra].join(' ');
  return {
    dir,
    port,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start: () => void asPostgres('pg_ctl', ['-D', join(dir, 'data'), '-l', join(dir, 'log'), '-o', options, '-w', '-t', '60', 'start']),
    stop: (mode = 'fast') => {
      try {
        asPostgres('pg_ctl', ['-D', join(dir, 'data'), '-m', mode, '-w', '-t', '60', 'stop']);
      } catch {
        /* already stopped */
      }
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
