/**
 * Photos from a real OpenLDAP server (private slapd): a phone-sized JPEG with EXIF (GPS) in
 * jpegPhoto is read over the wire, imported and stored at <= 256 px without EXIF; an entry whose
 * jpegPhoto is not an image is imported with an error line naming its DN; a re-run writes nothing.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directoryFeature } from '../../../src/server/features/directory/index.js';
import { readBindPassword, readLdap, type LdapReadOptions } from '../../../src/server/import/ldap.js';
import { applyImport } from '../../../src/server/import/merge.js';
import { KINDS, skipKind } from '../helpers.js';
import { changeLog, importDb, type ImportDb } from './fixtures.js';
import { PEOPLE_BASE, personDn, personLdif, SLAPD_AVAILABLE, startSlapd, type Slapd } from './slapd.js';

describe.skipIf(!SLAPD_AVAILABLE)('photos from slapd (openldap profile)', () => {
  let slapd: Slapd;
  let base: LdapReadOptions;

  beforeAll(async () => {
    const photo = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: { r: 90, g: 140, b: 60 } } })
      .jpeg()
      .withExif({ IFD0: { Make: 'PhoneMaker' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '50/1 51/1 2/1' } })
      .toBuffer();
    const ldif = [
      personLdif({ uid: 'aclaeys', givenName: 'An', sn: 'Claeys', mail: 'an.claeys@poperinge.test', jpegPhoto: photo }),
      personLdif({ uid: 'jpeeters', givenName: 'Jan', sn: 'Peeters', mail: 'jan.peeters@poperinge.test', jpegPhoto: Buffer.from('not a photo at all') }),
      personLdif({ uid: 'evandamme', givenName: 'Émilie', sn: 'Van Damme', mail: 'emilie.vandamme@poperinge.test' }),
    ].join('');
    slapd = await startSlapd({ ldif });
    base = { url: slapd.url, bindDn: slapd.readerDn, password: readBindPassword({ passwordFile: slapd.readerPasswordFile }), base: PEOPLE_BASE, profile: 'openldap' };
  });
  afterAll(async () => {
    await slapd?.stop();
  });

  for (const kind of KINDS) {
    it.skipIf(skipKind(kind))(`imports them resized and EXIF-free, reports the bad one by DN (${kind})`, async () => {
      let t: ImportDb | undefined;
      try {
        t = await importDb(kind);
        const run = async () => applyImport(t!.db.kysely, { municipalityId: 'poperinge', batch: await readLdap(base), features: [directoryFeature] });
        const summary = await run();
        expect(summary).toMatchObject({ added: 3, rejected: 0 });
        expect(summary.errors).toEqual([{ dn: personDn('jpeeters'), reason: 'photo is not an image (JPEG, PNG, WebP or GIF expected); the person was imported without a new photo' }]);
        const rows = await t.db.kysely.selectFrom('person_photos').innerJoin('people', 'people.id', 'person_photos.person_id').select(['people.last_name', 'person_photos.data', 'person_photos.width', 'person_photos.height']).execute();
        expect(rows.map((r) => [r.last_name, r.width, r.height])).toEqual([['Claeys', 256, 192]]);
        const meta = await sharp(Buffer.from(rows[0]!.data, 'base64')).metadata();
        expect(meta.exif).toBeUndefined();
        const before = await changeLog(t.db);
        expect(await run()).toMatchObject({ added: 0, changed: 0, unchanged: 3 });
        expect(await changeLog(t.db)).toEqual(before);
      } finally {
        await t?.close();
      }
    });
  }
});
