/**
 * iCalendar feeds into the agenda, end to end on SQLite and PostgreSQL: the .ics export served by
 * a real local HTTP server, imported into a seeded backend, seen by real sync pulls (closed items
 * only for the secretariat), re-import = 0 changes, a changed DESCRIPTION changes only those rows,
 * a bad feed changes nothing. And the admin command (`import meetings`) on a fresh database.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runAdmin } from '../../../src/server/admin/cli.js';
import { agendaFeature } from '../../../src/server/features/agenda/index.js';
import { directoryFeature } from '../../../src/server/features/directory/index.js';
import { importedItemId, importedMeetingId, importMeetings, MeetingFormatError } from '../../../src/server/import/meetings/index.js';
import { api, freshStore, KINDS, skipKind, startServer, type TestServer, type TestStore } from '../helpers.js';
import { SyncClient } from '../sync-client.js';
import { changeLog, changesSince, fixture, FIXTURES, GR_HTML, ICS, publicationServer, syncUntil, type Published } from './meetings-helpers.js';

const GR_UID = 'zitting-gr-20261217@vergaderingen.poperinge.example';
const CBS_UID = 'zitting-cbs-20261214@vergaderingen.poperinge.example';
const APRIL_UID = 'zitting-gr-20270422@vergaderingen.poperinge.example';

for (const kind of KINDS) {
  describe.skipIf(skipKind(kind))(`meetings import: iCalendar feed (${kind})`, () => {
    let s: TestServer;
    let pub: Awaited<ReturnType<typeof publicationServer>>;
    afterEach(async () => {
      await pub?.close();
      await s?.stop();
    });

    it('imports the feed; public items for colleagues, closed ones for the secretariat; re-import = 0 changes; a changed agenda = only those rows; a bad feed changes nothing', async () => {
      s = await startServer(kind, { features: [directoryFeature, agendaFeature] });
      const db = s.server.db.kysely;
      const pages = new Map<string, Published>([['/export/poperinge.ics', { body: fixture(ICS), type: 'text/calendar; charset=utf-8' }]]);
      pub = await publicationServer(pages);
      const http = api(s.url);
      const demo = new SyncClient(http, (await http.login('demo')).token, 500);
      const secretariat = new SyncClient(http, (await http.login('secretariaat')).token, 500);
      await demo.sync();
      await secretariat.sync();
      const run = () => importMeetings(db, { format: 'ics', location: `${pub.url}/export/poperinge.ics`, municipalityId: 'poperinge' });

      const first = await run();
      // 3 meetings + 5 + 3 items; the cancelled event is a warning, not a meeting.
      expect(first).toMatchObject({ added: 11, changed: 0, removed: 0, unchanged: 0, rejected: 0 });
      expect(first.warnings).toEqual([{ dn: 'VEVENT zitting-gr-20261210@vergaderingen.poperinge.example', reason: 'cancelled (STATUS:CANCELLED): left out' }]);
      const gr = importedMeetingId('poperinge', GR_UID);
      const cbs = importedMeetingId('poperinge', CBS_UID);
      const april = importedMeetingId('poperinge', APRIL_UID);
      const grItem = (key: string) => importedItemId(gr, key);
      await syncUntil(demo, () => demo.get('agendaMeetings', april) !== undefined);
      await syncUntil(secretariat, () => secretariat.get('agendaItems', grItem('title:personeel: aanstelling van een diensthoofd bibliotheek')) !== undefined);

      expect(demo.get('agendaMeetings', gr)).toMatchObject({ bodyId: 'poperinge-gr', plannedStart: '2026-12-17T18:30:00.000Z', location: 'Raadzaal, stadhuis Poperinge, Grote Markt 1, 8970 Poperinge', status: 'agenda_gepubliceerd' });
      expect(demo.get('agendaMeetings', april)).toMatchObject({ plannedStart: '2027-04-22T17:30:00.000Z' }); // summer time
      expect(demo.get('agendaMeetings', cbs)).toMatchObject({ bodyId: 'poperinge-cbs', plannedStart: '2026-12-14T08:00:00.000Z' });
      const itemsOf = (c: SyncClient, meetingId: string) => [...(c.rows.get('agendaItems')?.values() ?? [])].filter((i) => i.meetingId === meetingId);
      expect(itemsOf(demo, gr).map((i) => i.title).sort()).toEqual([
        'Goedkeuring van de notulen van de vorige zitting',
        'Meerjarenplan 2025-2030: aanpassing nummer 3',
        'Retributiereglement sporthal: wijziging',
        'Vraag van een raadslid over het recyclagepark',
      ]);
      expect(itemsOf(demo, cbs)).toEqual([]);
      expect(itemsOf(secretariat, gr)).toHaveLength(5);
      expect(itemsOf(secretariat, cbs)).toHaveLength(3);
      expect(secretariat.get('agendaItems', grItem('2026_GR_00142'))).toMatchObject({ number: '2026_GR_00142', description: 'Vaststelling door de raad na advies van de commissie.' });

      // Same feed again: nothing written.
      const before = await changeLog(db);
      expect(await run()).toMatchObject({ added: 0, changed: 0, removed: 0, unchanged: 11 });
      expect(await changeLog(db)).toEqual(before);
      expect((await demo.pullPage()).changes).toEqual([]);

      // The meeting software re-exports: the council's item 2 renamed, item 3 dropped, a new urgent item; the rest as it was.
      const changed = fixture(ICS).replace(
        /DESCRIPTION:Agenda\\nOpenbare[\s\S]*?bibliotheek\r\n/,
        'DESCRIPTION:Agenda\\nOpenbare zitting\\n1. 2026_GR_00141 Goedkeuring van de notulen van de vorige zitting\\n2. 2026_GR_00142 Meerjarenplan 2025-2030: aanpassing nummer 3 en kredietverschuiving\\n   Vaststelling door de raad na advies van de commissie.\\n3. Vraag van een raadslid over het recyclagepark (aanvullend)\\n4. Herstelling van het dak van het stadhuis (spoedeisend)\\nBesloten zitting\\n5. Personeel: aanstelling van een diensthoofd bibliotheek\r\n',
      );
      expect(changed).not.toBe(fixture(ICS));
      pages.set('/export/poperinge.ics', { body: changed, type: 'text/calendar' });
      const mark = await changeLog(db);
      expect(await run()).toMatchObject({ added: 1, changed: 2, removed: 1, unchanged: 8 });
      const written = await changesSince(db, mark.maxSeq);
      const recycle = grItem('title:vraag van een raadslid over het recyclagepark');
      const closed = grItem('title:personeel: aanstelling van een diensthoofd bibliotheek');
      const urgent = grItem('title:herstelling van het dak van het stadhuis');
      // Only these rows: the renamed item, the one that moved up, the new one, the dropped one (a tombstone).
      // The closed item keeps position 5, the meetings and the college's items did not change.
      expect(written.map((c) => `${c.collection}:${c.row_id}:${c.deleted}`).sort()).toEqual(
        [
          `agendaItems:${grItem('2026_GR_00142')}:0`,
          `agendaItems:${recycle}:0`,
          `agendaItems:${urgent}:0`,
          `agendaItems:${grItem('title:retributiereglement sporthal: wijziging')}:1`,
        ].sort(),
      );
      expect(written.some((c) => c.row_id === closed)).toBe(false);
      await syncUntil(demo, () => demo.get('agendaItems', urgent) !== undefined);
      expect(demo.get('agendaItems', urgent)).toMatchObject({ kind: 'urgent', position: 4, visibility: 'public' });
      expect(demo.get('agendaItems', grItem('title:retributiereglement sporthal: wijziging'))).toBeUndefined();
      expect(demo.get('agendaItems', recycle)).toMatchObject({ position: 3 });

      // The event re-exported without its agenda ("Agenda volgt."): the items stay.
      const withoutAgenda = changed.replace(/DESCRIPTION:Agenda\\nOpenbare[^\r]*\r\n/, 'DESCRIPTION:Agenda volgt.\r\n');
      expect(withoutAgenda).not.toContain('Herstelling');
      pages.set('/export/poperinge.ics', { body: withoutAgenda, type: 'text/calendar' });
      expect(await run()).toMatchObject({ added: 0, changed: 0, removed: 0, unchanged: 6 });

      // Bad feeds: nothing changes.
      const stable = { log: await changeLog(db) };
      for (const body of ['BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20261217T193000\r\nSUMMARY:Gemeenteraad\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n', '<html>niet gevonden</html>', changed.replace('DTSTART;TZID=Europe/Brussels:20270422T193000', 'DTSTART;TZID=Europe/Brussels:2027-04-22')]) {
        pages.set('/export/poperinge.ics', { body, type: 'text/calendar' });
        await expect(run()).rejects.toThrow(MeetingFormatError);
      }
      expect({ log: await changeLog(db) }).toEqual(stable);
    });
  });

  describe.skipIf(skipKind(kind))(`admin CLI: import meetings (${kind})`, () => {
    let store: TestStore;
    let dir: string;
    afterEach(async () => {
      await store?.drop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });
    const admin = async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const args = kind === 'sqlite' ? [...argv, '--data-dir', dir] : argv;
      const code = await runAdmin(args, { out: (l) => out.push(l), err: (l) => err.push(l) }, { databaseUrl: store.url, now: () => new Date('2026-11-30T08:00:00Z') });
      return { code, out, err };
    };

    it('files and URLs, one summary line (or --json), bodies created on an empty database, re-run unchanged, usage and read errors, sources list', async () => {
      store = await freshStore(kind);
      dir = mkdtempSync(join(tmpdir(), 'pop-meetings-cli-'));
      expect((await admin('municipalities', 'add', 'poperinge', '--name', 'Poperinge')).code).toBe(0);
      const gr = join(FIXTURES, GR_HTML);

      // Empty database: the body is created ("<municipality>-gr"), then the meeting and its 6 items.
      expect(await admin('import', 'meetings', '--lblod', gr, '--municipality', 'poperinge')).toMatchObject({ code: 0, out: ['added 8, changed 0, removed 0, unchanged 0, rejected 0'] });
      expect(await admin('import', 'meetings', '--lblod', gr, '--municipality', 'poperinge')).toMatchObject({ code: 0, out: ['added 0, changed 0, removed 0, unchanged 7, rejected 0'] });

      const pages = new Map<string, Published>([['/feed.ics', { body: fixture(ICS), type: 'text/calendar' }]]);
      const pub = await publicationServer(pages);
      try {
        const ics = await admin('import', 'meetings', '--ics', `${pub.url}/feed.ics?token=geheim`, '--municipality', 'poperinge', '--json');
        expect(ics.code).toBe(0);
        // 1 new body (college) + 3 meetings + 8 items; the council body exists already.
        expect(JSON.parse(ics.out[0]!)).toEqual({ added: 12, changed: 0, removed: 0, unchanged: 0, rejected: 0, errors: [] });
        expect(ics.err).toEqual(['warning: VEVENT zitting-gr-20261210@vergaderingen.poperinge.example: cancelled (STATUS:CANCELLED): left out']);
        const missing = await admin('import', 'meetings', '--ics', `${pub.url}/weg.ics?token=geheim`, '--municipality', 'poperinge');
        expect(missing.code).toBe(1);
        expect(missing.err.join('\n')).toBe(`${pub.url}/weg.ics answered HTTP 404. Nothing was changed.`); // the query (a token) is not printed
      } finally {
        await pub.close();
      }

      const badFile = join(dir, 'kapot.html');
      writeFileSync(badFile, fixture(GR_HTML).replace('2026-12-17T19:30:00+01:00', 'morgen'));
      const bad = await admin('import', 'meetings', '--lblod', badFile, '--municipality', 'poperinge');
      expect(bad.code).toBe(1);
      expect(bad.err[0]).toBe('rejected: zitting http://data.lblod.info/id/zittingen/7b3c1e52-4d7a-4c0e-9f11-0a6f2c9d8e01: besluit:geplandeStart is not an xsd:dateTime');
      expect(bad.err.at(-1)).toMatch(/Nothing was changed\.$/);
      expect((await admin('import', 'meetings', '--lblod', join(dir, 'nope.html'), '--municipality', 'poperinge')).err.join('\n')).toMatch(/Cannot read .*nope\.html: ENOENT\. Nothing was changed\./);

      expect((await admin('import', 'meetings', '--municipality', 'poperinge')).code).toBe(2);
      expect((await admin('import', 'meetings', '--lblod', gr, '--ics', gr, '--municipality', 'poperinge')).code).toBe(2);
      expect((await admin('import', 'meetings', '--lblod', gr)).code).toBe(2);
      expect((await admin('import', 'meetings', '--ics', gr, '--municipality', 'poperinge', '--body', 'kerkfabriek')).code).toBe(2);
      expect((await admin('import', 'meetings', '--ics', gr, '--municipality', 'poperinge', '--timeout', '0')).code).toBe(2);

      const sources = await admin('sources', 'list', '--municipality', 'poperinge');
      expect(sources.out.map((l) => l.split('\t').slice(0, 3).join(' '))).toEqual(['poperinge meetings:ics meetings:ics', 'poperinge meetings:lblod meetings:lblod']);
    });
  });
}
