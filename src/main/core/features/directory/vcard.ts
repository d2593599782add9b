/**
 * vCard export of a colleague (RFC 2426 vCard 3.0 by default, RFC 6350 4.0 on request):
 * text values escaped (backslash, comma, semicolon, newline), lines folded at 75 octets, CRLF.
 * 3.0 stays the default because Outlook (classic) imports 3.0 fully but not 4.0; phones read both.
 * The office is a standard work address (ADR), so Outlook and phones show it, not an X- field.
 */
import type { PersonDetail } from '../../../../shared/contract/directory.js';

export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n|\r\n?/g, '\\n').replace(/,/g, '\\,').replace(/;/g, '\\;');
}

/** Fold a content line to 75 octets per physical line without splitting a UTF-8 character. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    const limit = out.length === 0 ? 75 : 74; // continuation lines start with a space
    if (bytes + size > limit) {
      out.push(current);
      current = '';
      bytes = 0;
    }
    current += char;
    bytes += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

/**
 * The office as ADR components: "Stadhuis, Grote Markt 1, 8970 Poperinge" gives extended address
 * "Stadhuis", street "Grote Markt 1", postcode 8970, locality Poperinge; text in another shape
 * stays whole in the extended address.
 */
export function officeAddress(office: string, municipalityName: string): { extended: string; street: string; postcode: string; locality: string } {
  const flat = office.replace(/\s*\n\s*/g, ', ').trim();
  const m = /^(?:(.+?),\s*)?([^,]+?\s\d+[a-zA-Z]?(?:\s*bus\s*\S+)?),\s*(\d{4})\s+(.+)$/.exec(flat);
  if (m) return { extended: m[1] ?? '', street: m[2]!, postcode: m[3]!, locality: m[4]! };
  return { extended: flat, street: '', postcode: '', locality: municipalityName };
}

export function personVCard(person: PersonDetail, version: '3.0' | '4.0' = '3.0'): string {
  const e = escapeText;
  const tel = (type: string, number: string): string => (version === '4.0' ? `TEL;VALUE=uri;TYPE=${type}:tel:${number}` : `TEL;TYPE=${type.toUpperCase()}:${number}`);
  const lines = [
    'BEGIN:VCARD',
    `VERSION:${version}`,
    `N:${e(person.lastName)};${e(person.firstName)};;;`,
    `FN:${e(`${person.firstName} ${person.lastName}`)}`,
    `ORG:${e(person.municipalityName)};${e(person.departmentName)}`,
    person.jobTitle ? `TITLE:${e(person.jobTitle)}` : null,
    person.deskPhone ? tel('work', person.deskPhone) : null,
    person.mobilePhone ? tel('cell', person.mobilePhone) : null,
    `EMAIL;TYPE=${version === '4.0' ? 'work' : 'INTERNET,WORK'}:${person.email}`,
    person.office ? adr(person.office, person.municipalityName, version) : null,
    'END:VCARD',
  ];
  return lines.filter((l): l is string => l !== null).map(foldLine).join('\r\n') + '\r\n';
}

function adr(office: string, municipalityName: string, version: '3.0' | '4.0'): string {
  const a = officeAddress(office, municipalityName);
  const value = ['', a.extended, a.street, a.locality, '', a.postcode, 'België'].map(escapeText).join(';');
  if (version === '3.0') return `ADR;TYPE=WORK:${value}`;
  // 4.0: the printable label as a parameter (quoted, no double quotes or line breaks inside)
  const label = office.replace(/\s*\n\s*/g, ', ').replace(/"/g, "'");
  return `ADR;TYPE=work;LABEL="${label}":${value}`;
}

/** A safe file name: "Céline Vandenbroucke" -> "Celine-Vandenbroucke.vcf". */
export function vcardFilename(person: { firstName: string; lastName: string }): string {
  const base = `${person.firstName} ${person.lastName}`
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${base || 'contact'}.vcf`;
}
