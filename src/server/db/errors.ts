/**
 * Which database failures are passing (try again later) and which are the request's own fault.
 * A passing fault — the database restarting or unreachable, a dropped connection, a serialization
 * failure or deadlock, a lock or statement timeout, a busy or full SQLite file — must never turn a
 * user's queued action into a permanent rejection: push answers `retry`, routes answer 503.
 */

/** PostgreSQL SQLSTATE classes/codes that say "not your fault, try again". */
const PG_TRANSIENT_CLASSES = ['08', '53', '57P', '58'];
const PG_TRANSIENT_CODES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available
  '57014', // query_canceled (statement_timeout)
  '25P03', // idle_in_transaction_session_timeout
  '55006', // object_in_use
]);
/** Node socket errors of a connection that is gone or never came. */
const NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);
/** better-sqlite3 codes (extended codes start with the primary one). */
const SQLITE_TRANSIENT = ['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_CANTOPEN', 'SQLITE_PROTOCOL', 'SQLITE_READONLY_DBMOVED'];
/** node-postgres and pg-pool messages without a code. */
const PG_MESSAGES = [/connection terminated/i, /timeout exceeded when trying to connect/i, /connection ended/i, /client has encountered a connection error/i, /cannot use a pool after calling end/i, /terminating connection/i];

function codeOf(err: unknown): string | null {
  if (typeof err !== 'object' || err === null || !('code' in err)) return null;
  const code = (err as { code: unknown }).code;
  return typeof code === 'string' ? code : null;
}

export function isTransientDbError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = codeOf(e);
    if (code) {
      if (PG_TRANSIENT_CODES.has(code) || NET_CODES.has(code)) return true;
      if (/^[0-9A-Z]{5}$/.test(code) && PG_TRANSIENT_CLASSES.some((c) => code.startsWith(c))) return true;
      if (SQLITE_TRANSIENT.some((c) => code === c || code.startsWith(`${c}_`))) return true;
    }
    const message = e instanceof Error ? e.message : '';
    if (PG_MESSAGES.some((re) => re.test(message))) return true;
  }
  return false;
}

/** Name and code of an error for a log line: a database message can quote values (personal data). */
export function errorShape(err: unknown): { error: string; code?: string } {
  const code = codeOf(err) ?? undefined;
  return { error: err instanceof Error ? err.name : 'unknown', ...(code ? { code } : {}) };
}

/** What a client is told when the database is passing away; nl-BE, the desktop shows it. */
export const UNAVAILABLE_MESSAGE = 'De databank van de server is even niet bereikbaar. De app probeert het straks opnieuw.';
