#!/usr/bin/env node
/**
 * `npm run web [-- --port 0 --data-dir .data/web --backend <url>]`: the app in a browser.
 *  1. Builds the renderer into out/renderer when a source is newer than the last build
 *     (`vite build --config src/renderer/vite.config.ts`; a lock keeps parallel starts apart).
 *  2. Runs the web harness (src/main/web/main.ts) in Node through tsx, forwarding SIGTERM/SIGINT.
 * The harness prints `POP_WEB_URL=http://127.0.0.1:<port>/#token=...` when it is ready.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const outIndex = join(root, 'out', 'renderer', 'index.html');
const lock = join(root, 'out', '.renderer-build.lock');

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

function stale() {
  if (!existsSync(outIndex)) return true;
  const built = statSync(outIndex).mtimeMs;
  return [join(root, 'src', 'renderer'), join(root, 'src', 'shared')].some((dir) => newest(dir) > built);
}

async function withLock(fn) {
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(join(root, 'out'), { recursive: true });
      closeSync(openSync(lock, 'wx'));
      break;
    } catch {
      // Another start is building; a lock older than 5 minutes is left over from a crash.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 300_000) rmSync(lock, { force: true });
      if (Date.now() - started > 300_000) throw new Error('renderer build lock held for too long');
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

if (stale()) {
  await withLock(() => {
    if (!stale()) return;
    console.error('building the renderer (out/renderer)...');
    const vite = join(root, 'node_modules', '.bin', 'vite');
    const res = spawnSync(vite, ['build', '--config', 'src/renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    if (res.status !== 0) {
      console.error('renderer build failed');
      process.exit(res.status ?? 1);
    }
  });
}

const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src', 'main', 'web', 'main.ts'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
