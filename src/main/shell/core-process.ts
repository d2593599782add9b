/**
 * The core worker as an Electron utility process (a separate Node process Electron starts and
 * supervises). It speaks the same channel as the worker thread of the web harness
 * (src/main/core-host/protocol.ts): postMessage + 'message' with structured-clone payloads.
 * Everything else (validation, restarts, shutdown) is in src/main/core-host/host.ts.
 */
import { utilityProcess } from 'electron';
import type { CoreTransport, SpawnCore } from '../core-host/host.js';
import type { Logger } from '../core/logging/logger.js';

export function utilityProcessTransport(entry: string, log: Logger): SpawnCore {
  return (): CoreTransport => {
    const child = utilityProcess.fork(entry, [], { serviceName: 'Pop Index core', stdio: 'inherit' });
    child.on('spawn', () => log.info('core process started', { pid: child.pid ?? null }));
    return {
      post: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.on('exit', (code) => listener(code)),
      kill: () => void child.kill(),
    };
  };
}
