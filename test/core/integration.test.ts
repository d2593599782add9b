/**
 * The real thing end to end: the backend (createServer, SQLite file) on a port, the core syncing
 * over HTTP, a colleague found in the cache, the server deleting one, the next sync removing it.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type PopServer } from '../../src/server/app.js';
import { forgetSessions } from '../../src/server/auth/session-cache.js';
import { recordChange } from '../../src/server/sync/changes.js';
import { createCore, createMemorySecretStore, type Core } from '../../src/main/core/index.js';
import { dispatch } from '../../src/main/core/dispatch.js';
import { tempDir } from './helpers.js';

let server: PopServer;
let core: Core;
const tmp = tempDir('pop-integration-');

beforeAll(async () => {
  server = await createServer({ file: join(tmp.dir, 'server.sqlite'), databaseUrl: null, seed: { size: 300 }, oidc: null, updatesDir: null });
  const url = await server.listen(0, '127.0.0.1');
  core = createCore({ dataDir: join(tmp.dir, 'desktop'), backend: { url }, secretStore: createMemorySecretStore(), live: false, pollMs: 3_600_000, pageLimit: 100 });
  await core.start();
});
afterAll(async () => {
  await core?.stop();
  await server?.close();
  tmp.cleanup();
});

describe('core against the real backend', () => {
  it('signs in, syncs over HTTP in pages, finds a colleague, and loses a deleted one on the next sync', async () => {
    const denied = await dispatch(core.handlers as never, 'session.signIn', { username: 'demo', password: 'wrong' });
    expect(denied).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });

    const signedIn = await core.handlers['session.signIn']({ username: 'demo', password: 'demo' });
    expect(signedIn.signedIn).toBe(true);
    expect(signedIn.user?.username).toBe('demo');

    const progress: number[] = [];
    core.on('sync.status', (s) => s.progress && progress.push(s.progress.applied));
    const status = await core.handlers['sync.now']({});
    expect(status.error).toBeNull();
    expect(status.ready).toBe(true);
    expect(status.online).toBe(true);
    expect(status.lastSyncAt).not.toBeNull();
    expect(progress.length).toBeGreaterThan(1); // several pages of 100

    // Pick a colleague the server has, find them by an accent-free prefix of the last name.
    const row = await server.db.kysely
      .selectFrom('people')
      .select(['id', 'first_name', 'last_name', 'municipality_id'])
      .where('municipality_id', '=', 'poperinge')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const prefix = row.last_name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').slice(0, 4);
    const found = await core.handlers['directory.search']({ query: prefix, offset: 0, limit: 200 });
    expect(found.items.map((p) => p.id)).toContain(row.id);
    const detail = await core.handlers['directory.person']({ id: row.id });
    expect(detail?.lastName).toBe(row.last_name);

    // The server deletes that person (with its tombstone), the next sync removes it from the cache.
    await server.db.kysely.transaction().execute(async (trx) => {
      await trx.updateTable('people').set({ manager_id: null }).where('manager_id', '=', row.id).execute();
      await trx.deleteFrom('people').where('id', '=', row.id).execute();
      await recordChange(trx, { collection: 'people', id: row.id, tenant: row.municipality_id, deleted: true });
    });
    const after = await core.handlers['sync.now']({});
    expect(after.error).toBeNull();
    expect(await core.handlers['directory.person']({ id: row.id })).toBeNull();
    const again = await core.handlers['directory.search']({ query: prefix, offset: 0, limit: 200 });
    expect(again.items.map((p) => p.id)).not.toContain(row.id);
  });

  it('answers bad contract input with a clear error through dispatch', async () => {
    const bad = await dispatch(core.handlers as never, 'directory.search', { query: 'x', limit: 'ten' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!bad.ok) expect(bad.error.message).toMatch(/limit/);
    const unknown = await dispatch(core.handlers as never, 'directory.drop', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    const extra = await dispatch(core.handlers as never, 'directory.person', { id: 'p1', sql: 'DROP' });
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const link = await dispatch(core.handlers as never, 'shell.openExternal', { url: 'file:///etc/passwd' });
    expect(link).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('keeps the cache and the outbox when the session expires, and says to sign in again', async () => {
    await server.db.kysely.deleteFrom('sessions').execute();
    // Deleted behind the backend's back (not through logout): its session cache would accept the
    // token for up to AUTH_CACHE_MS more (docs/security.md); forget it as an in-process change does.
    forgetSessions();
    const status = await core.handlers['sync.now']({});
    expect(status.error?.code).toBe('unauthenticated');
    expect((await core.handlers['session.get']({})).signedIn).toBe(false);
    const still = await core.handlers['directory.search']({ query: '', offset: 0, limit: 5 });
    expect(still.total).toBeGreaterThan(100);
  });

  it('signing in as another user drops the previous user\'s cache and unsent commands', async () => {
    const { enqueueCommand, pendingCount } = await import('../../src/main/core/sync/outbox.js');
    await core.handlers['session.signIn']({ username: 'demo', password: 'demo' });
    await core.handlers['sync.now']({});
    enqueueCommand(core.db, 'directory.setPrivacy', { birthdayVisible: true }, new Date());
    // Not pushed yet (no sync): the next user must not send it under their name.
    const changed: string[][] = [];
    core.on('data.changed', (e) => changed.push(e.collections));
    const other = await core.handlers['session.signIn']({ username: 'ieper', password: 'demo' });
    expect(other.user?.username).toBe('ieper');
    expect(changed.flat()).toContain('*');
    expect(pendingCount(core.db)).toBe(0);
    const abandoned = core.db.prepare("SELECT status, reason FROM core_outbox ORDER BY seq DESC LIMIT 1").get();
    expect(abandoned).toEqual({ status: 'rejected', reason: 'signed_out' });
    const status = await core.handlers['sync.now']({});
    expect(status).toMatchObject({ ready: true, error: null });
    const ieper = await core.handlers['directory.search']({ query: '', municipalityId: 'ieper', offset: 0, limit: 1 });
    expect(ieper.total).toBeGreaterThan(0);
  });
});
