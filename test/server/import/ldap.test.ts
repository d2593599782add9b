/**
 * readLdap against a real OpenLDAP server (a private slapd, see slapd.ts), openldap profile:
 * full read, paging over several pages under a server size limit, incremental runs by
 * modifyTimestamp, a deleted entry missing from a full run, a bad entry rejected with its DN,
 * wrong password / unreachable port / bad base DN as clear errors, ldaps:// and StartTLS with a CA file.
 */
import { Client, SizeLimitExceededError } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LdapConfigFile, readBindPassword, readLdap, type LdapReadOptions } from '../../../src/server/import/ldap.js';
import { PEOPLE_BASE, personDn, personLdif, ROOT_DN, ROOT_PW, SLAPD_AVAILABLE, startSlapd, SUFFIX, type Slapd } from './slapd.js';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);
const SIZE_LIMIT = 5;
/** Fixture entries carry old timestamps (slapadd keeps them); Émilie is the latest of them. */
const OLD = '20260101000000Z';
const LATEST = '20260102000000Z';

function fixture(): string {
  const people = [
    personLdif({ uid: 'aclaeys', givenName: 'An', sn: 'Claeys', mail: 'An.Claeys@poperinge.test', title: 'Algemeen directeur', departmentNumber: 'Directie', telephoneNumber: '057 34 62 01', roomNumber: 'Stadhuis 2.01', employeeNumber: 'P0001', jpegPhoto: JPEG, modifyTimestamp: OLD }),
    personLdif({ uid: 'jpeeters', givenName: 'Jan', sn: 'Peeters', mail: 'jan.peeters@poperinge.test', title: 'Diensthoofd ICT', ou: 'Dienst ICT', mobile: '0475 12 34 56', manager: personDn('aclaeys'), employeeNumber: 'P0002', modifyTimestamp: OLD }),
    personLdif({ uid: 'evandamme', givenName: 'Émilie', sn: 'Van Damme', mail: 'emilie.vandamme@poperinge.test', departmentNumber: 'Burgerzaken', ou: 'ignored when departmentNumber is set', manager: personDn('jpeeters'), modifyTimestamp: LATEST }),
    personLdif({ uid: 'nogivenname', sn: 'Zondervoornaam', mail: 'x@poperinge.test', modifyTimestamp: OLD }),
  ];
  for (let i = 0; i < 9; i++) people.push(personLdif({ uid: `staff${i}`, givenName: 'Medewerker', sn: `Nummer ${i}`, mail: `staff${i}@poperinge.test`, departmentNumber: 'Technische dienst', manager: personDn('jpeeters'), modifyTimestamp: OLD }));
  return people.join('');
}

