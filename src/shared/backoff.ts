/**
 * Exponential backoff with jitter, the one definition for every retry loop: the desktop's sync
 * engine (network failures, `held` pages) and live stream, and the backend's webhook deliveries.
 * Jitter spreads a whole municipality's desktops after a server restart instead of bringing them
 * back in the same second. Runs anywhere: no imports.
 */

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** The delay is multiplied by a factor in [min, max); default [0.5, 1.5). [1, 1]: no jitter. */
  jitter?: readonly [number, number];
}

/** The delay before retry number `attempt` (1 = the first retry): initial doubling up to max, with jitter. */
export function backoffDelay(attempt: number, o: BackoffOptions, random: () => number = Math.random): number {
  const plain = Math.min(o.initialMs * 2 ** Math.max(0, attempt - 1), o.maxMs);
  const [min, max] = o.jitter ?? [0.5, 1.5];
  return Math.round(plain * (min + (max - min) * random()));
}

/** A retry loop's state: `next()` gives the next delay and counts the attempt; `reset()` after a success. */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly options: BackoffOptions,
    private readonly random: () => number = Math.random,
  ) {}

  next(): number {
    this.attempt += 1;
    return backoffDelay(this.attempt, this.options, this.random);
  }

  reset(): void {
    this.attempt = 0;
  }
}
