/**
 * Errors from `window.popIndex` (the Electron preload) cross contextBridge as plain Errors: their
 * `code` field is dropped, the message keeps it as `[pop:<code>] ...` (src/shared/ipc/bridge-error.ts).
 * This wrapper turns them back into `PopError`s, so screens handle Electron and the web harness alike.
 */
import { parseBridgeError } from '../../shared/ipc/bridge-error.js';
import type { PopApi } from '../../shared/ipc/contract.js';
import { isErrorCode, PopError } from '../../shared/ipc/errors.js';

export function toPopError(error: unknown): PopError {
  if (error instanceof PopError) return error;
  const parsed = error instanceof Error ? parseBridgeError(error.message) : null;
  return new PopError(isErrorCode(parsed?.code) ? parsed.code : 'internal', parsed?.message ?? (error instanceof Error ? error.message : 'Internal error'));
}

export function withPopErrors(bridge: PopApi): PopApi {
  return new Proxy(bridge, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (property === 'on' || typeof value !== 'function') return value;
      return (...args: unknown[]) => (value as (...a: unknown[]) => Promise<unknown>)(...args).catch((error: unknown) => Promise.reject(toPopError(error)));
    },
  });
}
