/**
 * The user's queued work survives the server's bad days, through the real desktop core and a real
 * backend:
 *   - the backend's database is busy past its timeout (a real SQLite write lock held elsewhere): the
 *     letter reservation is NOT rejected, it stays pending, and gets its number once the lock is gone;
 *   - the desktop's data folder is restored from an older copy, so its next command reuses a
 *     sequence number the server already knows: the server refuses to answer it with the old
 *     command's result, the desktop takes a new client id, and the new letter gets its own number.
 */
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type PopServer } from '../../src/server/app.js';
import { createCore, createMemorySecretStore, type Core } from '../../src/main/core/index.js';
import { tempDir } from './helpers.js';

const tmp = tempDir('pop-outbox-faults-');
const serverFile = join(tmp.dir, 'server.sqlite');
const desktopDir = join(tmp.dir, 'desktop');
const backupDir = join(tmp.dir, 'desktop-backup');
const secrets = createMemorySecretStore();
let server: PopServer;
let url: string;
let core: Core;

async function startCore(): Promise<Core> {
  const c = createCore({ dataDir: desktopDir, backend: { url }, secretStore: secrets, live: false, pollMs: 3_600_000 });
  await c.start();
  return c;
}

async function reserve(c: Core, subject: string) {
  const session = await c.handlers['session.get']({});
  const facets = await c.handlers['directory.facets']({});
  const departmentId = facets.departments.find((d) => d.municipalityId === session.user!.municipalityId)!.id;
  return c.handlers['letters.reserve']({ subject, recipient: 'Familie Testmans', departmentId, handlingOfficer: 'An Peeters', dispatchMethod: 'post', yourReference: null, dossier: null });
}

const clientIdOf = (c: Core) => (c.db.prepare("SELECT value FROM core_state WHERE key = 'client_id'").get() as { value: string } | undefined)?.value;

beforeAll(async () => {
  server = await createServer({ file: serverFile, databaseUrl: null, seed: { size: 120 }, oidc: null, updatesDir: null });
  url = await server.listen(0, '127.0.0.1');
  core = await startCore();
  await core.handlers['session.signIn']({ username: 'demo', password: 'demo' });
  expect((await core.handlers['sync.now']({})).ready).toBe(true);
}, 120_000);
afterAll(async () => {
  await core?.stop();
  await server?.close();
  tmp.cleanup();
});

describe('outbox under server faults', () => {
  it('a busy backend database: the reservation stays pending (not rejected) and gets its number later', async () => {
    const lock = new Database(serverFile);
    lock.pragma('busy_timeout = 0');
    lock.exec('BEGIN IMMEDIATE');
    let view;
    try {
      view = await reserve(core, 'Tijdens databankstoring');
      const status = await core.handlers['sync.now']({});
      expect(status.pendingCommands).toBe(1);
      expect(status.error?.message).toMatch(/databank/);
      const mine = await core.handlers['letters.mine']({ limit: 50 });
      expect(mine.find((l) => l.id === view!.id)).toMatchObject({ state: 'pending', number: null, problem: null });
    } finally {
      lock.exec('ROLLBACK');
      lock.close();
    }
    const status = await core.handlers['sync.now']({});
    expect(status.pendingCommands).toBe(0);
    expect(status.error).toBeNull();
    const mine = await core.handlers['letters.mine']({ limit: 50 });
    expect(mine.find((l) => l.id === view.id)).toMatchObject({ state: 'reserved', number: expect.stringMatching(/^\d{4}\/\d{5}$/) });
  }, 60_000);

  it('a data folder restored from an older copy: the reused seq gets a new client id, never an old number', async () => {
    await core.stop();
    rmSync(backupDir, { recursive: true, force: true });
    cpSync(desktopDir, backupDir, { recursive: true });
    core = await startCore();
    const first = await reserve(core, 'Voor de herstelde kopie');
    await core.handlers['sync.now']({});
    const firstNumber = (await core.handlers['letters.mine']({ limit: 50 })).find((l) => l.id === first.id)!.number;
    expect(firstNumber).toMatch(/^\d{4}\/\d{5}$/);
    const oldClientId = clientIdOf(core);

    // IT restores yesterday's copy of the data folder.
    await core.stop();
    rmSync(desktopDir, { recursive: true, force: true });
    cpSync(backupDir, desktopDir, { recursive: true });
    core = await startCore();
    expect(clientIdOf(core)).toBe(oldClientId);
    const second = await reserve(core, 'Na het herstel');
    const status = await core.handlers['sync.now']({});
    expect(status.pendingCommands).toBe(0);
    expect(status.error).toBeNull();
    const mine = await core.handlers['letters.mine']({ limit: 50 });
    const secondView = mine.find((l) => l.id === second.id)!;
    expect(secondView).toMatchObject({ state: 'reserved', subject: 'Na het herstel' });
    expect(secondView.number).toMatch(/^\d{4}\/\d{5}$/);
    expect(secondView.number).not.toBe(firstNumber);
    expect(clientIdOf(core)).not.toBe(oldClientId);
    // The server holds both letters, each under its own number.
    const rows = await server.db.kysely.selectFrom('letters' as never).select(['id' as never, 'subject' as never, 'sequence' as never]).where('subject' as never, 'in', ['Voor de herstelde kopie', 'Na het herstel'] as never).execute();
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => (r as { sequence: number }).sequence)).size).toBe(2);
  }, 60_000);
});
