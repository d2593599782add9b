/**
 * pg_dump / pg_restore through the PostgreSQL client tools on the PATH. The connection string goes
 * to them WITHOUT its password (that is what `ps` and error messages can show); the password goes
 * in a temporary passfile (mode 0600, PGPASSFILE), removed when the tool ends. Their stderr is
 * kept for the error message, cut short, with the URL redacted.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { redactUrl } from '../db/open.js';
import { BackupError } from './manifest.js';

/** The URL without its password, and the password (or null). */
export function splitPassword(url: string): { url: string; password: string | null } {
  const u = new URL(url);
  const password = u.password ? decodeURIComponent(u.password) : null;
  u.password = '';
  return { url: u.toString(), password };
}

/** The same server, another database name (scratch databases for verify and tests). */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export interface PgToolRun {
  args: string[];
  /** Read the tool's stdout (pg_dump to a stream). */
  stdout?: (out: Readable) => Promise<void>;
  /** Feed the tool's stdin (pg_restore from a stream). */
  stdin?: (input: Writable) => Promise<void>;
}

/** Runs pg_dump or pg_restore against `url` (appended as --dbname). */
export async function runPgTool(tool: 'pg_dump' | 'pg_restore', url: string, run: PgToolRun): Promise<void> {
  const { url: bare, password } = splitPassword(url);
  const dir = mkdtempSync(join(tmpdir(), 'pop-pgpass-'));
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (password !== null) {
    const passfile = join(dir, 'pgpass');
    writeFileSync(passfile, `*:*:*:*:${password.replace(/\\/g, '\\\\').replace(/:/g, '\\:')}\n`, { mode: 0o600 });
    env.PGPASSFILE = passfile;
    delete env.PGPASSWORD;
  }
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(tool, [...run.args, `--dbname=${bare}`], { env, stdio: ['pipe', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => {
        if (stderr.length < 4000) stderr += d.toString('utf8');
      });
      const io: Promise<void>[] = [];
      if (run.stdout) io.push(run.stdout(child.stdout));
      else child.stdout.resume();
      if (run.stdin) io.push(run.stdin(child.stdin));
      else child.stdin.end();
      let exit: Promise<number | null> = new Promise((res) => child.on('close', (code) => res(code)));
      child.on('error', (err: NodeJS.ErrnoException) => {
        reject(new BackupError(err.code === 'ENOENT' ? `${tool} not found on the PATH: install the PostgreSQL client tools (Debian: postgresql-client-15)` : `${tool}: ${err.message}`));
      });
      exit = exit.then(async (code) => {
        await Promise.all(io);
        return code;
      });
      exit.then(
        (code) => {
          if (code === 0) resolve();
          else reject(new BackupError(`${tool} failed (exit ${code}): ${redactUrl(stderr.trim().split('\n').slice(-3).join(' ').slice(0, 600))}`));
        },
        (err: unknown) => {
          child.kill();
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
