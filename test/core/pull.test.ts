/**
 * Pull against hostile and failing servers: a bad page changes nothing and yields a clear error;
 * pages are applied one transaction at a time with their cursor (an error mid-sync keeps the pages
 * before it and resumes after them); `reset` drops synced data but never the outbox.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, createMemorySecretStore, type Core } from '../../src/main/core/index.js';
import { enqueueCommand, pendingCount } from '../../src/main/core/sync/outbox.js';
import { getState } from '../../src/main/core/sync/state.js';
import { directoryChanges, people, person, tempDir, upserts } from './helpers.js';
import { page, startScriptedBackend, type ScriptedBackend } from './hostile-server.js';

let backend: ScriptedBackend;
let core: Core;
const tmp = tempDir('pop-pull-');

beforeEach(async () => {
  backend = await startScriptedBackend();
  core = createCore({ dataDir: join(tmp.dir, 'desktop'), backend: { url: backend.url }, secretStore: createMemorySecretStore(), live: false, pollMs: 3_600_000 });
  await core.start();
  await core.handlers['session.signIn']({ username: 'demo', password: 'demo' });
  backend.queue(page(directoryChanges(), 'c1'));
  const first = await core.handlers['sync.now']({});
  expect(first.error).toBeNull();
  expect(peopleCount()).toBe(people.length);
});
afterEach(async () => {
  await core.stop();
  await backend.close();
  tmp.cleanup();
});

const peopleCount = () => (core.db.prepare('SELECT count(*) AS n FROM dir_people').get() as { n: number }).n;
const snapshot = () => ({ people: peopleCount(), cursor: getState(core.db, 'cursor'), words: (core.db.prepare('SELECT count(*) AS n FROM dir_search_docsize').get() as { n: number }).n });

async function expectRejected(reply: Parameters<ScriptedBackend['queue']>[0], code: string, message: RegExp): Promise<void> {
  const before = snapshot();
  backend.queue(reply);
  const status = await core.handlers['sync.now']({});
  expect(status.error?.code).toBe(code);
  expect(status.error?.message).toMatch(message);
  expect(snapshot()).toEqual(before);
}

describe('pull against a hostile server', () => {
  it('quarantines an invalid row: the rest of the page goes in, the row is logged and reported to the server', async () => {
    const bad = { ...person({ id: 'p9', firstName: 'Bad', lastName: 'Row' }), email: 'not-an-email' };
    const teams = { ...person({ id: 'p10', firstName: 'Bad', lastName: 'Link' }), mobilePhone: 'msteams:/l/chat' };
    const swapped = { op: 'upsert', collection: 'people', id: 'p11', data: { ...people[1] } };
    backend.queue(page([...upserts('people', [person({ id: 'p8', firstName: 'Good', lastName: 'Row' })]), ...upserts('people', [bad, teams]), swapped, ...upserts('people', [person({ id: 'p12', firstName: 'Also', lastName: 'Good' })])], 'c2'));
    const status = await core.handlers['sync.now']({});
    expect(status.error).toBeNull();
    expect(getState(core.db, 'cursor')).toBe('c2');
    expect(peopleCount()).toBe(people.length + 2);
    expect(await core.handlers['directory.person']({ id: 'p12' })).toMatchObject({ firstName: 'Also' });
    expect(await core.handlers['directory.person']({ id: 'p9' })).toBeNull();
    await expect.poll(() => backend.problems.length).toBe(3);
    expect(backend.problems).toEqual([
      { collection: 'people', id: 'p9', reason: expect.stringMatching(/^email: /) },
      { collection: 'people', id: 'p10', reason: expect.stringMatching(/^mobilePhone: /) },
      { collection: 'people', id: 'p11', reason: 'the row carries another id than its change' },
    ]);
    // Reasons name fields and rules, never the values.
    expect(JSON.stringify(backend.problems)).not.toMatch(/not-an-email|msteams/);
  });

  it('skips changes of collections this build does not know yet (a newer backend), applies the rest', async () => {
    backend.queue(page([{ op: 'upsert', collection: 'staffCars', id: 'car-1', data: { plate: '1-ABC-123' } }, { op: 'delete', collection: 'staffCars', id: 'car-2' }, ...upserts('people', [person({ id: 'p-new', firstName: 'Nieuwe', lastName: 'Collega' })])], 'c2'));
    const status = await core.handlers['sync.now']({});
    expect(status.error).toBeNull();
    expect(getState(core.db, 'cursor')).toBe('c2');
    expect(await core.handlers['directory.person']({ id: 'p-new' })).toMatchObject({ firstName: 'Nieuwe' });
  });

  it('rejects a page whose envelope is wrong: broken JSON, wrong shapes, a known collection without an id', async () => {
    await expectRejected(page([{ op: 'upsert', collection: 'people', data: {} }], 'c2'), 'bad_response', /invalid answer/);
    await expectRejected({ raw: '{"protocol":1,"reset":false,' }, 'bad_response', /malformed JSON/);
    await expectRejected({ json: { protocol: 2, reset: false, cursor: 'c2', hasMore: false, remaining: 0, changes: [] } }, 'bad_response', /protocol/);
    await expectRejected({ json: [1, 2, 3] }, 'bad_response', /invalid answer/);
    await expectRejected(page([{ op: 'delete', collection: 'people', id: "p1'; DROP TABLE dir_people; --" }], 'c2'), 'bad_response', /id/);
  });

  it('an answer cut halfway is a network failure (offline, retried), not an internal error', async () => {
    const before = snapshot();
    backend.queue({ ...page(upserts('people', [person({ id: 'cut', firstName: 'Half', lastName: 'Weg' })]), 'c2'), cut: true });
    const status = await core.handlers['sync.now']({});
    expect(status.online).toBe(false);
    expect(status.error?.code).toBe('offline');
    expect(snapshot()).toEqual(before);
  });

  it('refuses an oversized answer without reading it all', async () => {
    await expectRejected({ bytes: 17 * 1024 * 1024 }, 'bad_response', /too large/);
  });

  it('explains a protocol mismatch and server errors', async () => {
    await expectRejected({ status: 426, json: { error: 'protocol_mismatch', message: 'This Pop Index is too old for the server', serverProtocol: 2, minClientVersion: '2.0.0' } }, 'protocol_mismatch', /too old/);
    await expectRejected({ status: 500, json: { error: 'internal', message: 'boom' } }, 'server_error', /boom/);
  });

  it('keeps complete pages when a later page is bad, and resumes from the last stored cursor', async () => {
    backend.queue(
      page(upserts('people', [person({ id: 'n1', firstName: 'Nieuw', lastName: 'Een' })]), 'c2', { hasMore: true }),
      page(upserts('people', [person({ id: 'n2', firstName: 'Nieuw', lastName: 'Twee' })]), 'c3', { hasMore: true }),
      { raw: '{"protocol":1,"reset":false,"cursor":"c4","changes":[' },
    );
    const failed = await core.handlers['sync.now']({});
    expect(failed.error?.code).toBe('bad_response');
    expect(getState(core.db, 'cursor')).toBe('c3');
    expect(peopleCount()).toBe(people.length + 2);
    backend.queue(page(upserts('people', [person({ id: 'n3', firstName: 'Nieuw', lastName: 'Drie' })]), 'c4'));
    const ok = await core.handlers['sync.now']({});
    expect(ok.error).toBeNull();
    expect(backend.pulls.slice(-2)).toEqual(['c3', 'c3']);
    expect(peopleCount()).toBe(people.length + 3);
  });
});

describe('reset', () => {
  it('drops synced collections, keeps the outbox, and applies the page from scratch', async () => {
    enqueueCommand(core.db, 'directory.setPrivacy', { birthdayVisible: true }, new Date());
    expect(pendingCount(core.db)).toBe(1);
    const changed: string[][] = [];
    core.on('data.changed', (e) => changed.push(e.collections));
    // The scripted server refuses pushes: the pull must still happen, and the command stays queued.
    backend.queue(page(upserts('people', [person({ id: 'only', firstName: 'Enige', lastName: 'Overblijver' })]), 'e2-c1', { reset: true }));
    const status = await core.handlers['sync.now']({});
    expect(status.error?.message).toMatch(/Sending queued actions failed/);
    expect(peopleCount()).toBe(1);
    expect(core.db.prepare('SELECT count(*) AS n FROM dir_municipalities').get()).toEqual({ n: 0 });
    expect(getState(core.db, 'cursor')).toBe('e2-c1');
    expect(getState(core.db, 'ready')).toBe('1');
    expect(pendingCount(core.db)).toBe(1);
    expect(status.pendingCommands).toBe(1);
    expect(changed.flat()).toContain('municipalities');
    const found = await core.handlers['directory.search']({ query: 'overblijver', offset: 0, limit: 5 });
    expect(found.items.map((p) => p.id)).toEqual(['only']);
  });
});
