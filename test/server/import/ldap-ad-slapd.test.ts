/**
 * The `ad` profile over the wire: AD-shaped entries (objectGUID and thumbnailPhoto as octet
 * strings, userAccountControl, uSNChanged, ipPhone, department, objectCategory) in a private slapd
 * with a small stand-in schema (AD_TEST_SCHEMA), read with readLdap and imported with
 * `import ldap --profile ad` on SQLite: GUIDs in AD's byte order, the disabled bit as a leaver,
 * the uSNChanged cursor (>= N+1) in an incremental run with the manager looked up by DN.
 */
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdmin } from '../../../src/server/admin/cli.js';
import { openDatabase, type ServerDatabase } from '../../../src/server/db/open.js';
import { guidToString, readBindPassword, readLdap, type LdapReadOptions } from '../../../src/server/import/ldap.js';
import { freshStore, type TestStore } from '../helpers.js';
import { AD_TEST_SCHEMA, adDn, adUserLdif, PEOPLE_BASE, SLAPD_AVAILABLE, startSlapd, type Slapd } from './slapd.js';

const guid = (n: number) => Buffer.from([n, 0x04, 0x25, 0x3f, 0x89, 0x4f, 0xd3, 0x11, 0x9a, 0x0c, 0x03, 0x05, 0xe8, 0x2c, 0x33, n]);
const PHOTO = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x0a, 0xff, 0xd9]);

function fixture(): string {
  return [
    adUserLdif({ cn: 'An Claeys', guid: guid(1), givenName: 'An', sn: 'Claeys', usn: 100, mail: 'an.claeys@poperinge.be', title: 'Algemeen directeur', department: 'Directie', office: 'Stadhuis 2.01' }),
    adUserLdif({ cn: 'Jan Peeters', guid: guid(2), givenName: 'Jan', sn: 'Peeters', usn: 101, mail: 'jan.peeters@poperinge.be', title: 'Diensthoofd ICT', department: 'Dienst ICT', ipPhone: '6200', manager: adDn('An Claeys'), thumbnailPhoto: PHOTO }),
    adUserLdif({ cn: 'Els Oud', guid: guid(3), givenName: 'Els', sn: 'Oud', usn: 102, uac: 514, mail: 'els.oud@poperinge.be' }),
    adUserLdif({ cn: 'Tom Tester', guid: guid(4), givenName: 'Tom', sn: 'Tester', usn: 90, mail: 'tom.tester@poperinge.be', department: 'Dienst ICT', manager: adDn('Jan Peeters') }),
    adUserLdif({ cn: 'PC-0042', guid: guid(5), givenName: 'PC', sn: '0042', usn: 103, category: 'computer' }),
  ].join('');
}

