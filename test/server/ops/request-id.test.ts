/**
 * One request id per call, in the desktop's error and in the backend's JSON log line for the same
 * request; answers echo it; an id that is not a sane token is replaced by the server's own.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendError, createHttpClient } from '../../../src/main/core/sync/http.js';
import { SessionUser } from '../../../src/shared/sync/protocol.js';
import { startServer, type TestServer } from '../helpers.js';

describe('request ids', () => {
  let t: TestServer;
  let lines = '';
  beforeAll(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines += chunk.toString();
        done();
      },
    });
    t = await startServer('sqlite', { logger: { level: 'info', stream } });
  }, 60_000);
  afterAll(async () => t?.stop());

  it('the desktop client sends one; its error and the backend log carry the same id', async () => {
    const client = createHttpClient({ baseUrl: () => t.url, token: () => 'not-a-valid-token' });
    const err = await client.request('GET', '/api/v1/me', { schema: SessionUser }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    const id = (err as BackendError).requestId!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const logged = lines.split('\n').filter((l) => l.includes(id)).map((l) => JSON.parse(l) as { reqId: string; res?: { statusCode: number } });
    expect(logged.length).toBeGreaterThanOrEqual(1);
    expect(logged.some((l) => l.reqId === id && l.res?.statusCode === 401)).toBe(true);
  });

  it('answers echo a sane id and replace anything else', async () => {
    const ok = await fetch(`${t.url}/api/v1/health`, { headers: { 'x-request-id': 'desk-0123456789' } });
    expect(ok.headers.get('x-request-id')).toBe('desk-0123456789');
    const bad = await fetch(`${t.url}/api/v1/health`, { headers: { 'x-request-id': 'x"} {"evil":1' } });
    expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines).not.toContain('evil');
  });
});
