/**
 * The one place a contract call enters the desktop core, whatever carried it (Electron IPC in
 * src/main/shell, HTTP in src/main/web). It checks the method name, validates the input against
 * the contract, runs the handler and wraps the outcome in an Envelope. Bad input is answered with
 * `invalid_input` and a readable message; nothing reaches a handler unvalidated.
 */
import { findUnsafeText, UNSAFE_TEXT_MESSAGE } from '../../shared/format/text.js';
import { describeZodError } from '../../shared/validation.js';
import { isMethodName, type MethodName } from '../../shared/ipc/channels.js';
import {
  contract,
  PopError,
  type Envelope,
  type MethodOutput,
  type MethodParsedInput,
} from '../../shared/ipc/contract.js';

export type Handlers = {
  [M in MethodName]: (input: MethodParsedInput<M>) => Promise<MethodOutput<M>> | MethodOutput<M>;
};

export interface DispatchLog {
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}


export async function dispatch(
  handlers: Handlers,
  method: unknown,
  rawInput: unknown,
  log?: DispatchLog,
): Promise<Envelope<unknown>> {
  if (!isMethodName(method)) {
    log?.warn('call to unknown method refused', { method: String(method).slice(0, 64) });
    return { ok: false, error: { code: 'unknown_method', message: `Unknown method: ${String(method).slice(0, 64)}` } };
  }
  const unsafe = findUnsafeText(rawInput, 'input');
  if (unsafe) {
    log?.warn('call with unsafe text refused', { method });
    return { ok: false, error: { code: 'invalid_input', message: `Invalid input for ${method}: ${unsafe} ${UNSAFE_TEXT_MESSAGE}` } };
  }
  const parsed = contract[method].input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const message = `Invalid input for ${method}: ${describeZodError(parsed.error)}`;
    log?.warn('call with invalid input refused', { method });
    return { ok: false, error: { code: 'invalid_input', message } };
  }
  try {
    const handler = handlers[method] as (input: unknown) => Promise<unknown> | unknown;
    const value = await handler(parsed.data);
    return { ok: true, value };
  } catch (err) {
    if (err instanceof PopError) return { ok: false, error: { code: err.code, message: err.message } };
    // Never leak internals (or personal data in messages) to the renderer; log the name only.
    log?.error('handler failed', { method, error: err instanceof Error ? err.name : typeof err });
    return { ok: false, error: { code: 'internal', message: `Internal error in ${method}` } };
  }
}
