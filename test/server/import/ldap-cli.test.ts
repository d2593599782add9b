/**
 * `npm run admin -- import ldap ...` end to end: a private slapd (openldap profile) into a fresh
 * database through runAdmin, on SQLite and PostgreSQL. Full run, unchanged re-run (0 sync changes),
 * an incremental run picking up a modified entry from the stored modifyTimestamp cursor, a deleted
 * entry removed only by a full run, a bad entry rejected with its DN (--json), wrong password and
 * unreachable server changing nothing, --dry-run changing nothing.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdmin } from '../../../src/server/admin/cli.js';
import { openDatabase, type ServerDatabase } from '../../../src/server/db/open.js';
import { freshStore, KINDS, skipKind, type TestStore } from '../helpers.js';
import { PEOPLE_BASE, personDn, personLdif, ROOT_DN, ROOT_PW, SLAPD_AVAILABLE, startSlapd, type Slapd } from './slapd.js';

/** Fixture timestamps (slapadd keeps them): An is the latest, so a full run's cursor is LATEST. */
const OLD = '20260101000000Z';
const LATEST = '20260102000000Z';

function fixture(): string {
  const people = [
    personLdif({ uid: 'aclaeys', givenName: 'An', sn: 'Claeys', mail: 'an.claeys@poperinge.be', title: 'Algemeen directeur', departmentNumber: 'Directie', telephoneNumber: '057 34 62 01', roomNumber: 'Stadhuis 2.01', employeeNumber: 'P0001', modifyTimestamp: LATEST }),
    personLdif({ uid: 'jpeeters', givenName: 'Jan', sn: 'Peeters', mail: 'jan.peeters@poperinge.be', title: 'Diensthoofd ICT', departmentNumber: 'Dienst ICT', mobile: '0475 12 34 56', manager: personDn('aclaeys'), modifyTimestamp: OLD }),
    personLdif({ uid: 'kapot', sn: 'Zondervoornaam', mail: 'kapot@poperinge.be', modifyTimestamp: OLD }),
  ];
  for (let i = 0; i < 8; i++) people.push(personLdif({ uid: `staff${i}`, givenName: 'Medewerker', sn: `Nummer ${i}`, mail: `staff${i}@poperinge.be`, departmentNumber: 'Technische dienst', manager: personDn('jpeeters'), modifyTimestamp: OLD }));
  return people.join('');
}

interface Io {
  out: string[];
  err: string[];
}

