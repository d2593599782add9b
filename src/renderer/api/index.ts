/**
 * `api`: the one way screens reach the desktop core. In Electron the preload exposes it as
 * `window.popIndex`; in a browser (web harness) the same contract travels over HTTP.
 *
 *   import { api } from '../api/index.js';
 *   const result = await api['directory.search']({ query: 'cel' });
 *
 * Failures are thrown as `PopError` with a `code` (see ErrorCode in src/shared/ipc/contract.ts);
 * `errorMessageKey(error)` gives the i18n key to show.
 */
import type { PopApi } from '../../shared/ipc/contract.js';
import { PopError } from '../../shared/ipc/errors.js';
import { createHttpApi } from './http-client.js';
import { withPopErrors } from './preload-errors.js';
import { takeHarnessToken } from './token.js';

function createApi(): PopApi {
  if (window.popIndex) return withPopErrors(window.popIndex);
  const token = takeHarnessToken() ?? '';
  return createHttpApi({ baseUrl: window.location.origin, token, EventSource: window.EventSource });
}

let instance: PopApi | null = null;

/** Lazily created so tests can install `window.popIndex` (or call `setApi`) first. */
export const api: PopApi = new Proxy({} as PopApi, {
  get(_target, property) {
    instance ??= createApi();
    return Reflect.get(instance, property);
  },
});

/**
 * Connect now. main.ts calls this before creating the router: the harness token sits in the
 * address hash (`#token=`), which must be cleared before hash routing reads it.
 */
export function initApi(): PopApi {
  instance ??= createApi();
  return instance;
}

/** For tests and previews: replace the transport. */
export function setApi(next: PopApi | null): void {
  instance = next;
}

/** i18n key of the message for an error thrown by an api call. */
export function errorMessageKey(error: unknown): string {
  return error instanceof PopError ? `errors.${error.code}` : 'errors.internal';
}
