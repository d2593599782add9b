/**
 * Demo mode: no backend configured -> the real backend starts in-process on 127.0.0.1 (random port)
 * with its data under <dataDir>/demo-backend/, seeded once, and the demo user is signed in.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCore, createMemorySecretStore, type Core } from '../../src/main/core/index.js';
import { tempDir } from './helpers.js';

const tmp = tempDir('pop-demo-');
let core: Core | null = null;
afterAll(async () => {
  await core?.stop();
  tmp.cleanup();
});

describe('demo mode', () => {
  it('starts the embedded backend, signs in demo/demo, syncs, and says it is a demo', async () => {
    core = createCore({ dataDir: tmp.dir, backend: { demo: true }, secretStore: createMemorySecretStore(), live: false, pollMs: 3_600_000 });
    await core.start();
    const info = await core.handlers['app.info']({});
    expect(info).toMatchObject({ demo: true, backendUrl: null });
    const session = await core.handlers['session.get']({});
    expect(session).toMatchObject({ signedIn: true, demo: true, user: { username: 'demo' } });
    const status = await core.handlers['sync.now']({});
    expect(status).toMatchObject({ ready: true, online: true, error: null });
    expect(existsSync(join(tmp.dir, 'demo-backend', 'pop-index.sqlite'))).toBe(true);
    const everyone = await core.handlers['directory.search']({ query: '', offset: 0, limit: 1 });
    expect(everyone.total).toBeGreaterThan(300);
    const facets = await core.handlers['directory.facets']({});
    expect(facets.municipalities.map((m) => m.name)).toContain('Poperinge');
    await core.stop();
    core = null;

    // A second start reuses the seeded database (no reseed) and the cache.
    core = createCore({ dataDir: tmp.dir, backend: { demo: true }, secretStore: createMemorySecretStore(), live: false, pollMs: 3_600_000 });
    await core.start();
    const again = await core.handlers['sync.now']({});
    expect(again).toMatchObject({ ready: true, error: null });
    expect((await core.handlers['directory.search']({ query: '', offset: 0, limit: 1 })).total).toBe(everyone.total);
  });
});
