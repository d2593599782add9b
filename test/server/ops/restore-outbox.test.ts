/**
 * A restore while a desktop (the real core) has queued commands. A proxy between the desktop and
 * the backend loses the answers of pushes on demand (the server applied them, the desktop never
 * heard), so the outbox holds commands the server saw before the backup (B), commands it saw only
 * after the backup (C), and a command made while the server was down (D). The old backup is then
 * restored into a new database and a new backend answers behind the same address:
 *   B is answered from the restored record (its number from before), C and D are applied once,
 *   every letter exists once, no number is given twice, the desktop converges on the register.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type PopServer } from '../../../src/server/app.js';
import { createCore, createMemorySecretStore, type Core } from '../../../src/main/core/index.js';
import { KINDS, skipKind, type TestStore } from '../helpers.js';
import { admin, opsStore, startProxy, type Proxy } from './ops-helpers.js';

describe.each(KINDS)('restore while a desktop has queued commands (%s)', (kind) => {
  const skip = skipKind(kind);
  const tmp = mkdtempSync(join(tmpdir(), 'pop-ops-restore-outbox-'));
  const stores: TestStore[] = [];
  let proxy: Proxy;
  let server: PopServer | null = null;
  let core: Core;

  const start = async (store: TestStore, seed: boolean) => {
    server = await createServer({ ...store.options, seed: seed ? { size: 120 } : false, oidc: null, updatesDir: null });
    proxy.target = await server.listen(0, '127.0.0.1');
  };
  const reserve = async (subject: string) => {
    const session = await core.handlers['session.get']({});
    const facets = await core.handlers['directory.facets']({});
    const departmentId = facets.departments.find((d) => d.municipalityId === session.user!.municipalityId)!.id;
    return core.handlers['letters.reserve']({ subject, recipient: 'Familie Testmans', departmentId, handlingOfficer: 'An Peeters', dispatchMethod: 'post', yourReference: null, dossier: null });
  };
  type LetterRow = { id: string; subject: string; municipality_id: string; year: number; sequence: number };
  const letters = async (): Promise<LetterRow[]> =>
    (await server!.db.kysely
      .selectFrom('letters' as never)
      .select(['id', 'subject', 'municipality_id', 'year', 'sequence'] as never[])
      .execute()) as unknown as LetterRow[];

  beforeAll(async () => {
    if (skip) return;
    proxy = await startProxy();
    stores.push(await opsStore(kind));
    await start(stores[0]!, true);
    core = createCore({ dataDir: join(tmp, 'desktop'), backend: { url: proxy.url }, secretStore: createMemorySecretStore(), live: false, pollMs: 3_600_000 });
    await core.start();
    await core.handlers['session.signIn']({ username: 'demo', password: 'demo' });
    expect((await core.handlers['sync.now']({})).ready).toBe(true);
  }, 120_000);
  afterAll(async () => {
    await core?.stop();
    await server?.close();
    await proxy?.close();
    for (const s of stores) await s.drop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it.skipIf(skip)('queued commands are sent again: seen ones answered from the record, unseen ones applied once, no number twice', async () => {
    const a = await reserve('A: voor de back-up, bevestigd');
    expect((await core.handlers['sync.now']({})).pendingCommands).toBe(0);

    proxy.losePushAnswers = true;
    const b = await reserve('B: voor de back-up, antwoord verloren');
    expect((await core.handlers['sync.now']({})).pendingCommands).toBe(1);
    const numberOfB = (await letters()).find((l) => l.subject.startsWith('B:'))!;
    expect(numberOfB).toBeDefined(); // the server applied it; the desktop does not know

    const backup = await admin(stores[0]!, 'backup', '--out', join(tmp, 'backups'));
    expect(backup.code).toBe(0);

    const c = await reserve('C: na de back-up, antwoord verloren');
    expect((await core.handlers['sync.now']({})).pendingCommands).toBe(2);
    expect((await letters()).filter((l) => l.subject.startsWith('C:'))).toHaveLength(1);

    // The town hall burns: the old backend and its database are gone.
    proxy.losePushAnswers = false;
    await server!.close();
    server = null;
    proxy.target = null;
    const d = await reserve('D: terwijl de server weg is');
    const offline = await core.handlers['sync.now']({});
    expect(offline.online).toBe(false);
    expect(offline.pendingCommands).toBe(3);

    // IT restores last night's backup into a new database and starts a backend behind the same address.
    stores.push(await opsStore(kind));
    const dir = join(tmp, 'backups', readdirSync(join(tmp, 'backups'))[0]!);
    const restore = await admin(stores[1]!, 'restore', dir);
    expect(restore.err).toBe('');
    expect(restore.code).toBe(0);
    await start(stores[1]!, false);
    expect((await letters()).filter((l) => l.subject.startsWith('C:'))).toHaveLength(0); // lost with the old database

    const status = await core.handlers['sync.now']({});
    expect(status.error).toBeNull();
    expect(status.pendingCommands).toBe(0);

    const register = await letters();
    for (const prefix of ['A:', 'B:', 'C:', 'D:']) expect(register.filter((l) => l.subject.startsWith(prefix))).toHaveLength(1);
    // B was answered from the restored record: the number the server gave it before the backup.
    expect(register.find((l) => l.subject.startsWith('B:'))).toMatchObject({ id: numberOfB.id, sequence: numberOfB.sequence });
    const numbers = register.map((l) => `${l.municipality_id}/${l.year}/${l.sequence}`);
    expect(new Set(numbers).size).toBe(numbers.length);

    // The desktop pulled afresh (new epoch) and shows exactly the register's numbers. (On a shared
    // PostgreSQL cluster another database's open transaction can hold the newest change back from
    // a pull for a moment: sync again until it is there, at most 50 times.)
    let mine = await core.handlers['letters.mine']({ limit: 200 });
    for (let i = 0; i < 50 && ![a, b, c, d].every((v) => mine.some((l) => l.id === v.id)); i++) {
      await core.handlers['sync.now']({});
      mine = await core.handlers['letters.mine']({ limit: 200 });
    }
    for (const view of [a, b, c, d]) {
      const shown = mine.find((l) => l.id === view.id)!;
      expect(shown).toMatchObject({ state: 'reserved' });
      const row = register.find((l) => l.id === view.id)!;
      expect(shown.number).toBe(`${row.year}/${String(row.sequence).padStart(5, '0')}`);
    }
    const applied = (await server!.db.kysely.selectFrom('sync_commands').select(['seq']).where('type', '=', 'letters.reserve').execute()).map((r) => r.seq);
    expect(new Set(applied).size).toBe(applied.length);
  }, 120_000);
});
