/**
 * Live updates and bad networks against the real backend: a change on the server reaches the
 * cache through the SSE stream without polling; when the backend goes away the status says offline
 * and the cache stays searchable; when it comes back the core notices by itself (retry with backoff).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type PopServer } from '../../src/server/app.js';
import { recordChange } from '../../src/server/sync/changes.js';
import { createCore, createMemorySecretStore, type Core } from '../../src/main/core/index.js';
import type { SyncStatus } from '../../src/shared/ipc/contract.js';
import { tempDir } from './helpers.js';

const tmp = tempDir('pop-live-');
const file = join(tmp.dir, 'server.sqlite');
let server: PopServer;
let core: Core;
let port: number;
const statuses: SyncStatus[] = [];

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  server = await createServer({ file, databaseUrl: null, seed: { size: 120 }, oidc: null, updatesDir: null, eventsPingMs: 1000 });
  const url = await server.listen(0, '127.0.0.1');
  port = Number(new URL(url).port);
  core = createCore({ dataDir: join(tmp.dir, 'desktop'), backend: { url }, secretStore: createMemorySecretStore(), pollMs: 3_600_000 });
  core.on('sync.status', (s) => statuses.push(s));
  await core.start();
  await core.handlers['session.signIn']({ username: 'demo', password: 'demo' });
  await until(async () => (await core.handlers['sync.status']({})).ready);
});
afterAll(async () => {
  await core?.stop();
  await server?.close();
  tmp.cleanup();
});

describe('live updates and offline', () => {
  it('pulls a server change announced on the event stream, without polling or sync.now', async () => {
    const row = await server.db.kysely.selectFrom('people').select(['id', 'municipality_id']).where('municipality_id', '=', 'poperinge').orderBy('id').executeTakeFirstOrThrow();
    const changed: string[][] = [];
    core.on('data.changed', (e) => changed.push(e.collections));
    await server.db.kysely.transaction().execute(async (trx) => {
      await trx.updateTable('people').set({ job_title: 'Live bijgewerkte functie', updated_at: new Date().toISOString() }).where('id', '=', row.id).execute();
      await recordChange(trx, { collection: 'people', id: row.id, tenant: row.municipality_id });
    });
    const person = await until(async () => {
      const p = await core.handlers['directory.person']({ id: row.id });
      return p?.jobTitle === 'Live bijgewerkte functie' ? p : undefined;
    });
    expect(person.id).toBe(row.id);
    expect(changed.flat()).toContain('people');
  });

  it('goes offline when the backend stops, stays searchable, and comes back online by itself', async () => {
    await server.close();
    // Noticed from the live stream dropping: no sync.now, and the poll is an hour away.
    const noticed = await until(async () => {
      const s = await core.handlers['sync.status']({});
      return s.online ? undefined : s;
    });
    expect(noticed.error?.code).toBe('offline');
    const offline = await core.handlers['sync.now']({});
    expect(offline.online).toBe(false);
    expect(offline.error?.code).toBe('offline');
    expect(offline.lastSyncAt).not.toBeNull();
    expect(statuses.some((s) => !s.online)).toBe(true);
    const search = await core.handlers['directory.search']({ query: 'a', offset: 0, limit: 5 });
    expect(search.items.length).toBeGreaterThan(0);

    server = await createServer({ file, databaseUrl: null, seed: false, oidc: null, updatesDir: null });
    await server.listen(port, '127.0.0.1');
    const back = await until(async () => {
      const s = await core.handlers['sync.status']({});
      return s.online && s.error === null ? s : undefined;
    }, 30_000);
    expect(back.online).toBe(true);
  });
});
