import { describe, expect, it } from 'vitest';
import { Backoff, backoffDelay } from '../../src/shared/backoff.js';

describe('backoff', () => {
  it('doubles from the initial delay up to the maximum, jittered within the factor range', () => {
    const low = () => 0;
    const high = () => 0.999999;
    expect([1, 2, 3, 4, 8].map((n) => backoffDelay(n, { initialMs: 1000, maxMs: 5000, jitter: [1, 1] }))).toEqual([1000, 2000, 4000, 5000, 5000]);
    expect(backoffDelay(2, { initialMs: 1000, maxMs: 60_000 }, low)).toBe(1000); // 2000 x 0.5
    expect(backoffDelay(2, { initialMs: 1000, maxMs: 60_000 }, high)).toBe(3000); // 2000 x ~1.5
    expect(backoffDelay(1, { initialMs: 30_000, maxMs: 6 * 3600_000, jitter: [1, 1.25] }, low)).toBe(30_000); // never shorter
  });

  it('a loop counts its attempts and starts over after reset', () => {
    const b = new Backoff({ initialMs: 250, maxMs: 5000, jitter: [1, 1] });
    expect([b.next(), b.next(), b.next()]).toEqual([250, 500, 1000]);
    b.reset();
    expect(b.next()).toBe(250);
  });
});
