/**
 * The meeting parsers on the fixtures and on broken publications (no database): which field comes
 * from where, Brussels times (winter, summer, the file's VTIMEZONE, an IANA TZID alone, floating,
 * UTC), item order (schema:position, besluit:aangebrachtNa), public/closed, and clear errors.
 */
import { describe, expect, it } from 'vitest';
import { parseIcs } from '../../../src/server/import/meetings/parse-ics.js';
import { parseLblod } from '../../../src/server/import/meetings/parse-lblod.js';
import { zonedToUtc } from '../../../src/server/import/meetings/time.js';
import { MeetingFormatError } from '../../../src/server/import/meetings/types.js';
import { CBS_HTML, fixture, GR_HTML, ICS } from './meetings-helpers.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const ZITTING = 'http://data.lblod.info/id/zittingen/7b3c1e52-4d7a-4c0e-9f11-0a6f2c9d8e01';

async function formatError(p: Promise<unknown> | (() => unknown)): Promise<MeetingFormatError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    expect(err).toBeInstanceOf(MeetingFormatError);
    return err as MeetingFormatError;
  }
  throw new Error('expected a MeetingFormatError');
}

describe('Brussels wall-clock time to UTC', () => {
  it('winter +01:00, summer +02:00, the skipped spring hour moves forward, the repeated autumn hour is the first', () => {
    expect(zonedToUtc({ year: 2026, month: 12, day: 17, hour: 19, minute: 30, second: 0 })).toBe('2026-12-17T18:30:00.000Z');
    expect(zonedToUtc({ year: 2027, month: 4, day: 22, hour: 19, minute: 30, second: 0 })).toBe('2027-04-22T17:30:00.000Z');
    expect(zonedToUtc({ year: 2027, month: 3, day: 28, hour: 2, minute: 30, second: 0 })).toBe('2027-03-28T01:30:00.000Z');
    expect(zonedToUtc({ year: 2026, month: 10, day: 25, hour: 2, minute: 30, second: 0 })).toBe('2026-10-25T00:30:00.000Z');
  });
});

