#!/usr/bin/env node
/**
 * `npm run dev [-- --data-dir .data/web --backend <url>]`: the renderer with hot reload, in the browser.
 *  1. Starts the web harness (`npm run web`'s core, desktop host and embedded demo backend; its own
 *     built renderer is not used) on a free 127.0.0.1 port and reads its URL and token.
 *  2. Starts Vite's dev server on the renderer (src/renderer/vite.config.ts) with the contract's
 *     paths (/rpc, /events) proxied to the harness: a change to a .vue/.ts file of the renderer shows
 *     at once, without a rebuild; a change to the core or the backend needs a restart of this command.
 * Prints `POP_DEV_URL=http://127.0.0.1:<port>/#token=...`. Development only: the page's CSP is
 * relaxed for Vite's injected styles and its HMR socket (never in a build).
 * In Electron with hot reload (where its binary exists): `npx electron-vite dev`.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createServer } from 'vite';

const root = new URL('..', import.meta.url).pathname;

const harness = spawn(process.execPath, ['--import', 'tsx', join(root, 'src', 'main', 'web', 'main.ts'), '--port', '0', ...process.argv.slice(2)], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
});
const stop = () => harness.kill('SIGTERM');
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => {
  stop();
  process.exit(0);
});
harness.on('exit', (code) => {
  console.error(`the harness stopped (exit ${code}); stopping`);
  process.exit(code ?? 1);
});

const harnessUrl = await new Promise((resolve, reject) => {
  let buffer = '';
  const timer = setTimeout(() => reject(new Error('the harness did not start within 120 s')), 120_000);
  harness.stdout.on('data', (chunk) => {
    const text = chunk.toString();
    process.stdout.write(text.replace(/^POP_WEB_URL=.*$/m, '(harness ready)'));
    buffer += text;
    const match = /POP_WEB_URL=(\S+)/.exec(buffer);
    if (match) {
      clearTimeout(timer);
      resolve(match[1]);
    }
  });
});
const target = new URL(harnessUrl).origin;
const token = new URL(harnessUrl).hash.replace(/^#token=/, '');

/** The same-origin checks of the harness see the harness's own origin (dev proxy only). */
const proxy = {
  target,
  changeOrigin: true,
  configure: (p) => p.on('proxyReq', (req) => req.setHeader('origin', target)),
};

const server = await createServer({
  configFile: join(root, 'src', 'renderer', 'vite.config.ts'),
  server: { host: '127.0.0.1', port: 0, strictPort: false, proxy: { '/rpc': proxy, '/events': proxy } },
  plugins: [
    {
      name: 'pop-dev-csp',
      transformIndexHtml: (html) => html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace("connect-src 'self'", "connect-src 'self' ws://127.0.0.1:*"),
    },
  ],
});
await server.listen();
const address = server.httpServer.address();
console.log(`POP_DEV_URL=http://127.0.0.1:${address.port}/#token=${token}`);
