/**
 * `npm run web` as the e2e fixtures use it: scripts/web.mjs with --backend and --port 0 prints a
 * machine-readable POP_WEB_URL line, serves the contract there, and exits 0 on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type PopServer } from '../../src/server/app.js';
import { tempDir } from './helpers.js';

const tmp = tempDir('pop-webscript-');
const root = join(import.meta.dirname, '..', '..');
let server: PopServer;
let backendUrl: string;

beforeAll(async () => {
  server = await createServer({ file: join(tmp.dir, 'server.sqlite'), databaseUrl: null, seed: { size: 60 }, oidc: null, updatesDir: null });
  backendUrl = await server.listen(0, '127.0.0.1');
});
afterAll(async () => {
  await server?.close();
  tmp.cleanup();
});

describe('npm run web', () => {
  it('prints POP_WEB_URL, answers RPC with the token, and exits cleanly on SIGTERM', async () => {
    const proc = spawn(process.execPath, [join(root, 'scripts', 'web.mjs'), '--backend', backendUrl, '--port', '0', '--data-dir', join(tmp.dir, 'web')], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      proc.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const match = /^POP_WEB_URL=(http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+)$/m.exec(out);
        if (match) resolve(match[1]!);
      });
      proc.on('exit', (code) => reject(new Error(`harness exited (${code}) before printing its URL: ${stderr}`)));
    });
    const { origin, hash } = new URL(url);
    const token = hash.slice('#token='.length);
    const info = await (await fetch(`${origin}/rpc/app.info`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-pop-harness-token': token }, body: '{}' })).json();
    expect(info).toMatchObject({ ok: true, value: { shell: 'web', demo: false, backendUrl } });
    const session = await (await fetch(`${origin}/rpc/session.get`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-pop-harness-token': token }, body: '{}' })).json();
    expect(session).toMatchObject({ ok: true, value: { signedIn: false } });
    expect((await fetch(`${origin}/`)).status).toBe(200);

    const exit = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    proc.kill('SIGTERM');
    expect(await exit).toBe(0);
    await expect(fetch(`${origin}/`)).rejects.toThrow();
  }, 180_000);
});

describe('npm run dev', () => {
  it('serves the renderer from Vite (hot reload) and the contract through its proxy to the harness', async () => {
    const proc = spawn(process.execPath, [join(root, 'scripts', 'dev.mjs'), '--backend', backendUrl, '--data-dir', join(tmp.dir, 'dev')], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        proc.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const match = /^POP_DEV_URL=(http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+)$/m.exec(out);
          if (match) resolve(match[1]!);
        });
        proc.on('exit', (code) => reject(new Error(`dev exited (${code}) before printing its URL: ${stderr}`)));
      });
      const { origin, hash } = new URL(url);
      const token = hash.slice('#token='.length);
      const page = await (await fetch(`${origin}/`)).text();
      expect(page).toContain('/@vite/client'); // Vite's dev server with its HMR client, not the built files
      expect(page).toMatch(/style-src 'self' 'unsafe-inline'/);
      expect((await fetch(`${origin}/main.ts`)).status).toBe(200); // compiled on request
      const info = await (await fetch(`${origin}/rpc/app.info`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-pop-harness-token': token, origin }, body: '{}' })).json();
      expect(info).toMatchObject({ ok: true, value: { shell: 'web', backendUrl } });
    } finally {
      proc.kill('SIGTERM');
    }
  }, 180_000);
});
