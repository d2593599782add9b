/**
 * Citizen data never reaches the desktop's disk. The real core (with a real logger writing to the
 * data folder at debug level) looks citizens up on a real backend: by name, address and national
 * number, opens details with the national number, makes failing calls too. Then the WHOLE data
 * folder (cache database, -wal/-shm, logs, anything else) is scanned byte for byte, in UTF-8 and
 * UTF-16, while the core runs and after it stopped: no name, birth date or national number of the
 * looked-up citizens. A positive control proves the scan sees synced data in the same files.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type PopServer } from '../../src/server/app.js';
import { createCore, createMemorySecretStore, type Core } from '../../src/main/core/index.js';
import { dispatch } from '../../src/main/core/dispatch.js';
import { createLogger } from '../../src/main/core/logging/logger.js';
import { formatInsz } from '../../src/shared/format/insz.js';
import type { CitizenTables } from '../../src/server/features/citizens/tables.js';
import { tempDir } from './helpers.js';

const serverTmp = tempDir('pop-citizens-server-');
const desktopTmp = tempDir('pop-citizens-desktop-');
let server: PopServer;
let core: Core;
let household: { id: string; first_names: string; last_name: string; national_number: string; birth_date: string | null }[] = [];
let colleague = '';
/** First names that no colleague in the synced directory has (so a hit can only be a leak). */
let distinctive: string[] = [];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** Every (file, needle) where the needle occurs in the file, as UTF-8 or UTF-16LE, any case. */
function scan(dir: string, needles: readonly string[]): string[] {
  const hits: string[] = [];
  for (const file of files(dir)) {
    const bytes = readFileSync(file);
    for (const needle of needles) {
      for (const variant of new Set([needle, needle.toLowerCase(), needle.toUpperCase()])) {
        if (bytes.includes(Buffer.from(variant, 'utf8')) || bytes.includes(Buffer.from(variant, 'utf16le'))) hits.push(`${relative(dir, file)}: ${needle}`);
      }
    }
  }
  return [...new Set(hits)];
}

function needles(): string[] {
  return household.flatMap((c) => [
    ...(distinctive.includes(c.first_names) ? [c.first_names] : []),
    `${c.last_name}, ${c.first_names}`,
    `${c.first_names} ${c.last_name}`,
    c.national_number,
    formatInsz(c.national_number),
    c.national_number.slice(0, 6) + '-' + c.national_number.slice(6),
    ...(c.birth_date ? [c.birth_date] : []),
  ]);
}

beforeAll(async () => {
  server = await createServer({ file: join(serverTmp.dir, 'server.sqlite'), databaseUrl: null, seed: { size: 120 }, oidc: null, updatesDir: null });
  const url = await server.listen(0, '127.0.0.1');
  const log = createLogger({ dir: join(desktopTmp.dir, 'logs'), level: 'debug' });
  log.info('citizen no-trace test: core starting'); // the log file exists and is part of the scan
  core = createCore({ dataDir: desktopTmp.dir, backend: { url }, secretStore: createMemorySecretStore(), log, live: false, pollMs: 3_600_000 });
  await core.start();
  await core.handlers['session.signIn']({ username: 'bevolking.hoofd', password: 'demo' });
  expect((await core.handlers['sync.now']({})).ready).toBe(true);
  household = await server.db.kysely
    .withTables<CitizenTables>()
    .selectFrom('citizens')
    .select(['id', 'first_names', 'last_name', 'national_number', 'birth_date'])
    .where('household_id', '=', 'hh-poperinge-1')
    .execute();
  const person = await server.db.kysely.selectFrom('people').select('last_name').where('municipality_id', '=', 'poperinge').orderBy('id').executeTakeFirstOrThrow();
  colleague = person.last_name;
  const staffFirstNames = new Set((await server.db.kysely.selectFrom('people').select('first_name').execute()).map((p) => p.first_name));
  distinctive = household.map((c) => c.first_names).filter((name) => !staffFirstNames.has(name));
  expect(distinctive).toContain('Jozefien');
}, 120_000);
afterAll(async () => {
  await core?.stop().catch(() => undefined);
  await server?.close();
  serverTmp.cleanup();
  desktopTmp.cleanup();
});

describe('citizen lookups leave no trace in the data folder', () => {
  it('looks citizens up through the core (online, with purpose)', async () => {
    expect(household.map((c) => c.first_names).sort()).toEqual(['Jozefien', 'Lotte', 'Pieter-Jan']);
    const jozefien = household.find((c) => c.first_names === 'Jozefien')!;
    const reason = { purpose: 'Attest gezinssamenstelling', dossier: '' };
    const byName = await core.handlers['citizens.search']({ query: { by: 'name', lastName: 'Demeyere', firstName: 'Joz', birthDate: '1987-03-14' }, reason });
    expect(byName.items.map((i) => i.id)).toEqual([jozefien.id]);
    const byAddress = await core.handlers['citizens.search']({ query: { by: 'address', street: 'Gasthuisstraat', houseNumber: '12', postcode: null }, reason });
    expect(byAddress.items.length).toBeGreaterThanOrEqual(3);
    const byNrn = await core.handlers['citizens.search']({ query: { by: 'nationalNumber', nationalNumber: formatInsz(jozefien.national_number) }, reason });
    expect(byNrn.items.map((i) => i.id)).toEqual([jozefien.id]);
    for (const member of household) {
      const detail = await core.handlers['citizens.view']({ id: member.id, reason });
      expect(detail.nationalNumber).toBe(formatInsz(member.national_number));
    }
    // failures go through the same paths (and must not log what was asked either)
    const typo = await dispatch(core.handlers as never, 'citizens.search', { query: { by: 'nationalNumber', nationalNumber: jozefien.national_number.slice(0, 10) + '0' }, reason });
    expect(typo).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const missing = await dispatch(core.handlers as never, 'citizens.view', { id: 'cit-nowhere-1', reason });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const noPurpose = await dispatch(core.handlers as never, 'citizens.search', { query: { by: 'name', lastName: 'Demeyere' }, reason: { purpose: '', dossier: '' } });
    expect(noPurpose).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('finds none of it in any file while the core runs (database, -wal, logs), though synced data is there', () => {
    const all = files(desktopTmp.dir).map((f) => relative(desktopTmp.dir, f));
    expect(all).toContain('cache.sqlite');
    expect(all.some((f) => f.startsWith('logs'))).toBe(true);
    expect(scan(desktopTmp.dir, [colleague]).length).toBeGreaterThan(0); // the scan does see the cache
    expect(scan(desktopTmp.dir, needles())).toEqual([]);
  });

  it('finds none of it after the core stopped and checkpointed its database', async () => {
    await core.stop();
    expect(scan(desktopTmp.dir, [colleague]).length).toBeGreaterThan(0);
    expect(scan(desktopTmp.dir, needles())).toEqual([]);
  });
});
