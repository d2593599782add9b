/**
 * Slows down password guessing: after MAX_FAILURES failed logins for one username within
 * WINDOW_MS, further attempts for it are answered 429 until the window passes. Per username, not
 * per address: a municipality's PCs often share one address behind NAT. In memory, per process:
 * enough for the demo and small set-ups; larger ones sign in through OIDC.
 */
const WINDOW_MS = 5 * 60 * 1000;
const MAX_FAILURES = 10;

export class LoginThrottle {
  private failures = new Map<string, number[]>();

  constructor(private readonly now: () => Date) {}

  private recent(username: string): number[] {
    const key = username.trim().toLowerCase();
    const since = this.now().getTime() - WINDOW_MS;
    const list = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** Seconds to wait, or 0 when the attempt may go ahead. */
  retryAfter(username: string): number {
    const list = this.recent(username);
    if (list.length < MAX_FAILURES) return 0;
    return Math.max(1, Math.ceil((list[0]! + WINDOW_MS - this.now().getTime()) / 1000));
  }

  failed(username: string): void {
    const list = this.recent(username);
    list.push(this.now().getTime());
    if (this.failures.size > 10_000) this.failures.clear(); // bounded memory under a spray
    this.failures.set(username.trim().toLowerCase(), list);
  }

  succeeded(username: string): void {
    this.failures.delete(username.trim().toLowerCase());
  }
}