describe.skipIf(!SLAPD_AVAILABLE).each(KINDS)('import ldap command on %s', (kind) => {
  let slapd: Slapd;
  let store: TestStore;
  let db: ServerDatabase;
  const skip = skipKind(kind);

  const admin = async (args: string[]): Promise<{ code: number } & Io> => {
    const io: Io = { out: [], err: [] };
    const dataDir = store.options.file ? ['--data-dir', dirname(store.options.file)] : [];
    const code = await runAdmin([...args, ...dataDir], { out: (l) => io.out.push(l), err: (l) => io.err.push(l) }, { databaseUrl: store.url, actor: 'test' });
    return { code, ...io };
  };
  const ldapArgs = (extra: string[] = []) => ['import', 'ldap', '--url', slapd.url, '--bind-dn', slapd.readerDn, '--password-file', slapd.readerPasswordFile, '--base', PEOPLE_BASE, '--municipality', 'poperinge', '--profile', 'openldap', ...extra];
  const people = async () => (await db.kysely.selectFrom('people').select(['id', 'first_name', 'last_name', 'job_title', 'email', 'manager_id', 'mobile_phone']).where('municipality_id', '=', 'poperinge').orderBy('email').execute());
  const maxSeq = async () => Number((await sql<{ n: number | null }>`SELECT MAX(seq) AS n FROM sync_changes`.execute(db.kysely)).rows[0]?.n ?? 0);

  beforeAll(async () => {
    if (skip) return;
    slapd = await startSlapd({ ldif: fixture() });
    store = await freshStore(kind);
    const created = await admin(['municipalities', 'add', 'poperinge', '--name', 'Poperinge']);
    expect(created.code).toBe(0);
    // the admin CLI keeps its SQLite file in --data-dir
    db = await openDatabase(store.url ?? undefined, { file: store.options.file ? join(dirname(store.options.file), 'pop-index.sqlite') : undefined });
  });
  afterAll(async () => {
    await db?.close();
    await store?.drop();
    await slapd?.stop();
  });

  it.skipIf(skip)('a full run adds everybody, rejects the bad entry with its DN, resolves managers (--json)', async () => {
    const r = await admin(ldapArgs(['--json']));
    expect(r.code, r.err.join('\n')).toBe(0);
    expect(r.out).toHaveLength(1);
    const summary = JSON.parse(r.out[0]!) as Record<string, unknown>;
    expect(Object.keys(summary).sort()).toEqual(['added', 'changed', 'errors', 'rejected', 'removed', 'unchanged']);
    expect(summary).toEqual({ added: 10, changed: 0, removed: 0, unchanged: 0, rejected: 1, errors: [{ dn: personDn('kapot'), reason: 'no first name (givenName)' }] });
    const rows = await people();
    expect(rows).toHaveLength(10);
    const an = rows.find((p) => p.email === 'an.claeys@poperinge.be')!;
    const jan = rows.find((p) => p.email === 'jan.peeters@poperinge.be')!;
    expect(jan).toMatchObject({ first_name: 'Jan', last_name: 'Peeters', job_title: 'Diensthoofd ICT', manager_id: an.id });
    expect(rows.filter((p) => p.email?.startsWith('staff')).every((p) => p.manager_id === jan.id)).toBe(true);
    expect(r.err.join('\n')).not.toContain('lees-alleen');
  });

  it.skipIf(skip)('an unchanged re-run (incremental from the stored cursor) writes nothing: 0 sync changes', async () => {
    const before = await maxSeq();
    const r = await admin(ldapArgs());
    expect(r.code, r.err.join('\n')).toBe(0);
    expect(r.err.join('\n')).toContain(`changes since ${LATEST}`);
    // Only entries stamped at or after the cursor are read (>=: timestamps have whole seconds): An.
    expect(r.out).toEqual(['added 0, changed 0, removed 0, unchanged 1, rejected 0']);
    const full = await admin(ldapArgs(['--full']));
    expect(full.out).toEqual(['added 0, changed 0, removed 0, unchanged 10, rejected 1']);
    expect(await maxSeq()).toBe(before);
  });

  it.skipIf(skip)('an incremental run picks up a modified entry (modifyTimestamp cursor)', async () => {
    slapd.modify(`dn: ${personDn('staff3')}\nchangetype: modify\nreplace: title\ntitle: Ploegbaas\n\n`);
    const r = await admin(ldapArgs());
    expect(r.code, r.err.join('\n')).toBe(0);
    // Only what changed since the cursor is read: staff3, and An (stamped at the cursor itself).
    expect(r.out).toEqual(['added 0, changed 1, removed 0, unchanged 1, rejected 0']);
    expect((await people()).find((p) => p.email === 'staff3@poperinge.be')?.job_title).toBe('Ploegbaas');
  });

  it.skipIf(skip)('--dry-run changes nothing', async () => {
    slapd.modify(`dn: ${personDn('staff4')}\nchangetype: modify\nreplace: title\ntitle: Stagiair\n\n`);
    const before = await maxSeq();
    const r = await admin(ldapArgs(['--dry-run', '--full']));
    expect(r.code, r.err.join('\n')).toBe(0);
    expect(r.out).toEqual(['added 0, changed 1, removed 0, unchanged 9, rejected 1']);
    expect(r.err).toContain('Dry run: nothing was changed.');
    expect(await maxSeq()).toBe(before);
    expect((await people()).find((p) => p.email === 'staff4@poperinge.be')?.job_title).not.toBe('Stagiair');
  });

  it.skipIf(skip)('a deleted entry is a leaver for the next full run, not for an incremental one', async () => {
    slapd.delete(personDn('staff7'));
    const inc = await admin(ldapArgs());
    expect(inc.code).toBe(0);
    expect(inc.out[0]).toMatch(/removed 0/);
    expect((await people()).some((p) => p.email === 'staff7@poperinge.be')).toBe(true);
    const full = await admin(ldapArgs(['--full']));
    expect(full.code, full.err.join('\n')).toBe(0);
    expect(full.out[0]).toMatch(/^added 0, changed \d+, removed 1, unchanged \d+, rejected 1$/);
    expect((await people()).some((p) => p.email === 'staff7@poperinge.be')).toBe(false);
  });

  it.skipIf(skip)('the source remembers how it was read (never the password): `sources run --preview` then `sources run`', async () => {
    const listed = await admin(['sources', 'list', '--municipality', 'poperinge', '--json']);
    const [source] = JSON.parse(listed.out[0]!) as Array<{ name: string; reads: string | null }>;
    expect(source).toMatchObject({ name: 'ldap:openldap', reads: `${slapd.url} · ${PEOPLE_BASE}` });
    const stored = await db.kysely.selectFrom('import_sources' as never).select('settings' as never).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).toContain(slapd.readerPasswordFile);
    expect(JSON.stringify(stored)).not.toContain(ROOT_PW);
    slapd.modify(`dn: ${personDn('staff2')}\nchangetype: modify\nreplace: sn\nsn: Nummer Twee\n\n`);
    slapd.delete(personDn('staff6'));
    const before = await maxSeq();
    const preview = await admin(['sources', 'run', 'ldap:openldap', '--municipality', 'poperinge', '--preview']);
    expect(preview.code, preview.err.join('\n')).toBe(0);
    expect(preview.out[0]).toMatch(/^added 0, changed 1, removed 1, unchanged \d+, rejected 1$/);
    expect(preview.err).toContain('would change: Medewerker Nummer Twee (last_name)');
    expect(preview.err).toContain('would remove: Medewerker Nummer 6');
    expect(await maxSeq()).toBe(before);
    const run = await admin(['sources', 'run', 'ldap:openldap', '--municipality', 'poperinge']);
    expect(run.code, run.err.join('\n')).toBe(0);
    expect(run.out[0]).toBe(preview.out[0]);
    const emails = (await people()).map((p) => p.email);
    expect(emails).not.toContain('staff6@poperinge.be');
    expect((await people()).find((p) => p.email === 'staff2@poperinge.be')?.last_name).toBe('Nummer Twee');
    const unknown = await admin(['sources', 'run', 'nope', '--municipality', 'poperinge']);
    expect(unknown).toMatchObject({ code: 1 });
    expect(unknown.err.join('\n')).toMatch(/No source "nope"/);
  });

  it.skipIf(skip)('wrong password: a clear error without the password, nothing changed', async () => {
    const before = await maxSeq();
    const count = (await people()).length;
    const wrongFile = `${slapd.dir}/wrong.pw`;
    writeFileSync(wrongFile, 'Verkeerd-99\n');
    const r = await admin(['import', 'ldap', '--url', slapd.url, '--bind-dn', ROOT_DN, '--password-file', wrongFile, '--base', PEOPLE_BASE, '--municipality', 'poperinge', '--profile', 'openldap', '--full']);
    expect(r.code).toBe(1);
    const text = [...r.out, ...r.err].join('\n');
    expect(text).toMatch(/refused the bind for "cn=admin,dc=poperinge,dc=test": wrong bind DN or password\. Nothing was changed\./);
    expect(text).not.toContain('Verkeerd-99');
    expect(text).not.toContain(ROOT_PW);
    expect(r.out).toEqual([]);
    expect(await maxSeq()).toBe(before);
    expect((await people()).length).toBe(count);
  });

  it.skipIf(skip)('unreachable server: a clear error, nothing changed; bad usage: exit 2', async () => {
    const before = await maxSeq();
    const dead = await startSlapd();
    const deadUrl = dead.url;
    await dead.stop();
    const r = await admin(['import', 'ldap', '--url', deadUrl, '--bind-dn', slapd.readerDn, '--password-file', slapd.readerPasswordFile, '--base', PEOPLE_BASE, '--municipality', 'poperinge', '--profile', 'openldap', '--full']);
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toMatch(/Cannot reach the LDAP server 127\.0\.0\.1:\d+: connection refused\. Nothing was changed\./);
    expect(await maxSeq()).toBe(before);
    const both = await admin(ldapArgs(['--password-env', 'X']));
    expect(both.code).toBe(2);
    expect(both.err.join('\n')).toMatch(/exactly one of --password-file/);
    const noBase = await admin(['import', 'ldap', '--url', slapd.url, '--bind-dn', 'x', '--password-env', 'X', '--municipality', 'poperinge']);
    expect(noBase.code).toBe(2);
    const unknown = await admin(['import', 'ldap', '--url', slapd.url, '--bind-dn', slapd.readerDn, '--password-file', slapd.readerPasswordFile, '--base', PEOPLE_BASE, '--municipality', 'nergensdorp', '--profile', 'openldap']);
    expect(unknown.code).toBe(1);
    expect(unknown.err.join('\n')).toMatch(/Unknown municipality "nergensdorp".*Nothing was changed\./);
  });
});
