/**
 * Letters through the real desktop core and a real backend: a reservation made while the backend
 * is down waits in the outbox as "pending, number follows"; when the backend is back the number
 * arrives, `letters.numberAssigned` fires (the shell's notification), cancel keeps the number,
 * and the secretariat's register and CSV export see it.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type PopServer } from '../../src/server/app.js';
import { createCore, createMemorySecretStore, type Core } from '../../src/main/core/index.js';
import { dispatch } from '../../src/main/core/dispatch.js';
import type { EventPayload } from '../../src/shared/ipc/contract.js';
import { tempDir } from './helpers.js';

const tmp = tempDir('pop-letters-core-');
const serverFile = join(tmp.dir, 'server.sqlite');
let server: PopServer;
let port = 0;
let core: Core;
const events: EventPayload<'letters.numberAssigned'>[] = [];
/** Handlers may throw synchronously; dispatch turns that into an envelope, tests into a rejection. */
const later = <T>(f: () => T | Promise<T>): Promise<T> => Promise.resolve().then(f);

async function startServer(): Promise<string> {
  server = await createServer({ file: serverFile, databaseUrl: null, seed: { size: 120 }, oidc: null, updatesDir: null });
  const url = await server.listen(port, '127.0.0.1');
  port = Number(new URL(url).port);
  return url;
}

beforeAll(async () => {
  const url = await startServer();
  core = createCore({ dataDir: join(tmp.dir, 'desktop'), backend: { url }, secretStore: createMemorySecretStore(), live: false, pollMs: 3_600_000 });
  await core.start();
  core.on('letters.numberAssigned', (e) => events.push(e));
  await core.handlers['session.signIn']({ username: 'demo', password: 'demo' });
  expect((await core.handlers['sync.now']({})).ready).toBe(true);
}, 120_000);
afterAll(async () => {
  await core?.stop();
  await server?.close();
  tmp.cleanup();
});

describe('letters in the core', () => {
  let id = '';
  let number = '';

  it('offline: the request waits in the outbox as pending, number follows', async () => {
    await server.close();
    const session = await core.handlers['session.get']({});
    const facets = await core.handlers['directory.facets']({});
    const departmentId = facets.departments.find((d) => d.municipalityId === session.user!.municipalityId)!.id;
    const view = await core.handlers['letters.reserve']({
      subject: 'Antwoord bouwaanvraag',
      recipient: 'Familie Testmans',
      departmentId,
      handlingOfficer: 'An Peeters',
      dispatchMethod: 'registered',
      yourReference: 'UK-1',
      dossier: null,
    });
    id = view.id;
    expect(view).toMatchObject({ state: 'pending', number: null, subject: 'Antwoord bouwaanvraag', departmentName: expect.any(String) });
    const status = await core.handlers['sync.now']({});
    expect(status.online).toBe(false);
    expect(status.pendingCommands).toBe(1);
    const mine = await core.handlers['letters.mine']({ limit: 200 });
    expect(mine[0]).toMatchObject({ id, state: 'pending', number: null });
    expect(events).toHaveLength(0);
    // bad input is refused at the boundary, nothing queued
    const bad = await dispatch(core.handlers as never, 'letters.reserve', { subject: '', recipient: 'x', departmentId, handlingOfficer: 'y', dispatchMethod: 'post', yourReference: null, dossier: null });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((await core.handlers['sync.status']({})).pendingCommands).toBe(1);
  });

  it('backend back: the number arrives, the event fires once, the letter is reserved', async () => {
    await startServer();
    const status = await core.handlers['sync.now']({});
    expect(status.online).toBe(true);
    expect(status.pendingCommands).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ id, subject: 'Antwoord bouwaanvraag', rejected: null });
    number = events[0]!.number!;
    expect(number).toMatch(/^\d{4}\/\d{5}$/);
    const mine = await core.handlers['letters.mine']({ limit: 200 });
    expect(mine.find((l) => l.id === id)).toMatchObject({ state: 'reserved', number, dispatchMethod: 'registered' });
    // the server has it under the same number
    const row = await server.db.kysely.selectFrom('letters' as never).selectAll().where('id' as never, '=', id as never).executeTakeFirst();
    expect(row).toMatchObject({ sequence: Number(number.slice(5)) });
  });

  it('cancel with a reason: the number stays, as cancelled', async () => {
    const refused = await dispatch(core.handlers as never, 'letters.cancel', { id, reason: '' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const view = await core.handlers['letters.cancel']({ id, reason: 'Dubbel aangevraagd' });
    expect(view.pendingAction).toBe('cancel');
    await core.handlers['sync.now']({});
    const after = (await core.handlers['letters.mine']({ limit: 200 })).find((l) => l.id === id);
    expect(after).toMatchObject({ number, state: 'cancelled', cancelReason: 'Dubbel aangevraagd', pendingAction: null });
    await expect(later(() => core.handlers['letters.cancel']({ id, reason: 'nog eens' }))).rejects.toMatchObject({ code: 'conflict' });
  });

  it('the register and its CSV are for the secretariat: every number, no gaps', async () => {
    const year = Number(number.slice(0, 4));
    await expect(later(() => core.handlers['letters.register']({ year, offset: 0, limit: 200 }))).rejects.toMatchObject({ code: 'forbidden' });
    await core.handlers['session.signIn']({ username: 'secretariaat', password: 'demo' });
    await core.handlers['sync.now']({});
    const register = await core.handlers['letters.register']({ year, offset: 0, limit: 500 });
    expect(register.gaps).toEqual([]);
    expect(register.items.map((l) => l.number)).toContain(number);
    expect(register.items.find((l) => l.number === number)?.state).toBe('cancelled');
    expect(register.items.map((l) => Number(l.number!.slice(5)))).toEqual(Array.from({ length: register.total }, (_, i) => i + 1));
    const cancelledOnly = await core.handlers['letters.register']({ year, status: 'cancelled', offset: 0, limit: 500 });
    expect(cancelledOnly.items.every((l) => l.state === 'cancelled')).toBe(true);
    const csv = await core.handlers['letters.exportCsv']({ year });
    expect(csv.filename).toMatch(/\.csv$/);
    expect(csv.content).toContain(`${number};`);
    expect(csv.content.split('\r\n').filter(Boolean)).toHaveLength(register.total + 1);
    // the demo user's letters are not "mine" for the secretariat
    expect((await core.handlers['letters.mine']({ limit: 200 })).some((l) => l.id === id)).toBe(false);
  });
});
