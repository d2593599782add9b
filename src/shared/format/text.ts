/**
 * Text that may cross a boundary (IPC, HTTP, sync, import files). Refused anywhere in a value, keys
 * included: NUL and other C0 control characters except tab, line feed and carriage return; DEL;
 * the bidirectional overrides and isolates that make "Jan" show reversed or hide text
 * (U+202A–U+202E, U+2066–U+2069, U+061C); lone UTF-16 surrogates (broken Unicode, which PostgreSQL
 * refuses with an error).
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069\u061C]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isSafeText(text: string): boolean {
  return !UNSAFE.test(text);
}

/** The path ("body.commands.0.payload.subject") of the first unsafe string in `value`, or null. */
export function findUnsafeText(value: unknown, path = 'input', depth = 0): string | null {
  if (typeof value === 'string') return isSafeText(value) ? null : path;
  if (depth > 32 || value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnsafeText(value[i], `${path}.${i}`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (!isSafeText(key)) return `${path} (a key)`;
    const found = findUnsafeText(item, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}

export const UNSAFE_TEXT_MESSAGE = 'contains a control character, a text-direction override or broken Unicode';
