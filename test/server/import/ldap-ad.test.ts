/**
 * The `ad` profile on entries shaped exactly as ldapts returns them from Active Directory (slapd
 * has no AD schema): objectGUID and thumbnailPhoto as Buffers, userAccountControl and uSNChanged
 * as decimal strings, multi-valued attributes as arrays. Plus readBindPassword and the config file.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Entry } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { guidToString, LDAP_PROFILES, loadLdapConfig, mapEntry, normalizeDn, readBindPassword, readLdap, resolveProfile } from '../../../src/server/import/ldap.js';

/** The GUID {3f2504e0-4f89-11d3-9a0c-0305e82c3301} as AD stores it (first three groups little-endian). */
const GUID_BYTES = Buffer.from([0xe0, 0x04, 0x25, 0x3f, 0x89, 0x4f, 0xd3, 0x11, 0x9a, 0x0c, 0x03, 0x05, 0xe8, 0x2c, 0x33, 0x01]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0xff, 0xd9]);

function adEntry(over: Partial<Entry> = {}): Entry {
  return {
    dn: 'CN=Jan Peeters,OU=Personeel,DC=poperinge,DC=local',
    objectGUID: GUID_BYTES,
    givenName: 'Jan',
    sn: 'Peeters',
    title: 'Diensthoofd ICT',
    department: 'Dienst ICT',
    telephoneNumber: '057 34 62 00',
    mobile: '0475 12 34 56',
    ipPhone: '6200',
    mail: 'Jan.Peeters@Poperinge.be',
    manager: 'CN=An Claeys,OU=Personeel,DC=poperinge,DC=local',
    physicalDeliveryOfficeName: 'Stadhuis, bureau 1.04',
    thumbnailPhoto: JPEG,
    userAccountControl: '512',
    uSNChanged: '123456',
    ...over,
  } as Entry;
}

