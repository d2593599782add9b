/**
 * The host's full handler table: the core's and the desktop's handlers merged. A contract method
 * that no part of this build serves (a feature not registered yet) answers `unknown_method` with a
 * clear message instead of crashing dispatch.
 */
import { METHODS } from '../../shared/ipc/channels.js';
import { PopError } from '../../shared/ipc/contract.js';
import type { Handlers } from '../core/dispatch.js';

export function mergeHandlers(...parts: Array<Partial<Handlers>>): Handlers {
  const merged: Record<string, unknown> = Object.assign({}, ...parts);
  for (const method of METHODS) {
    merged[method] ??= () => {
      throw new PopError('unknown_method', `${method} is not available in this build`);
    };
  }
  return merged as Handlers;
}
