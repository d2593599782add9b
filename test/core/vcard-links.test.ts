import { describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { escapeText, foldLine, officeAddress, personVCard, vcardFilename } from '../../src/main/core/features/directory/vcard.js';
import { isAllowedExternalUrl } from '../../src/main/core/links.js';
import type { PersonDetail } from '../../src/shared/contract/directory.js';

const celine: PersonDetail = {
  id: 'p1',
  firstName: 'Céline',
  lastName: "Vanden Broucke; D'Hondt",
  jobTitle: 'Deskundige ICT, netwerken',
  departmentId: 'ict',
  departmentName: 'ICT',
  municipalityId: 'poperinge',
  municipalityName: 'Poperinge',
  deskPhone: '+3257346578',
  mobilePhone: '+32475123456',
  extension: '4321',
  email: 'celine@poperinge.example',
  office: 'Stadhuis\nGrote Markt 1, 8970 Poperinge — bureau 2.14 \\ zijingang',
  managerId: null,
  manager: null,
  reports: [],
  birthday: { month: 3, day: 5 },
};

describe('vCard', () => {
  it('escapes backslash, comma, semicolon and newlines', () => {
    expect(escapeText('a\\b,c;d\ne')).toBe('a\\\\b\\,c\\;d\\ne');
  });

  it('writes a vCard 3.0 with CRLF lines, escaped values and no birthday', () => {
    const card = personVCard(celine);
    expect(card.startsWith('BEGIN:VCARD\r\nVERSION:3.0\r\n')).toBe(true);
    expect(card.endsWith('END:VCARD\r\n')).toBe(true);
    expect(card).toContain("N:Vanden Broucke\\; D'Hondt;Céline;;;\r\n");
    expect(card).toContain('TITLE:Deskundige ICT\\, netwerken\r\n');
    expect(card).toContain('TEL;TYPE=WORK:+3257346578\r\n');
    expect(card).toContain('TEL;TYPE=CELL:+32475123456\r\n');
    expect(card).not.toMatch(/BDAY/);
    expect(card).not.toMatch(/X-OFFICE/);
    expect(card.replace(/\r\n /g, '')).toContain('ADR;TYPE=WORK:;Stadhuis;Grote Markt 1;Poperinge — bureau 2.14 \\\\ zijingang;;8970;België\r\n');
    expect(card.split('\r\n').slice(0, -1).every((l) => l.length > 0)).toBe(true);
  });

  it('writes vCard 4.0 with tel: URIs', () => {
    const card = personVCard(celine, '4.0');
    expect(card).toContain('VERSION:4.0\r\n');
    expect(card).toContain('TEL;VALUE=uri;TYPE=work:tel:+3257346578\r\n');
  });

  it('puts the office in a standard work address that a well-kept parser (ical.js) reads, in 3.0 and 4.0', () => {
    const office = { ...celine, lastName: "Vanden Broucke-D'Hondt", office: 'Stadhuis, Grote Markt 1 bus 2, 8970 Poperinge' };
    for (const version of ['3.0', '4.0'] as const) {
      const card = new ICAL.Component(ICAL.parse(personVCard(office, version)));
      expect(card.getFirstPropertyValue('version')).toBe(version);
      const adr = card.getFirstProperty('adr')!;
      expect(adr.getParameter('type')).toMatch(/^work$/i);
      expect(adr.getValues()[0]).toEqual(['', 'Stadhuis', 'Grote Markt 1 bus 2', 'Poperinge', '', '8970', 'België']);
      expect(card.getFirstPropertyValue('fn')).toBe("Céline Vanden Broucke-D'Hondt");
      expect(card.getFirstPropertyValue('n')).toEqual(["Vanden Broucke-D'Hondt", 'Céline', '', '', '']);
      expect(card.getFirstPropertyValue('email')).toBe('celine@poperinge.example');
      if (version === '4.0') expect(adr.getParameter('label')).toBe('Stadhuis, Grote Markt 1 bus 2, 8970 Poperinge');
    }
  });

  it('splits a Belgian office address into ADR parts, other text stays whole', () => {
    expect(officeAddress('Technische dienst, Vroonhofstraat 22, 8970 Poperinge', 'Poperinge')).toEqual({ extended: 'Technische dienst', street: 'Vroonhofstraat 22', postcode: '8970', locality: 'Poperinge' });
    expect(officeAddress('Grote Markt 1, 8970 Poperinge', 'Poperinge')).toEqual({ extended: '', street: 'Grote Markt 1', postcode: '8970', locality: 'Poperinge' });
    expect(officeAddress('bureau 2.14', 'Ieper')).toEqual({ extended: 'bureau 2.14', street: '', postcode: '', locality: 'Ieper' });
  });

  it('folds long lines at 75 octets without splitting a UTF-8 character', () => {
    const line = 'NOTE:' + 'é'.repeat(100);
    const folded = foldLine(line).split('\r\n');
    expect(folded.length).toBeGreaterThan(1);
    for (const part of folded) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
    expect(folded.map((p, i) => (i ? p.slice(1) : p)).join('')).toBe(line);
  });

  it('makes a safe ASCII file name', () => {
    expect(vcardFilename(celine)).toBe('Celine-Vanden-Broucke-D-Hondt.vcf');
    expect(vcardFilename({ firstName: '../..', lastName: '/' })).toBe('contact.vcf');
  });
});

describe('external links', () => {
  const policy = { httpsHosts: ['intranet.poperinge.be'] };
  it.each([
    ['tel:+3257346578', true],
    ['tel:057 34 65 78', true],
    ['mailto:celine@poperinge.example', true],
    ['msteams:/l/chat/0/0?users=celine@poperinge.example', true],
    ['https://intranet.poperinge.be/nieuws', true],
    ['https://INTRANET.poperinge.be/', true],
    ['https://evil.example/', false],
    ['https://intranet.poperinge.be.evil.example/', false],
    ['https://user:pw@intranet.poperinge.be/', false],
    ['http://intranet.poperinge.be/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['tel:+32<script>', false],
    ['mailto:a@b.c\nBcc: x@y.z', false],
    ['mailto:celine@poperinge.example?subject=Vergadering&body=Hallo', true],
    ['mailto:celine@poperinge.example?attach=C:/Users/demo/secret.docx', false],
    ['mailto:celine@poperinge.example?ATTACHMENT=/etc/passwd', false],
    ['mailto:celine@poperinge.example?bcc=spy@evil.example', false],
    ['mailto:?to=x@y.z', false],
    ['msteams:/l/call/0/0?users=celine@poperinge.example', true],
    ['msteams:/l/chat/0/0?users=celine@poperinge.example&message=hi', false],
    ['msteams:/l/entity/abc?webUrl=https://evil.example', false],
    ['msteams:https://evil.example', false],
    ['not a url', false],
  ])('%s -> %s', (url, allowed) => {
    expect(isAllowedExternalUrl(url, policy)).toBe(allowed);
  });
});