describe.skipIf(!SLAPD_AVAILABLE)('ad profile against slapd with AD-shaped entries', () => {
  let slapd: Slapd;
  let store: TestStore;
  let db: ServerDatabase;
  let base: LdapReadOptions;

  const admin = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runAdmin([...args, '--data-dir', dirname(store.options.file!)], { out: (l) => out.push(l), err: (l) => err.push(l) }, { databaseUrl: null, actor: 'test' });
    return { code, out, err };
  };
  const importAd = (extra: string[] = []) =>
    admin(['import', 'ldap', '--url', slapd.url, '--bind-dn', slapd.readerDn, '--password-file', slapd.readerPasswordFile, '--base', PEOPLE_BASE, '--municipality', 'poperinge', '--profile', 'ad', ...extra]);

  beforeAll(async () => {
    slapd = await startSlapd({ ldif: fixture(), schema: AD_TEST_SCHEMA });
    base = { url: slapd.url, bindDn: slapd.readerDn, password: readBindPassword({ passwordFile: slapd.readerPasswordFile }), base: PEOPLE_BASE, profile: 'ad' };
    store = await freshStore('sqlite');
    expect((await admin(['municipalities', 'add', 'poperinge', '--name', 'Poperinge'])).code).toBe(0);
    db = await openDatabase(undefined, { file: join(dirname(store.options.file!), 'pop-index.sqlite') });
  });
  afterAll(async () => {
    await db?.close();
    await store?.drop();
    await slapd?.stop();
  });

  it('readLdap maps AD attributes read over the wire (binary GUID and photo, disabled bit, ipPhone)', async () => {
    const batch = await readLdap(base);
    expect(batch.kind).toBe('ldap:ad');
    expect(batch.errors).toEqual([]);
    expect(batch.records.map((r) => r.firstName).sort()).toEqual(['An', 'Els', 'Jan', 'Tom']); // not the computer
    expect(batch.nextCursor).toBe('102');
    const jan = batch.records.find((r) => r.firstName === 'Jan')!;
    expect(jan.sourceId).toBe(guidToString(guid(2)));
    expect(jan.sourceId).toBe('3f250402-4f89-11d3-9a0c-0305e82c3302');
    expect(jan).toMatchObject({ extension: '6200', department: 'Dienst ICT', disabled: false, managerSourceId: guidToString(guid(1)) });
    expect(Buffer.from(jan.photo!)).toEqual(PHOTO);
    expect(batch.records.find((r) => r.firstName === 'Els')?.disabled).toBe(true);
    expect(batch.records.find((r) => r.firstName === 'An')).toMatchObject({ office: 'Stadhuis 2.01', photo: null, extension: null });
  });

  it('import ldap --profile ad: the disabled account does not come in; uSNChanged drives the incremental run', async () => {
    const first = await importAd(['--json']);
    expect(first.code, first.err.join('\n')).toBe(0);
    const s = JSON.parse(first.out[0]!) as { added: number; removed: number; rejected: number };
    expect(s).toMatchObject({ added: 3, rejected: 0 });
    const emails = async () => (await db.kysely.selectFrom('people').select('email').where('municipality_id', '=', 'poperinge').orderBy('email').execute()).map((p) => p.email);
    expect(await emails()).toEqual(['an.claeys@poperinge.be', 'jan.peeters@poperinge.be', 'tom.tester@poperinge.be']);

    // Jan gets a new title: AD bumps his uSNChanged. The incremental run asks (uSNChanged>=103).
    slapd.modify(`dn: ${adDn('Jan Peeters')}\nchangetype: modify\nreplace: title\ntitle: IT-coördinator\n-\nreplace: uSNChanged\nuSNChanged: 150\n\n`);
    const inc = await readLdap({ ...base, since: '102' });
    expect(inc.records.map((r) => r.firstName)).toEqual(['Jan']);
    expect(inc.managerLookups).toBe(1); // An is outside the batch: looked up by DN
    expect(inc.records[0]?.managerSourceId).toBe(guidToString(guid(1)));
    expect(inc.nextCursor).toBe('150');
    const r = await importAd();
    expect(r.err.join('\n')).toContain('changes since 102');
    expect(r.out).toEqual(['added 0, changed 1, removed 0, unchanged 0, rejected 0']);
    const jan = await db.kysely.selectFrom('people').select(['job_title', 'extension']).where('email', '=', 'jan.peeters@poperinge.be').executeTakeFirstOrThrow();
    expect(jan.job_title).toBe('IT-coördinator');

    // Tom is disabled in AD: an incremental run removes him (no full run needed).
    slapd.modify(`dn: ${adDn('Tom Tester')}\nchangetype: modify\nreplace: userAccountControl\nuserAccountControl: 66050\n-\nreplace: uSNChanged\nuSNChanged: 151\n\n`);
    // One of three is more than 20 %: the guard stops it until IT says so.
    const guarded = await importAd();
    expect(guarded.code).toBe(1);
    expect(guarded.err.join('\n')).toMatch(/would remove 1 of the 3 people .*--allow-mass-removal/);
    expect(guarded.out).toEqual([]);
    expect(await emails()).toHaveLength(3);
    const leave = await importAd(['--allow-mass-removal']);
    expect(leave.err.join('\n')).toContain('changes since 150');
    expect(leave.out).toEqual(['added 0, changed 0, removed 1, unchanged 0, rejected 0']);
    expect(await emails()).toEqual(['an.claeys@poperinge.be', 'jan.peeters@poperinge.be']);
  });
});
