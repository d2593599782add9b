/**
 * The PostgreSQL password never reaches a command line or a message: pg_dump is replaced on the
 * PATH by a script that records its arguments and the passfile it was given.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPgTool, splitPassword } from '../../../src/server/ops/pgtools.js';

const dir = mkdtempSync(join(tmpdir(), 'pop-ops-pgtools-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeTool(exitCode: number): void {
  const script = `#!/bin/sh
printf '%s\\n' "$@" > "${dir}/args"
cat "$PGPASSFILE" > "${dir}/passfile"
printf 'PGPASSWORD=%s\\n' "$PGPASSWORD" > "${dir}/env"
echo 'pg_dump: error: connection to "postgres://popindex:s3cr:et@db/x" failed' >&2
printf 'DUMP'
exit ${exitCode}
`;
  writeFileSync(join(dir, 'pg_dump'), script);
  chmodSync(join(dir, 'pg_dump'), 0o755);
}

describe('pg tools and the password', () => {
  const url = 'postgres://popindex:s3cr%3Aet%5C@db.example:5432/popindex?sslmode=require';

  it('splits the password off the URL (decoded)', () => {
    expect(splitPassword(url)).toEqual({ url: 'postgres://popindex@db.example:5432/popindex?sslmode=require', password: 's3cr:et\\' });
    expect(splitPassword('postgres://u@h/d')).toEqual({ url: 'postgres://u@h/d', password: null });
  });

  it('pg_dump gets the URL without the password and a 0600 passfile; a failure message is redacted', async () => {
    fakeTool(0);
    const path = process.env.PATH;
    process.env.PATH = `${dir}:${path}`;
    process.env.PGPASSWORD = 'inherited';
    try {
      let out = '';
      await runPgTool('pg_dump', url, {
        args: ['--format=custom'],
        stdout: async (s) => {
          for await (const c of s) out += String(c);
        },
      });
      expect(out).toBe('DUMP');
      const args = readFileSync(join(dir, 'args'), 'utf8');
      expect(args).toContain('--dbname=postgres://popindex@db.example:5432/popindex?sslmode=require');
      expect(args).not.toContain('s3cr');
      expect(readFileSync(join(dir, 'passfile'), 'utf8')).toBe('*:*:*:*:s3cr\\:et\\\\\n');
      expect(readFileSync(join(dir, 'env'), 'utf8')).toBe('PGPASSWORD=\n');

      fakeTool(1);
      const failed = await runPgTool('pg_dump', url, { args: [] }).then(() => null, (e: Error) => e.message);
      expect(failed).toMatch(/^pg_dump failed \(exit 1\)/);
      expect(failed).not.toContain('s3cr');
      expect(failed).toContain('popindex:***@db');
    } finally {
      process.env.PATH = path;
      delete process.env.PGPASSWORD;
    }
  });
});