describe('LBLOD / Gelinkt Notuleren (HTML + RDFa)', () => {
  it('the gemeenteraad agenda: zitting, body by its classification, planned start, location, items in order with numbers, public and closed', async () => {
    const batch = await parseLblod(bytes(fixture(GR_HTML)));
    expect(batch.kind).toBe('meetings:lblod');
    expect(batch.meetings).toHaveLength(1);
    const m = batch.meetings[0]!;
    expect(m).toMatchObject({
      externalId: ZITTING,
      bodyKind: 'gemeenteraad',
      bodyName: 'Gemeenteraad Poperinge',
      plannedStart: '2026-12-17T18:30:00.000Z',
      startedAt: null,
      endedAt: null,
      location: 'Raadzaal, stadhuis Poperinge, Grote Markt 1, 8970 Poperinge',
    });
    expect(m.items.map((i) => [i.position, i.number, i.visibility, i.kind])).toEqual([
      [1, '2026_GR_00141', 'public', 'planned'],
      [2, '2026_GR_00142', 'public', 'planned'],
      [3, '2026_GR_00143', 'public', 'planned'],
      [4, null, 'public', 'planned'],
      [5, null, 'public', 'supplementary'],
      [6, null, 'closed', 'planned'],
    ]);
    expect(m.items[0]).toMatchObject({
      title: 'Goedkeuring van de notulen en het zittingsverslag van de zitting van 19 november 2026',
      description: 'De gemeenteraad keurt de notulen en het zittingsverslag van de vorige zitting goed.',
      externalId: 'http://data.lblod.info/id/agendapunten/0c1d2e3f-1111-4a5b-8c9d-000000000001',
    });
  });

  it('the college agenda: order from besluit:aangebrachtNa, a start without offset is Brussels time, every item closed, location from the place\'s label, spoedeisend', async () => {
    const [m] = (await parseLblod(bytes(fixture(CBS_HTML)))).meetings;
    expect(m).toMatchObject({ bodyKind: 'cbs', plannedStart: '2026-12-07T08:00:00.000Z', location: 'Collegezaal, stadhuis Poperinge' });
    expect(m!.items.map((i) => i.number)).toEqual(['2026_CBS_10410', '2026_CBS_10411', '2026_CBS_10412', '2026_CBS_10413']);
    expect(new Set(m!.items.map((i) => i.visibility))).toEqual(new Set(['closed']));
    expect(m!.items[3]!.kind).toBe('urgent');
  });

  it('actual start and end (prov:startedAtTime / prov:endedAtTime) are read when published', async () => {
    const held = fixture(GR_HTML).replace(
      '<p>Plaats:',
      '<span property="prov:startedAtTime" datatype="xsd:dateTime" content="2026-12-17T19:34:00+01:00"></span><span property="prov:endedAtTime" datatype="xsd:dateTime" content="2026-12-17T22:05:00+01:00"></span><p>Plaats:',
    );
    const [m] = (await parseLblod(bytes(held))).meetings;
    expect(m).toMatchObject({ startedAt: '2026-12-17T18:34:00.000Z', endedAt: '2026-12-17T21:05:00.000Z' });
  });

  it('refuses what it cannot map, naming the place and the reason', async () => {
    expect((await formatError(parseLblod(bytes('just some text')))).message).toMatch(/not an HTML page/);
    expect((await formatError(parseLblod(bytes('<html><body><p>Geen zitting</p></body></html>')))).message).toMatch(/No besluit:Zitting/);
    expect((await formatError(parseLblod(new Uint8Array([0x3c, 0x68, 0xff, 0xfe, 0x3e]))))!.message).toMatch(/not UTF-8/);
    const noStart = await formatError(parseLblod(bytes(fixture(GR_HTML).replace('property="besluit:geplandeStart"', 'property="besluit:iets"'))));
    expect(noStart.problems).toEqual([{ place: `zitting ${ZITTING}`, reason: 'besluit:geplandeStart is missing' }]);
    const badStart = await formatError(parseLblod(bytes(fixture(GR_HTML).replace('2026-12-17T19:30:00+01:00', '17/12/2026 19:30'))));
    expect(badStart.problems[0]!.reason).toBe('besluit:geplandeStart is not an xsd:dateTime');
    const noBody = await formatError(
      parseLblod(bytes(fixture(GR_HTML).replace('5ab0e9b8a3b2ca7c5e000005', 'onbekend').replace('Gemeenteraad Poperinge', 'Adviesraad'))),
    );
    expect(noBody.problems[0]!.reason).toMatch(/not a known body/);
    const noTitle = await formatError(parseLblod(bytes(fixture(GR_HTML).replace('property="dct:title">Aanvullend', 'property="dct:iets">Aanvullend'))));
    expect(noTitle.problems).toEqual([{ place: 'agendapunt http://data.lblod.info/id/agendapunten/0c1d2e3f-1111-4a5b-8c9d-000000000004', reason: 'dct:title is missing' }]);
  });
});