describe('ad profile', () => {
  const ad = LDAP_PROFILES.ad;

  it('turns objectGUID bytes into the GUID string AD shows (mixed-endian)', () => {
    expect(guidToString(GUID_BYTES)).toBe('3f2504e0-4f89-11d3-9a0c-0305e82c3301');
    expect(() => guidToString(Buffer.alloc(5))).toThrow(/16/);
  });

  it('maps a user entry', () => {
    const mapped = mapEntry(adEntry(), ad);
    if (!('record' in mapped)) throw new Error(mapped.reason);
    expect(mapped.managerDn).toBe('CN=An Claeys,OU=Personeel,DC=poperinge,DC=local');
    const { photo, ...rest } = mapped.record;
    expect(rest).toEqual({
      sourceId: '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
      origin: 'CN=Jan Peeters,OU=Personeel,DC=poperinge,DC=local',
      firstName: 'Jan',
      lastName: 'Peeters',
      email: 'jan.peeters@poperinge.be',
      jobTitle: 'Diensthoofd ICT',
      department: 'Dienst ICT',
      deskPhone: '057 34 62 00',
      mobilePhone: '0475 12 34 56',
      extension: '6200',
      office: 'Stadhuis, bureau 1.04',
      managerSourceId: null,
      disabled: false,
    });
    expect(Buffer.from(photo!)).toEqual(JPEG);
    // AD has no employeeNumber in the profile: not owned, so not in the record at all.
    expect('employeeNumber' in mapped.record).toBe(false);
  });

  it('reads the disabled bit (0x2) of userAccountControl, whatever the other bits', () => {
    const disabled = (uac: string) => {
      const m = mapEntry(adEntry({ userAccountControl: uac }), ad);
      if (!('record' in m)) throw new Error(m.reason);
      return m.record.disabled;
    };
    expect(disabled('512')).toBe(false); // NORMAL_ACCOUNT
    expect(disabled('514')).toBe(true); // NORMAL_ACCOUNT | ACCOUNTDISABLE
    expect(disabled('66050')).toBe(true); // + DONT_EXPIRE_PASSWORD
    expect(disabled('66048')).toBe(false);
    expect(disabled('2')).toBe(true);
  });

  it('empty attributes (as ldapts gives requested but absent ones) are owned and empty', () => {
    const m = mapEntry(adEntry({ mobile: [], ipPhone: [], thumbnailPhoto: [], manager: [], title: [] }), ad);
    if (!('record' in m)) throw new Error(m.reason);
    expect(m.record).toMatchObject({ mobilePhone: null, extension: null, photo: null, jobTitle: null, managerSourceId: null });
    expect(m.managerDn).toBeNull();
  });

  it('multi-valued attributes take the first value; attribute names match case-insensitively', () => {
    const entry = adEntry({ telephoneNumber: ['057 11 11 11', '057 22 22 22'] });
    delete (entry as Record<string, unknown>).givenName;
    (entry as Record<string, unknown>).GIVENNAME = 'Jan';
    const m = mapEntry(entry, ad);
    if (!('record' in m)) throw new Error(m.reason);
    expect(m.record.deskPhone).toBe('057 11 11 11');
    expect(m.record.firstName).toBe('Jan');
  });

  it('rejects an entry without objectGUID or without a name, with the reason', () => {
    expect(mapEntry(adEntry({ objectGUID: [] }), ad)).toEqual({ reason: 'no stable id (objectGUID)' });
    expect(mapEntry(adEntry({ givenName: [], sn: [] }), ad)).toEqual({ reason: 'no name (givenName, sn)', sourceId: '3f2504e0-4f89-11d3-9a0c-0305e82c3301' });
    // the id travels with the rejection: a full run does not treat this person as a leaver
    expect(mapEntry(adEntry({ givenName: [] }), ad)).toEqual({ reason: 'no first name (givenName)', sourceId: '3f2504e0-4f89-11d3-9a0c-0305e82c3301' });
  });

  it('normalises DNs for manager matching', () => {
    expect(normalizeDn('CN=An Claeys, OU=Personeel,DC=poperinge, DC=local')).toBe(normalizeDn('cn=an claeys,ou=personeel,dc=poperinge,dc=local'));
  });

  it('refuses an empty password (an unauthenticated bind) before connecting', async () => {
    await expect(readLdap({ url: 'ldap://127.0.0.1:1', bindDn: 'cn=x', password: '', base: 'dc=x' })).rejects.toThrow('The bind password is empty');
  });

  it('a server that accepts the connection but never answers: a clear timeout', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      await expect(readLdap({ url: `ldap://127.0.0.1:${port}`, bindDn: 'cn=x', password: 'p', base: 'dc=x', timeoutMs: 200 })).rejects.toThrow(`The LDAP server 127.0.0.1:${port} did not answer in time (bind)`);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it('rejects a malformed uSNChanged cursor before connecting', async () => {
    await expect(readLdap({ url: 'ldap://127.0.0.1:1', bindDn: 'x', password: 'p', base: 'dc=x', profile: 'ad', since: '1) (objectClass=*' })).rejects.toThrow(/uSNChanged number/);
  });
});

describe('config file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pop-ldap-config-'));
  const write = (name: string, body: unknown) => {
    const f = join(dir, name);
    writeFileSync(f, typeof body === 'string' ? body : JSON.stringify(body));
    return f;
  };

  it('overrides attributes, the filter and the page size; null = not owned', () => {
    const config = loadLdapConfig(write('ok.json', { filter: '(&(objectClass=user)(department=*))', pageSize: 200, attributes: { employeeNumber: 'employeeID', office: ['roomNumber', 'physicalDeliveryOfficeName'], photo: null } }));
    const p = resolveProfile('ad', config);
    expect(p.filter).toBe('(&(objectClass=user)(department=*))');
    expect(p.attributes.employeeNumber).toEqual(['employeeID']);
    expect(p.attributes.office).toEqual(['roomNumber', 'physicalDeliveryOfficeName']);
    expect(p.attributes.photo).toBeNull();
    expect(p.attributes.sourceId).toEqual(['objectGUID']);
    const m = mapEntry(adEntry({ employeeID: 'P0042' }), p);
    if (!('record' in m)) throw new Error(m.reason);
    expect(m.record.employeeNumber).toBe('P0042');
    expect('photo' in m.record).toBe(false);
  });

  it('refuses unknown keys, bad attribute names and unreadable JSON with the file name', () => {
    expect(() => loadLdapConfig(write('a.json', { atributes: {} }))).toThrow(/a\.json/);
    expect(() => loadLdapConfig(write('b.json', { attributes: { sourceId: null } }))).toThrow(/sourceId/);
    expect(() => loadLdapConfig(write('b2.json', { attributes: { email: null } }))).toThrow(/email/);
    expect(() => loadLdapConfig(write('c.json', { attributes: { mail: 'mail' } }))).toThrow(/attributes/);
    expect(() => loadLdapConfig(write('d.json', { attributes: { email: 'mail)(x' } }))).toThrow(/attribute name/);
    expect(() => loadLdapConfig(write('e.json', '{ nope'))).toThrow(/e\.json/);
    expect(() => loadLdapConfig(write('f.json', { pageSize: 5000 }))).toThrow(/pageSize/);
  });
});

describe('readBindPassword', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pop-ldap-pw-'));

  it('reads a file and trims one trailing newline (LF or CRLF), keeping spaces', () => {
    const f = join(dir, 'pw');
    writeFileSync(f, ' s3cret \n');
    expect(readBindPassword({ passwordFile: f })).toBe(' s3cret ');
    writeFileSync(f, 's3cret\r\n');
    expect(readBindPassword({ passwordFile: f })).toBe('s3cret');
  });

  it('reads an environment variable', () => {
    expect(readBindPassword({ passwordEnv: 'POP_LDAP_PW' }, { POP_LDAP_PW: 'geheim\n' })).toBe('geheim');
  });

  it('says what is wrong without showing any password', () => {
    expect(() => readBindPassword({ passwordEnv: 'NOPE' }, {})).toThrow(/NOPE.*not set/);
    expect(() => readBindPassword({ passwordFile: join(dir, 'missing') })).toThrow(/ENOENT/);
    expect(() => readBindPassword({})).toThrow(/No bind password/);
    const f = join(dir, 'empty');
    writeFileSync(f, '\n');
    expect(() => readBindPassword({ passwordFile: f })).toThrow(/empty/);
    expect(() => readBindPassword({ passwordFile: f, passwordEnv: 'X' })).toThrow(/not both/);
  });
});
