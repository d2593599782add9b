/**
 * Sign-in throttling in the database, on SQLite and PostgreSQL: parallel guesses are counted one by
 * one (a burst cannot slip past the limit, a right password inside a burst past the limit does not
 * sign in), two backend processes share the counters, and the source address has its own counter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type PopServer } from '../../src/server/app.js';
import { directoryFeature } from '../../src/server/features/directory/index.js';
import { freshStore, KINDS, skipKind, TODAY, type TestStore } from './helpers.js';

const login = (url: string, username: string, password: string, forwardedFor?: string) =>
  fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'x-pop-protocol': '1', 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
    body: JSON.stringify({ username, password }),
  }).then(async (r) => ({ status: r.status, retryAfter: r.headers.get('retry-after') }));

for (const kind of KINDS) {
  describe.skipIf(skipKind(kind))(`sign-in throttle (${kind})`, () => {
    let store: TestStore;
    let a: PopServer;
    let b: PopServer;
    let urlA: string;
    let urlB: string;

    beforeAll(async () => {
      store = await freshStore(kind);
      a = await createServer({ features: [directoryFeature], seed: { size: 120, today: TODAY }, ...store.options, oidc: null, updatesDir: null, trustProxy: '127.0.0.1', loginLimits: { account: 10, address: 30 } });
      urlA = await a.listen(0, '127.0.0.1');
      // A second backend process on the same database (PostgreSQL: really another pool; SQLite: a
      // second connection to the same file, as close as one file allows).
      b = await createServer({ features: [directoryFeature], seed: false, ...store.options, oidc: null, updatesDir: null, trustProxy: '127.0.0.1', loginLimits: { account: 10, address: 30 } });
      urlB = await b.listen(0, '127.0.0.1');
    }, 60_000);
    afterAll(async () => {
      await a?.close();
      await b?.close();
      await store?.drop();
    });

    it('40 wrong passwords at once: exactly 10 are checked (401), 30 get 429 with Retry-After', async () => {
      const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => login(i % 2 ? urlA : urlB, 'financien', `guess-${i}`, '10.1.0.1')));
      expect(answers.filter((r) => r.status === 401)).toHaveLength(10);
      const refused = answers.filter((r) => r.status === 429);
      expect(refused).toHaveLength(30);
      expect(refused.every((r) => Number(r.retryAfter) > 0)).toBe(true);
    });

    it('29 wrong and the right one in one burst, over two processes: the right one past the limit does not sign in', async () => {
      const burst = [...Array.from({ length: 29 }, (_, i) => ({ password: `nope-${i}` })), { password: 'demo' }];
      const answers = await Promise.all(burst.map((b, i) => login(i % 2 ? urlA : urlB, 'dpo', b.password, `10.2.0.${i % 5}`)));
      expect(answers.filter((r) => r.status === 200).length + answers.filter((r) => r.status === 401).length).toBe(10);
      // After the burst the account waits, whatever the password.
      expect((await login(urlA, 'dpo', 'demo', '10.2.0.9')).status).toBe(429);
      // Other accounts are not affected.
      expect((await login(urlB, 'secretariaat', 'demo', '10.2.0.9')).status).toBe(200);
    });

    it('one address spraying many accounts is stopped by its own counter; others still sign in', async () => {
      const answers = [];
      // Accounts not used by the other cases, at most 9 failures each (under the account limit).
      const accounts = ['demo', 'secretariaat', 'admin', 'bevolking.hoofd'];
      for (let i = 0; i < 35; i++) answers.push(await login(i % 2 ? urlA : urlB, accounts[i % 4]!, `x${i}`, '10.3.0.7'));
      expect(answers.slice(0, 30).every((r) => r.status === 401)).toBe(true);
      expect(answers.slice(30).every((r) => r.status === 429)).toBe(true);
      expect((await login(urlA, 'burgerzaken', 'demo', '10.3.0.7')).status).toBe(429);
      expect((await login(urlA, 'burgerzaken', 'demo', '10.3.0.8')).status).toBe(200);
    });

    it('a right password clears the account counter', async () => {
      for (let i = 0; i < 9; i++) expect((await login(urlA, 'ieper', `w${i}`, '10.4.0.1')).status).toBe(401);
      expect((await login(urlB, 'ieper', 'demo', '10.4.0.1')).status).toBe(200);
      for (let i = 0; i < 9; i++) expect((await login(urlA, 'ieper', `v${i}`, '10.4.0.1')).status).toBe(401);
      expect((await login(urlB, 'ieper', 'demo', '10.4.0.1')).status).toBe(200);
    });
  });
}