describe('iCalendar (.ics)', () => {
  it('the export: UID, TZID Europe/Brussels (winter and summer), LOCATION, DESCRIPTION items with sections and marks, CLASS:CONFIDENTIAL, cancelled left out', () => {
    const batch = parseIcs(bytes(fixture(ICS)));
    expect(batch.kind).toBe('meetings:ics');
    expect(batch.meetings.map((m) => [m.externalId, m.bodyKind, m.plannedStart, m.items.length])).toEqual([
      ['zitting-gr-20261217@vergaderingen.poperinge.example', 'gemeenteraad', '2026-12-17T18:30:00.000Z', 5],
      ['zitting-cbs-20261214@vergaderingen.poperinge.example', 'cbs', '2026-12-14T08:00:00.000Z', 3],
      ['zitting-gr-20270422@vergaderingen.poperinge.example', 'gemeenteraad', '2027-04-22T17:30:00.000Z', 0],
    ]);
    expect(batch.warnings).toEqual([{ place: 'VEVENT zitting-gr-20261210@vergaderingen.poperinge.example', reason: 'cancelled (STATUS:CANCELLED): left out' }]);
    const gr = batch.meetings[0]!;
    expect(gr.location).toBe('Raadzaal, stadhuis Poperinge, Grote Markt 1, 8970 Poperinge');
    expect(gr.items.map((i) => [i.position, i.number, i.title, i.visibility, i.kind])).toEqual([
      [1, '2026_GR_00141', 'Goedkeuring van de notulen van de vorige zitting', 'public', 'planned'],
      [2, '2026_GR_00142', 'Meerjarenplan 2025-2030: aanpassing nummer 3', 'public', 'planned'],
      [3, null, 'Retributiereglement sporthal: wijziging', 'public', 'planned'],
      [4, null, 'Vraag van een raadslid over het recyclagepark', 'public', 'supplementary'],
      [5, null, 'Personeel: aanstelling van een diensthoofd bibliotheek', 'closed', 'planned'],
    ]);
    expect(gr.items[1]!.description).toBe('Vaststelling door de raad na advies van de commissie.');
    expect(batch.meetings[1]!.items.every((i) => i.visibility === 'closed')).toBe(true);
  });

  it('the same times without the VTIMEZONE block (IANA TZID), with a Windows zone name, in UTC, and floating (= Brussels)', () => {
    const noVtz = fixture(ICS).replace(/BEGIN:VTIMEZONE[\s\S]*?END:VTIMEZONE\r\n/, '');
    expect(noVtz).not.toContain('VTIMEZONE');
    expect(parseIcs(bytes(noVtz)).meetings.map((m) => m.plannedStart)).toEqual(['2026-12-17T18:30:00.000Z', '2026-12-14T08:00:00.000Z', '2027-04-22T17:30:00.000Z']);
    const windows = noVtz.replaceAll('TZID=Europe/Brussels', 'TZID="Romance Standard Time"');
    expect(parseIcs(bytes(windows)).meetings[2]!.plannedStart).toBe('2027-04-22T17:30:00.000Z');
    const utc = noVtz.replace('DTSTART;TZID=Europe/Brussels:20261217T193000', 'DTSTART:20261217T183000Z');
    expect(parseIcs(bytes(utc)).meetings[0]!.plannedStart).toBe('2026-12-17T18:30:00.000Z');
    const floating = noVtz.replace('DTSTART;TZID=Europe/Brussels:20270422T193000', 'DTSTART:20270422T193000');
    expect(parseIcs(bytes(floating)).meetings[2]!.plannedStart).toBe('2027-04-22T17:30:00.000Z');
  });

  it('--body overrides SUMMARY / CATEGORIES (a feed of one body)', () => {
    const batch = parseIcs(bytes(fixture(ICS).replace('SUMMARY:Gemeenteraad\r\nCATEGORIES:Gemeenteraad', 'SUMMARY:Zitting')), { body: 'rmw' });
    expect(batch.meetings.map((m) => m.bodyKind)).toEqual(['rmw', 'rmw', 'rmw']);
  });

  it('refuses what it cannot map, naming the event and the reason', async () => {
    expect((await formatError(() => parseIcs(bytes('dit is geen kalender')))).message).toMatch(/cannot be read/);
    expect((await formatError(() => parseIcs(bytes('BEGIN:VCARD\r\nVERSION:4.0\r\nFN:X\r\nEND:VCARD\r\n')))).message).toMatch(/not an iCalendar/);
    expect((await formatError(() => parseIcs(bytes('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n')))).message).toMatch(/no VEVENT/);
    const noUid = await formatError(() => parseIcs(bytes(fixture(ICS).replace('UID:zitting-cbs-20261214@vergaderingen.poperinge.example\r\n', ''))));
    expect(noUid.problems).toEqual([{ place: 'VEVENT #2', reason: 'UID is missing' }]);
    const allDay = await formatError(() => parseIcs(bytes(fixture(ICS).replace('DTSTART;TZID=Europe/Brussels:20270422T193000', 'DTSTART;VALUE=DATE:20270422'))));
    expect(allDay.problems[0]!.reason).toMatch(/whole day/);
    const badZone = await formatError(() => parseIcs(bytes(fixture(ICS).replace('DTSTART;TZID=Europe/Brussels:20270422T193000', 'DTSTART;TZID=Mars/Olympus:20270422T193000'))));
    expect(badZone.problems[0]!.reason).toMatch(/neither a known time zone nor a VTIMEZONE/);
    const unknownBody = await formatError(() => parseIcs(bytes(fixture(ICS).replace('SUMMARY:College van burgemeester en schepenen', 'SUMMARY:Personeelsfeest'))));
    expect(unknownBody.problems).toEqual([{ place: 'VEVENT zitting-cbs-20261214@vergaderingen.poperinge.example', reason: expect.stringMatching(/the body is not known/) }]);
    const twice = await formatError(() => parseIcs(bytes(fixture(ICS).replace('UID:zitting-gr-20270422', 'UID:zitting-gr-20261217'))));
    expect(twice.problems[0]!.reason).toBe('the UID occurs twice');
  });
});
