/**
 * Error codes and PopError, zod-free on purpose: the renderer's first chunk needs them (every store
 * catches PopError) and should not carry the contract's schemas, which the core and the hosts check.
 * `contract.ts` builds its `ErrorCode` schema from this list.
 */

/** Error codes a call can fail with; `message` is readable (English, for logs; the UI maps codes). */
export const ERROR_CODES = [
  'invalid_input',
  'unknown_method',
  'forbidden',
  'unauthenticated',
  'not_found',
  'offline',
  'conflict',
  /** Too many calls in a short time (citizen lookups): the message says when to retry. */
  'rate_limited',
  /** The local engine (the core's worker) stopped and is restarting: nothing queued is lost; try again. */
  'core_restarting',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code);
}

export class PopError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PopError';
  }
}
