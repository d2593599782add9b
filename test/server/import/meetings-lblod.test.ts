/**
 * LBLOD (Gelinkt Notuleren HTML+RDFa) into the agenda, end to end on SQLite and PostgreSQL: the
 * publications served by a real local HTTP server, imported into a real seeded backend, seen by
 * real sync pulls: the meeting and its public items by every colleague, the closed ones only by
 * the secretariat; a re-import writes nothing; a re-published agenda changes only what changed (a
 * vanished item is deleted, an item added by hand stays); a bad publication changes nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AgendaItem } from '../../../src/shared/domain/agenda.js';
import { agendaFeature } from '../../../src/server/features/agenda/index.js';
import { putItem } from '../../../src/server/features/agenda/repository.js';
import { directoryFeature } from '../../../src/server/features/directory/index.js';
import { importedItemId, importedMeetingId, importMeetings, MeetingFormatError, SourceReadError } from '../../../src/server/import/meetings/index.js';
import { api, KINDS, skipKind, startServer, type TestServer } from '../helpers.js';
import { SyncClient } from '../sync-client.js';
import { CBS_HTML, changeLog, changesSince, fixture, GR_HTML, publicationServer, syncUntil, type Published } from './meetings-helpers.js';

const ZITTING = 'http://data.lblod.info/id/zittingen/7b3c1e52-4d7a-4c0e-9f11-0a6f2c9d8e01';
const CBS_ZITTING = 'http://data.lblod.info/id/zittingen/c2d3e4f5-2222-4b6c-9d0e-000000000007';
const AP = (n: number) => `http://data.lblod.info/id/agendapunten/0c1d2e3f-1111-4a5b-8c9d-00000000000${n}`;

for (const kind of KINDS) {
  describe.skipIf(skipKind(kind))(`meetings import: LBLOD publications (${kind})`, () => {
    let s: TestServer;
    let pub: Awaited<ReturnType<typeof publicationServer>>;
    afterEach(async () => {
      await pub?.close();
      await s?.stop();
    });

    it('imports the gemeenteraad and college agendas; colleagues see public items, the secretariat also the closed ones; re-import = 0 changes; a changed agenda changes only those rows', async () => {
      s = await startServer(kind, { features: [directoryFeature, agendaFeature] });
      const db = s.server.db.kysely;
      const pages = new Map<string, Published>([
        ['/zittingen/gr-2026-12-17/agenda', { body: fixture(GR_HTML) }],
        ['/zittingen/cbs-2026-12-07/agenda', { body: fixture(CBS_HTML) }],
      ]);
      pub = await publicationServer(pages);
      const http = api(s.url);
      const demo = new SyncClient(http, (await http.login('demo')).token, 500);
      const secretariat = new SyncClient(http, (await http.login('secretariaat')).token, 500);
      await demo.sync();
      await secretariat.sync();
      const run = (path: string) => importMeetings(db, { format: 'lblod', location: `${pub.url}${path}`, municipalityId: 'poperinge' });

      // First import: the seeded bodies are found (no new body), one meeting + its items each.
      expect(await run('/zittingen/gr-2026-12-17/agenda')).toMatchObject({ added: 7, changed: 0, removed: 0, unchanged: 0, rejected: 0 });
      expect(await run('/zittingen/cbs-2026-12-07/agenda')).toMatchObject({ added: 5, changed: 0, removed: 0, unchanged: 0 });
      const gr = importedMeetingId('poperinge', ZITTING);
      const cbs = importedMeetingId('poperinge', CBS_ZITTING);
      const item = (n: number) => importedItemId(gr, AP(n));
      await syncUntil(demo, () => demo.get('agendaMeetings', gr) !== undefined && demo.get('agendaMeetings', cbs) !== undefined);
      await syncUntil(secretariat, () => secretariat.get('agendaItems', item(6)) !== undefined);

      expect(demo.get('agendaMeetings', gr)).toEqual({
        id: gr,
        bodyId: 'poperinge-gr',
        municipalityId: 'poperinge',
        plannedStart: '2026-12-17T18:30:00.000Z',
        startedAt: null,
        endedAt: null,
        location: 'Raadzaal, stadhuis Poperinge, Grote Markt 1, 8970 Poperinge',
        chair: '',
        secretary: '',
        status: 'agenda_gepubliceerd',
      });
      expect(demo.get('agendaMeetings', cbs)).toMatchObject({ bodyId: 'poperinge-cbs', plannedStart: '2026-12-07T08:00:00.000Z', location: 'Collegezaal, stadhuis Poperinge' });
      // Public items for everybody; the closed council item and every college item only for the secretariat.
      for (const n of [1, 2, 3, 4, 5]) expect(demo.get('agendaItems', item(n))).toBeDefined();
      expect(demo.get('agendaItems', item(6))).toBeUndefined();
      const grItems = (c: SyncClient) => [...(c.rows.get('agendaItems')?.values() ?? [])].filter((i) => i.meetingId === gr);
      const cbsItems = (c: SyncClient) => [...(c.rows.get('agendaItems')?.values() ?? [])].filter((i) => i.meetingId === cbs);
      expect(grItems(demo)).toHaveLength(5);
      expect(cbsItems(demo)).toHaveLength(0);
      expect(grItems(secretariat)).toHaveLength(6);
      expect(cbsItems(secretariat).map((i) => [i.position, i.number, i.visibility]).sort()).toEqual([
        [1, '2026_CBS_10410', 'closed'],
        [2, '2026_CBS_10411', 'closed'],
        [3, '2026_CBS_10412', 'closed'],
        [4, '2026_CBS_10413', 'closed'],
      ]);
      // Published numbers are kept; items without one get the body's next numbers (above the published ones).
      expect(secretariat.get('agendaItems', item(1))).toMatchObject({ number: '2026_GR_00141', position: 1, title: 'Goedkeuring van de notulen en het zittingsverslag van de zitting van 19 november 2026', visibility: 'public', kind: 'planned' });
      expect(secretariat.get('agendaItems', item(4))).toMatchObject({ number: '2026_GR_00144', position: 4, description: 'Op vraag van de scholen en na advies van de verkeerscommissie.' });
      expect(secretariat.get('agendaItems', item(5))).toMatchObject({ number: '2026_GR_00145', kind: 'supplementary' });
      expect(secretariat.get('agendaItems', item(6))).toMatchObject({ number: '2026_GR_00146', visibility: 'closed', departmentId: null });

      // Re-import of the same publications: nothing written, nothing for the desktops.
      const before = await changeLog(db);
      expect(await run('/zittingen/gr-2026-12-17/agenda')).toMatchObject({ added: 0, changed: 0, removed: 0, unchanged: 7 });
      expect(await run('/zittingen/cbs-2026-12-07/agenda')).toMatchObject({ added: 0, changed: 0, removed: 0, unchanged: 5 });
      expect(await changeLog(db)).toEqual(before);
      expect((await demo.pullPage()).changes).toEqual([]);

      // The secretariat adds an item by hand to the imported meeting: a re-import leaves it alone.
      const manual: AgendaItem = {
        id: 'agi-handmatig-0001',
        meetingId: gr,
        number: '2026_GR_00199',
        position: 7,
        title: 'Mondelinge vragen',
        description: '',
        visibility: 'public',
        kind: 'supplementary',
        departmentId: null,
        draftDecision: null,
        outcome: null,
        votes: null,
        attachments: [],
      };
      await db.transaction().execute((trx) => putItem(trx, manual, { bodyId: 'poperinge-gr', municipalityId: 'poperinge' }));

      // The agenda is re-published: item 3 renamed, item 5 withdrawn, a new item, the place moved.
      const changed = fixture(GR_HTML)
        .replace('2026_GR_00143 - Retributiereglement op het gebruik van de sporthal: wijziging', '2026_GR_00143 - Retributiereglement op het gebruik van de sporthal en de turnzaal: wijziging')
        .replace(/<li[^>]*agendapunten\/0c1d2e3f-1111-4a5b-8c9d-000000000005[\s\S]*?<\/li>/, '')
        .replace('<h2>Besloten zitting</h2>', `<ul><li property="besluit:behandelt" resource="${AP(7)}" typeof="besluit:Agendapunt"><span property="schema:position" datatype="xsd:integer" content="5"></span><span property="besluit:geplandOpenbaar" datatype="xsd:boolean" content="true"></span><span property="dct:title">Samenwerkingsovereenkomst met de Westhoekregio voor gedeelde ICT-diensten: goedkeuring</span></li></ul><h2>Besloten zitting</h2>`)
        .replace('Raadzaal, stadhuis Poperinge, Grote Markt 1', 'Feestzaal, cultuurcentrum Poperinge, Guido Gezellestraat 1');
      expect(changed).not.toContain(AP(5));
      pages.set('/zittingen/gr-2026-12-17/agenda', { body: changed });
      const mark = await changeLog(db);
      expect(await run('/zittingen/gr-2026-12-17/agenda')).toMatchObject({ added: 1, changed: 2, removed: 1, unchanged: 4 });
      const written = await changesSince(db, mark.maxSeq);
      expect(written.map((c) => `${c.collection}:${c.row_id}:${c.deleted}`).sort()).toEqual(
        [`agendaMeetings:${gr}:0`, `agendaItems:${item(3)}:0`, `agendaItems:${item(5)}:1`, `agendaItems:${item(7)}:0`].sort(),
      );
      await syncUntil(demo, () => demo.get('agendaItems', item(5)) === undefined && demo.get('agendaItems', item(7)) !== undefined);
      expect(demo.get('agendaMeetings', gr)).toMatchObject({ location: 'Feestzaal, cultuurcentrum Poperinge, Guido Gezellestraat 1, 8970 Poperinge' });
      expect(demo.get('agendaItems', item(3))).toMatchObject({ title: 'Retributiereglement op het gebruik van de sporthal en de turnzaal: wijziging', number: '2026_GR_00143' });
      expect(demo.get('agendaItems', item(7))).toMatchObject({ position: 5, number: '2026_GR_00147' });
      expect(demo.get('agendaItems', item(4))).toMatchObject({ number: '2026_GR_00144' }); // kept its number
      expect(demo.get('agendaItems', manual.id)).toMatchObject({ title: 'Mondelinge vragen' }); // untouched
      // The college meeting was not touched by the council's re-publication.
      expect(written.some((c) => c.row_id === cbs)).toBe(false);
    });

    it('a bad publication, a missing page, an oversized or hanging server: a clear error and nothing stored', async () => {
      s = await startServer(kind, { features: [directoryFeature, agendaFeature] });
      const db = s.server.db.kysely;
      const broken = fixture(GR_HTML).replace('property="besluit:geplandeStart"', 'property="besluit:geplandeStartt"');
      const pages = new Map<string, Published>([
        ['/broken', { body: broken }],
        ['/ok', { body: fixture(GR_HTML) }],
        ['/hang', { body: '', hang: true }],
        ['/error', { body: 'oops', status: 500 }],
      ]);
      pub = await publicationServer(pages);
      const items = async () => Number((await db.selectFrom('agenda_items' as never).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const runs = async () => Number((await db.selectFrom('import_runs' as never).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const before = { log: await changeLog(db), items: await items(), runs: await runs() };
      const run = (path: string, extra: { maxBytes?: number; timeoutMs?: number } = {}) =>
        importMeetings(db, { format: 'lblod', location: `${pub.url}${path}`, municipalityId: 'poperinge', ...extra });

      const bad = await run('/broken').catch((e: unknown) => e);
      expect(bad).toBeInstanceOf(MeetingFormatError);
      expect((bad as MeetingFormatError).problems).toEqual([{ place: `zitting ${ZITTING}`, reason: 'besluit:geplandeStart is missing' }]);
      await expect(run('/missing')).rejects.toThrow(new SourceReadError(`${pub.url}/missing answered HTTP 404`));
      await expect(run('/error')).rejects.toThrow(/answered HTTP 500/);
      await expect(run('/ok', { maxBytes: 2048 })).rejects.toThrow(/more than the limit of 2048 bytes/);
      await expect(run('/hang', { timeoutMs: 300 })).rejects.toThrow(/no answer within 0.3 s/);
      await expect(importMeetings(db, { format: 'lblod', location: `${pub.url}/ok`, municipalityId: 'nergenshuizen' })).rejects.toThrow(/Unknown municipality/);
      expect({ log: await changeLog(db), items: await items(), runs: await runs() }).toEqual(before);

      // A publication that maps but cannot be stored (a number of another format is simply not ours;
      // a title over the limit is refused by the parser): still all or nothing.
      const tooLong = fixture(GR_HTML).replace('Aanvullend verkeersreglement', 'X'.repeat(600));
      pages.set('/long', { body: tooLong });
      await expect(run('/long')).rejects.toThrow(MeetingFormatError);
      expect({ log: await changeLog(db), items: await items(), runs: await runs() }).toEqual(before);

      // A dry run reports what would change and stores nothing but its run record.
      const dry = await importMeetings(db, { format: 'lblod', location: `${pub.url}/ok`, municipalityId: 'poperinge', dryRun: true });
      expect(dry).toMatchObject({ added: 7, dryRun: true });
      expect({ log: await changeLog(db), items: await items() }).toEqual({ log: before.log, items: before.items });
    });
  });
}
