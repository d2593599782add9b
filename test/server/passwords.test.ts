/** Password hashes: OWASP's scrypt minimum for every account but the public demo ones; planted costs refused. */
import { describe, expect, it } from 'vitest';
import { DEMO_SCRYPT_COST, hashPassword, SCRYPT_COST, verifyPassword } from '../../src/server/auth/accounts.js';

describe('password hashes', () => {
  it('hash with N = 2^17, r = 8, p = 1 and verify', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash.split('$').slice(0, 4)).toEqual(['scrypt', String(2 ** 17), '8', '1']);
    expect(SCRYPT_COST.N).toBeGreaterThanOrEqual(2 ** 17);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('Correct horse battery staple', hash)).toBe(false);
  });

  it('only the demo accounts are cheaper, and say so in their hash', async () => {
    const demo = await hashPassword('demo', DEMO_SCRYPT_COST);
    expect(demo.split('$')[1]).toBe(String(2 ** 14));
    expect(await verifyPassword('demo', demo)).toBe(true);
  });

  it('refuses stored hashes with absurd costs instead of running them', async () => {
    const real = (await hashPassword('x', DEMO_SCRYPT_COST)).split('$');
    for (const [n, r, p] of [['1073741824', '8', '1'], ['16384', '1000', '1'], ['16384', '8', '99'], ['abc', '8', '1'], ['0', '8', '1']]) {
      expect(await verifyPassword('x', ['scrypt', n, r, p, real[4], real[5]].join('$'))).toBe(false);
    }
  });
});