describe.skipIf(!SLAPD_AVAILABLE)('readLdap against slapd (openldap profile)', () => {
  let slapd: Slapd;
  let base: LdapReadOptions;

  beforeAll(async () => {
    slapd = await startSlapd({ ldif: fixture(), sizeLimit: SIZE_LIMIT, tls: true });
    base = { url: slapd.url, bindDn: slapd.readerDn, password: readBindPassword({ passwordFile: slapd.readerPasswordFile }), base: PEOPLE_BASE, profile: 'openldap' };
  });
  afterAll(async () => {
    await slapd?.stop();
  });

  it('reads everybody in a full run, mapped, with managers resolved and the bad entry rejected by DN', async () => {
    const batch = await readLdap(base);
    expect(batch.kind).toBe('ldap:openldap');
    expect(batch.full).toBe(true);
    expect(batch.records).toHaveLength(12);
    expect(batch.errors).toEqual([{ dn: personDn('nogivenname'), reason: 'no first name (givenName)', sourceId: expect.stringMatching(/^[0-9a-f-]{36}$/) }]);
    expect(batch.nextCursor).toBe(LATEST);
    const byMail = new Map(batch.records.map((r) => [r.email, r]));
    const an = byMail.get('an.claeys@poperinge.test')!;
    const jan = byMail.get('jan.peeters@poperinge.test')!;
    const emilie = byMail.get('emilie.vandamme@poperinge.test')!;
    expect(an.sourceId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(an).toMatchObject({ origin: personDn('aclaeys'), firstName: 'An', lastName: 'Claeys', jobTitle: 'Algemeen directeur', department: 'Directie', deskPhone: '057 34 62 01', mobilePhone: null, office: 'Stadhuis 2.01', employeeNumber: 'P0001', managerSourceId: null });
    expect(Buffer.from(an.photo!)).toEqual(JPEG);
    expect('extension' in an).toBe(false); // not owned by the openldap profile
    expect('disabled' in an).toBe(false);
    expect(jan).toMatchObject({ department: 'Dienst ICT', mobilePhone: '0475 12 34 56', managerSourceId: an.sourceId, photo: null });
    expect(emilie).toMatchObject({ firstName: 'Émilie', department: 'Burgerzaken', managerSourceId: jan.sourceId });
    expect(batch.managerLookups).toBe(0);
  });

  it('pages: the server stops a plain search at its size limit, the paged search reads every page', async () => {
    const plain = new Client({ url: slapd.url });
    await plain.bind(slapd.readerDn, base.password);
    await expect(plain.search(PEOPLE_BASE, { filter: '(objectClass=inetOrgPerson)' })).rejects.toBeInstanceOf(SizeLimitExceededError);
    await plain.unbind();
    const batch = await readLdap({ ...base, pageSize: 4 });
    expect(batch.records.length + batch.errors.length).toBe(13);
    expect(batch.records.length + batch.errors.length).toBeGreaterThan(SIZE_LIMIT);
    expect(batch.pages).toBeGreaterThanOrEqual(4);
    // The default page size (500) is above this server's limit (5), as a small AD page limit would be:
    // the read still ends with everybody because the server caps each page, not the paged search.
    const dflt = await readLdap(base);
    expect(dflt.records).toHaveLength(12);
  });

  it('an incremental run (modifyTimestamp cursor) reads what changed, resolving a manager outside the batch', async () => {
    const full = await readLdap(base);
    expect(full.nextCursor).toBe(LATEST);
    slapd.modify(`dn: ${personDn('staff3')}\nchangetype: modify\nreplace: title\ntitle: Ploegbaas\n\n`);
    const inc = await readLdap({ ...base, since: full.nextCursor });
    expect(inc.full).toBe(false);
    // The filter is >= (timestamps have whole seconds): the entry of the cursor itself comes back too.
    expect(inc.records.map((r) => r.origin).sort()).toEqual([personDn('evandamme'), personDn('staff3')]);
    const jan = full.records.find((r) => r.origin === personDn('jpeeters'))!;
    expect(inc.records.find((r) => r.origin === personDn('staff3'))).toMatchObject({ jobTitle: 'Ploegbaas', managerSourceId: jan.sourceId });
    expect(inc.records.find((r) => r.origin === personDn('evandamme'))).toMatchObject({ managerSourceId: jan.sourceId });
    expect(inc.managerLookups).toBe(1); // Jan is not in this batch: looked up once by DN
    expect(inc.nextCursor! > LATEST).toBe(true);
    const again = await readLdap({ ...base, since: inc.nextCursor });
    expect(again.records.map((r) => r.origin)).toEqual([personDn('staff3')]);
  });

  it('a config file overrides attributes, filter and page size', async () => {
    const config = { filter: '(&(objectClass=inetOrgPerson)(employeeNumber=*))', pageSize: 1, attributes: { department: 'ou', office: null } };
    const batch = await readLdap({ ...base, config: LdapConfigFile.parse(config) });
    expect(batch.records.map((r) => r.origin).sort()).toEqual([personDn('aclaeys'), personDn('jpeeters')]);
    expect(batch.pages).toBeGreaterThanOrEqual(2);
    const jan = batch.records.find((r) => r.origin === personDn('jpeeters'))!;
    const an = batch.records.find((r) => r.origin === personDn('aclaeys'))!;
    expect(jan.department).toBe('Dienst ICT');
    expect(an.department).toBeNull(); // An has a departmentNumber but no ou
    expect('office' in an).toBe(false); // not owned: Pop Index keeps what it has
    await expect(readLdap({ ...base, profile: 'ad', config: LdapConfigFile.parse({ ...config, profile: 'openldap' }) })).rejects.toThrow('The config file is for profile "openldap", not "ad"');
  });

  it('a deleted entry is missing from the next full run', async () => {
    slapd.add(personLdif({ uid: 'tijdelijk', givenName: 'Tijs', sn: 'Tijdelijk', mail: 'tijs@poperinge.test' }));
    const before = await readLdap(base);
    expect(before.records.some((r) => r.origin === personDn('tijdelijk'))).toBe(true);
    slapd.delete(personDn('tijdelijk'));
    const after = await readLdap(base);
    expect(after.full).toBe(true);
    expect(after.records.some((r) => r.origin === personDn('tijdelijk'))).toBe(false);
    expect(after.records).toHaveLength(before.records.length - 1);
  });

  it('wrong password: a clear error without the password', async () => {
    const wrong = 'Verkeerd-wachtwoord-99';
    const err = await readLdap({ ...base, bindDn: ROOT_DN, password: wrong }).then(
      () => new Error('no error'),
      (e: unknown) => e as Error,
    );
    expect(err.name).toBe('LdapReadError');
    expect(err.message).toMatch(/refused the bind.*wrong bind DN or password/);
    expect(err.message).not.toContain(wrong);
    expect(err.message).not.toContain(ROOT_PW);
  });

  it('unreachable port: a clear error', async () => {
    // the port of a server we stopped: nothing listens there
    const other = await startSlapd();
    const deadUrl = other.url;
    await other.stop();
    await expect(readLdap({ ...base, url: deadUrl })).rejects.toThrow(/Cannot reach the LDAP server 127\.0\.0\.1:\d+: connection refused/);
  });

  it('bad base DN and bad filter: clear errors', async () => {
    await expect(readLdap({ ...base, base: `ou=nope,${SUFFIX}` })).rejects.toThrow(`The base DN "ou=nope,${SUFFIX}" does not exist`);
    await expect(readLdap({ ...base, filter: '(&(objectClass=inetOrgPerson)' })).rejects.toThrow('Invalid LDAP filter (&(objectClass=inetOrgPerson): unbalanced parentheses');
  });

  it('ldaps:// with the CA file; refused without it', async () => {
    const batch = await readLdap({ ...base, url: slapd.ldapsUrl!, caFile: slapd.caFile });
    expect(batch.records).toHaveLength(12);
    await expect(readLdap({ ...base, url: slapd.ldapsUrl! })).rejects.toThrow(/certificate was not accepted.*--ca-file/);
  });

  it('StartTLS on ldap:// with the CA file', async () => {
    const batch = await readLdap({ ...base, startTls: true, caFile: slapd.caFile });
    expect(batch.records).toHaveLength(12);
  });
});
