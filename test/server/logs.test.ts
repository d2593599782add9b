/**
 * Nothing personal in the backend's logs: request lines carry method, path and status, never the
 * query string, headers (tokens) or bodies (passwords); a failing command logs its type only.
 */
import { Writable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directoryFeature } from '../../src/server/features/directory/index.js';
import { api, startServer, type TestServer } from './helpers.js';
import { setFailNext, testingFeature } from './testing-feature.js';

describe('log privacy (sqlite)', () => {
  let t: TestServer;
  let lines = '';
  beforeAll(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines += chunk.toString();
        done();
      },
    });
    t = await startServer('sqlite', { features: [directoryFeature, testingFeature], logger: { level: 'info', stream } });
  });
  afterAll(async () => t?.stop());

  it('keeps names, tokens, passwords and payloads out of the log', async () => {
    const http = api(t.url);
    const { token } = await http.login('admin');
    await http.post('/api/v1/auth/login', { username: 'admin', password: 'Sup3rGeheim!' });
    await http.get('/api/v1/testing/counter/abc?plus=3&name=Vandenbroucke', token);
    setFailNext(true);
    try {
      await http.post('/api/v1/sync/push', { clientId: randomUUID(), commands: [{ seq: 1, type: 'testing.flaky', payload: { id: 'Marie.Janssens' }, createdAt: new Date().toISOString() }] }, token);
    } finally {
      setFailNext(false);
    }
    expect(lines).toContain('/api/v1/testing/counter/abc'); // the positive control: requests are logged
    expect(lines).toContain('testing.flaky');
    for (const secret of [token, 'Sup3rGeheim!', 'Vandenbroucke', 'Marie.Janssens', 'authorization']) expect(lines).not.toContain(secret);
  });
});
