/**
 * Errors crossing Electron's contextBridge keep only their message (custom fields such as `code`
 * are dropped), so the preload puts the code in the message and the renderer reads it back:
 *
 *   preload:  throw new Error(encodeBridgeError('offline', 'Backend unreachable'))
 *   renderer: const e = parseBridgeError(err.message); if (e) throw new PopError(e.code, e.message)
 *
 * Zod-free on purpose: the preload imports it.
 */
const PATTERN = /\[pop:([a-z_]+)\] ([\s\S]*)$/;

export function encodeBridgeError(code: string, message: string): string {
  return `[pop:${code}] ${message}`;
}

/** The code and message of an encoded error message (also when Electron prefixed it), or null. */
export function parseBridgeError(message: string): { code: string; message: string } | null {
  const match = PATTERN.exec(message);
  return match ? { code: match[1] ?? 'internal', message: match[2] ?? '' } : null;
}
