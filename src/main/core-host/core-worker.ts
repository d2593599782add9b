/**
 * Entry of the core worker: Electron's utility process (`process.parentPort`, messages arrive as
 * `{ data }`) or a Node worker thread (`worker_threads.parentPort`). Both carry protocol.ts's
 * messages; this file only picks the port. Built to out/main/core-worker.js (electron.vite.config.ts).
 */
import { parentPort } from 'node:worker_threads';
import type { WorkerSidePort } from './protocol.js';
import { serveCore } from './worker.js';

/** Electron's utility-process port (typed here: this file must not import electron). */
export interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

export function electronPort(p: ElectronParentPort): WorkerSidePort {
  return { post: (m) => p.postMessage(m), onMessage: (fn) => p.on('message', (e) => fn(e.data)) };
}

const electronParent = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
if (electronParent) {
  serveCore(electronPort(electronParent), () => setImmediate(() => process.exit(0)));
} else if (parentPort) {
  const thread = parentPort;
  serveCore({ post: (m) => thread.postMessage(m), onMessage: (fn) => thread.on('message', fn) }, () => thread.close());
} else {
  console.error('core-worker: start it as a worker thread or an Electron utility process');
  process.exitCode = 1;
}
