/**
 * The core worker as a Node worker thread (web harness, tests, bench). Electron uses a utility
 * process instead (src/main/shell/core-process.ts); both speak protocol.ts.
 *
 * From source (tsx, vitest) the entry is core-worker.ts: a worker thread does not inherit tsx's
 * loader from `--import`, so a two-line bootstrap registers it first. A built entry (.js) starts directly.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CoreTransport, SpawnCore } from './host.js';

export function defaultWorkerEntry(): URL {
  const ts = new URL('./core-worker.ts', import.meta.url);
  return existsSync(fileURLToPath(ts)) ? ts : new URL('./core-worker.js', import.meta.url);
}

export function workerThreadTransport(entry: URL = defaultWorkerEntry(), onError?: (err: Error) => void): SpawnCore {
  return (): CoreTransport => {
    const worker = entry.pathname.endsWith('.ts')
      ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`, { eval: true, name: 'pop-core' })
      : new Worker(entry, { name: 'pop-core' });
    // An uncaught error in the worker ends it: 'exit' follows, which the host treats as a crash.
    worker.on('error', (err) => onError?.(err));
    return {
      post: (message) => worker.postMessage(message),
      onMessage: (listener) => worker.on('message', listener),
      onExit: (listener) => worker.on('exit', (code) => listener(code)),
      kill: () => void worker.terminate(),
    };
  };
}
