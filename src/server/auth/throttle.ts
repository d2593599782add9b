/**
 * Slows down password guessing, in the database: atomic, shared by every backend process, and
 * bounded by nothing an attacker controls.
 *
 * Each attempt first RESERVES a failure on two counters — the account (lower-cased username) and
 * the source address — in one atomic upsert each; only then is the password checked. So 40 guesses
 * sent at once are counted 1, 2, … 40 and the ones past the limit get 429 without a password check;
 * a right password inside a burst past the limit gets 429 too. A successful sign-in clears the
 * account's counter and gives the address its reserved failure back.
 *
 *   account: MAX_ACCOUNT_FAILURES within WINDOW_MS
 *   address: MAX_ADDRESS_FAILURES within WINDOW_MS (higher: an office's PCs share one address
 *            behind NAT; behind a reverse proxy set POP_TRUST_PROXY so the real address is used)
 */
import { sql, type Kysely } from 'kysely';
import type { ServerDb } from '../db/schema.js';

export const WINDOW_MS = 5 * 60 * 1000;
export const MAX_ACCOUNT_FAILURES = 10;
export const MAX_ADDRESS_FAILURES = 100;

export interface ThrottleLimits {
  account?: number;
  address?: number;
}

type AttemptsDb = Kysely<ServerDb>;

/** Counts one failure in advance for `key`; returns the count within the window and when it started. */
async function reserve(db: AttemptsDb, key: string, now: Date): Promise<{ failures: number; windowStart: string }> {
  const at = now.toISOString();
  const cutoff = new Date(now.getTime() - WINDOW_MS).toISOString();
  const row = await sql<{ failures: number; window_start: string }>`
    INSERT INTO login_attempts (key, window_start, failures) VALUES (${key}, ${at}, 1)
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN login_attempts.window_start < ${cutoff} THEN 1 ELSE login_attempts.failures + 1 END,
      window_start = CASE WHEN login_attempts.window_start < ${cutoff} THEN ${at} ELSE login_attempts.window_start END
    RETURNING failures, window_start`.execute(db);
  const r = row.rows[0]!;
  return { failures: Number(r.failures), windowStart: r.window_start };
}

export class LoginThrottle {
  private readonly account: number;
  private readonly address: number;

  constructor(
    private readonly db: AttemptsDb,
    private readonly now: () => Date,
    limits: ThrottleLimits = {},
  ) {
    this.account = limits.account ?? MAX_ACCOUNT_FAILURES;
    this.address = limits.address ?? MAX_ADDRESS_FAILURES;
  }

  private static keys(username: string, address: string): { account: string; address: string } {
    return { account: `account:${username.trim().toLowerCase()}`, address: `address:${address}` };
  }

  /**
   * Reserve this attempt. Returns 0 when it may go ahead (check the password, then call
   * `succeeded` or nothing), else the seconds to wait (answer 429 with Retry-After).
   */
  async begin(username: string, address: string): Promise<number> {
    const now = this.now();
    const keys = LoginThrottle.keys(username, address);
    const perAccount = await reserve(this.db, keys.account, now);
    const perAddress = await reserve(this.db, keys.address, now);
    const wait = (windowStart: string) => Math.max(1, Math.ceil((Date.parse(windowStart) + WINDOW_MS - now.getTime()) / 1000));
    if (perAccount.failures > this.account) return wait(perAccount.windowStart);
    if (perAddress.failures > this.address) return wait(perAddress.windowStart);
    return 0;
  }

  /** The password was right: the account starts afresh, the address gets its reservation back. */
  async succeeded(username: string, address: string): Promise<void> {
    const keys = LoginThrottle.keys(username, address);
    await this.db.deleteFrom('login_attempts').where('key', '=', keys.account).execute();
    await this.db
      .updateTable('login_attempts')
      .set((eb) => ({ failures: sql`CASE WHEN ${eb.ref('failures')} > 0 THEN ${eb.ref('failures')} - 1 ELSE 0 END` }))
      .where('key', '=', keys.address)
      .execute();
    // Old windows are worth nothing: keep the table small.
    await this.db.deleteFrom('login_attempts').where('window_start', '<', new Date(this.now().getTime() - 2 * WINDOW_MS).toISOString()).execute();
  }
}
