/**
 * The HR export parser (no database): encodings, delimiters, quoting, line numbers, header
 * recognition, mapping files, birth dates (month and day only).
 */
import { describe, expect, it } from 'vitest';
import { CsvFormatError, decodeCsv, detectDelimiter, normaliseHeader, parseBirthDate, parseCsv, parseMapping, parseRows } from '../../../src/server/import/csv.js';
import { toE164 } from '../../../src/shared/format/phone.js';

const bytes = (s: string, enc: 'utf8' | 'latin1' = 'utf8', bom = false) => Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(s, enc)]);

describe('HR CSV', () => {
  it('detects UTF-8 with and without BOM, and Windows-1252 (é, ë, €)', () => {
    expect(decodeCsv(bytes('Hélène;Joëlle', 'utf8', true))).toEqual({ text: 'Hélène;Joëlle', encoding: 'utf-8' });
    expect(decodeCsv(bytes('Hélène;Joëlle'))).toEqual({ text: 'Hélène;Joëlle', encoding: 'utf-8' });
    expect(decodeCsv(Buffer.concat([bytes('Hélène;Joëlle ', 'latin1'), Buffer.from([0x80, 0x92])]))).toEqual({ text: 'Hélène;Joëlle €’', encoding: 'windows-1252' });
  });

  it('detects ; or , on the header line, ignoring quoted ones', () => {
    expect(detectDelimiter('a;b;c\n1,2;3')).toBe(';');
    expect(detectDelimiter('"a;b",c,d\n')).toBe(',');
    expect(detectDelimiter('only\n')).toBe(';');
  });

  it('reads quoted fields with delimiters, newlines and quotes, and keeps the line where each row starts', () => {
    const rows = parseRows('h1;h2\r\n"a;1";"say ""hi"""\r\n"multi\r\nline";x\r\n\r\nlast;y', ';');
    expect(rows).toEqual([
      { line: 1, cells: ['h1', 'h2'] },
      { line: 2, cells: ['a;1', 'say "hi"'] },
      { line: 3, cells: ['multi\r\nline', 'x'] },
      { line: 6, cells: ['last', 'y'] },
    ]);
    expect(() => parseRows('a;"open\nnever closed', ';')).toThrow(CsvFormatError);
  });

  it('recognises the headers whatever their case and accents', () => {
    expect(['E-mail', 'Uit dienst', 'GEBOORTEDATUM', 'Personeelsnummer ', 'Leidinggevende'].map(normaliseHeader)).toEqual(['email', 'uitdienst', 'geboortedatum', 'personeelsnummer', 'leidinggevende']);
    const b = parseCsv(bytes('PERSONEELSNUMMER,Voornaam,Naam,E-MAIL,gsm\n7,Zoë,Peeters,zoe@x.be,0475 11 22 33\n'));
    expect(b).toMatchObject({ kind: 'csv', full: true, delimiter: ',', errors: [] });
    expect(b.records).toEqual([{ sourceId: '7', origin: 'line 2', firstName: 'Zoë', lastName: 'Peeters', email: 'zoe@x.be', mobilePhone: '0475 11 22 33' }]);
  });

  it('names a missing required column, and a mapping header that is not in the file', () => {
    expect(() => parseCsv(bytes('Voornaam;Achternaam;E-mail\nA;B;a@b.be\n'))).toThrow(/Required column\(s\) missing: "personeelsnummer" \(sourceId\)/);
    expect(() => parseCsv(bytes('Voornaam;Achternaam;E-mail;Nr\nA;B;a@b.be;1\n'), { mapping: { sourceId: 'Stamnummer' } })).toThrow(/names the column "Stamnummer" for sourceId, but the file has no such column/);
    expect(() => parseCsv(bytes(''))).toThrow(/empty/);
  });

  it('rejects a bad mapping file clearly', () => {
    expect(() => parseMapping('{ nope')).toThrow(/not valid JSON/);
    expect(() => parseMapping('{"sourceId": "Nr", "shoeSize": "Maat"}')).toThrow(/unknown field\(s\) "shoeSize"/);
    expect(() => parseMapping('{"sourceId": 5}')).toThrow(/"sourceId"/);
    expect(parseMapping('{"sourceId": "Stamnr", "email": "Mail"}')).toEqual({ sourceId: 'Stamnr', email: 'Mail' });
  });

  it('keeps only month and day of a birth date, in the formats Excel writes', () => {
    expect(parseBirthDate('05/03/1971')).toEqual({ month: 3, day: 5 });
    expect(parseBirthDate('5/3/1971')).toEqual({ month: 3, day: 5 });
    expect(parseBirthDate('1985-12-31')).toEqual({ month: 12, day: 31 });
    expect(parseBirthDate('29/02/1984')).toEqual({ month: 2, day: 29 });
    expect(parseBirthDate('29/02/1985')).toBeNull();
    expect(parseBirthDate('31/04/1990')).toBeNull();
    expect(parseBirthDate('1990')).toBeNull();
  });

  it('turns a bad line into an error with its line number (and a line with too many fields)', () => {
    const b = parseCsv(bytes('Personeelsnummer;Voornaam;Achternaam;E-mail;Geboortedatum\n1;A;B;a@b.be;1/1/1990\n2;C;D;c@d.be;32/1/1990\n3;E;F;e@f.be;;extra\n;G;H;g@h.be;\n'));
    expect(b.records.map((r) => r.sourceId)).toEqual(['1']);
    expect(b.records[0]).toMatchObject({ birthMonth: 1, birthDay: 1 });
    expect(b.errors).toEqual([
      { line: 3, reason: 'Geboortedatum is not a valid date (DD/MM/YYYY or YYYY-MM-DD)', sourceId: '2' },
      { line: 4, reason: 'more fields (6) than the header has columns (5); check the delimiter and quotes', sourceId: '3' },
      { line: 5, reason: 'Personeelsnummer is empty' },
    ]);
  });

  it('normalises phone numbers to E.164', () => {
    expect(toE164('057 34 66 00')).toBe('+3257346600');
    expect(toE164('057/34.66.00')).toBe('+3257346600');
    expect(toE164('+32 (0)57 34 66 00')).toBe('+3257346600');
    expect(toE164('0032 475 12 34 56')).toBe('+32475123456');
    expect(toE164('02 123 45 67')).toBe('+3221234567');
    expect(toE164('+33 1 23 45 67 89')).toBe('+33123456789');
    expect(toE164('12345')).toBeNull();
    expect(toE164('0475 12 34')).toBeNull();
    expect(toE164('bel me')).toBeNull();
  });
});
