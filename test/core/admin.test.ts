/**
 * Beheer through the real core against a real backend: the admin's calls are forwarded and
 * answered, a non-admin is refused (`forbidden`), and with the backend gone the call says
 * `offline` (nothing is cached: Beheer is online only).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type PopServer } from '../../src/server/app.js';
import { createCore, createMemorySecretStore, type Core } from '../../src/main/core/index.js';
import { tempDir } from './helpers.js';

const serverTmp = tempDir('pop-admin-server-');
const desktopTmp = tempDir('pop-admin-desktop-');
let server: PopServer;
let core: Core;

beforeAll(async () => {
  server = await createServer({ file: join(serverTmp.dir, 'server.sqlite'), databaseUrl: null, seed: { size: 120 }, oidc: null, updatesDir: null });
  const url = await server.listen(0, '127.0.0.1');
  core = createCore({ dataDir: desktopTmp.dir, backend: { url }, secretStore: createMemorySecretStore(), live: false, pollMs: 3_600_000 });
  await core.start();
});
afterAll(async () => {
  await core?.stop();
  await server?.close().catch(() => undefined);
  serverTmp.cleanup();
  desktopTmp.cleanup();
});

describe('Beheer in the core (online only)', () => {
  it('forwards the admin calls and returns the answers', async () => {
    await core.handlers['session.signIn']({ username: 'admin', password: 'demo' });
    const found = await core.handlers['admin.accounts']({ q: 'burger', limit: 20, offset: 0 });
    expect(found.items.map((a) => a.username)).toEqual(['burgerzaken']);
    const changed = await core.handlers['admin.setRoles']({ id: found.items[0]!.id, roles: ['staff', 'population', 'dpo'] });
    expect(changed.roles).toEqual(['staff', 'population', 'dpo']);
    const log = await core.handlers['admin.log']({ limit: 1 });
    expect(log.items[0]).toMatchObject({ action: 'roles', target: 'burgerzaken', actor: 'admin' });
    expect((await core.handlers['admin.people']({ q: 'a', limit: 10 })).length).toBeGreaterThan(0);
  });

  it('refuses a non-admin', async () => {
    await core.handlers['session.signIn']({ username: 'demo', password: 'demo' });
    await expect(core.handlers['admin.accounts']({ q: '', limit: 20, offset: 0 })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('says offline when the backend is gone', async () => {
    await core.handlers['session.signIn']({ username: 'admin', password: 'demo' });
    await server.close();
    await expect(core.handlers['admin.accounts']({ q: 'burger', limit: 20, offset: 0 })).rejects.toMatchObject({ code: 'offline' });
  });
});
