/**
 * Demo meetings for a realistic morning: a council meeting next week (agenda published) with a
 * closed personnel item, the welfare council the same evening, last month's council with its
 * decisions and votes, weekly college meetings (closed, as the law wants) and a committee.
 */
import type { AgendaItem, BodyKind, GoverningBody, ItemKind, ItemOutcome, Meeting, MeetingStatus } from '../../../shared/domain/agenda.js';
import type { SeedContext } from '../types.js';
import { itemId } from './commands.js';
import { SeedWorld, addDays, brussels, nextWeekday } from './seed-helpers.js';
import { putBody, putItem, putMeeting } from './store.js';
import type { AgendaTables } from './tables.js';

interface ItemTemplate {
  title: string;
  dept: RegExp | null;
  closed?: boolean;
  kind?: ItemKind;
  demoDept?: boolean;
}

const COUNCIL_ITEMS: ItemTemplate[] = [
  { title: 'Goedkeuring van de notulen en het zittingsverslag van de vorige zitting', dept: /Secretariaat/ },
  { title: 'Aanpassing van het meerjarenplan 2025-2030: vaststelling', dept: /Financi/ },
  { title: 'Retributiereglement op het gebruik van de sporthal: wijziging', dept: /Sport/ },
  { title: 'Aanvullend verkeersreglement: zone 30 in de schoolomgeving van Proven', dept: /Omgeving|Technische/ },
  { title: 'Overeenkomst met de Westhoekregio voor gedeelde ICT-diensten: goedkeuring', dept: /ICT/ },
  { title: 'Toelage aan de jeugdraad voor het Hoppefeest: goedkeuring', dept: /Jeugd/ },
  { title: 'Personeel: aanstelling van een diensthoofd bibliotheek via bevorderingsprocedure', dept: /Personeel|Welzijn|Burgerzaken/, closed: true },
  { title: 'Vraag van een raadslid over de openingsuren van het recyclagepark', dept: null, kind: 'supplementary' },
  { title: 'Dringende herstelling van het dak van het stadhuis: lastvoorwaarden en gunningswijze', dept: /Technische/, kind: 'urgent' },
];

const COLLEGE_ITEMS: ItemTemplate[] = [
  { title: 'Goedkeuring van het verslag van de vorige zitting', dept: /Secretariaat/ },
  { title: 'Omgevingsvergunning voor het verbouwen van een hoeve in Watou: beslissing', dept: /Omgeving/ },
  { title: 'Bestelbon: aankoop van bureaustoelen, goedkeuring', dept: null, demoDept: true },
  { title: 'Personeel: verlenging van een contract van bepaalde duur', dept: /Personeel/ },
  { title: 'Evenementenvergunning Hoppefeesten: voorwaarden', dept: /Toerisme|Cultuur/ },
  { title: 'Betalingsopdrachten en visum: kennisname', dept: /Financi/ },
];

const BODIES: Array<{ kind: BodyKind; suffix: string; abbreviation: string; name: (m: string) => string }> = [
  { kind: 'gemeenteraad', suffix: 'gr', abbreviation: 'GR', name: (m) => `Gemeenteraad ${m}` },
  { kind: 'cbs', suffix: 'cbs', abbreviation: 'CBS', name: (m) => `College van burgemeester en schepenen ${m}` },
  { kind: 'rmw', suffix: 'rmw', abbreviation: 'RMW', name: (m) => `Raad voor maatschappelijk welzijn ${m}` },
  { kind: 'vast_bureau', suffix: 'vb', abbreviation: 'VB', name: (m) => `Vast bureau ${m}` },
  { kind: 'commissie', suffix: 'comfin', abbreviation: 'COM', name: () => 'Commissie Financiën en Personeel' },
];

const HELD: MeetingStatus[] = ['gehouden', 'besluitenlijst_gepubliceerd', 'notulen_goedgekeurd'];

export async function seedAgenda(ctx: SeedContext): Promise<void> {
  const world = new SeedWorld(ctx);
  const demo = world.personOf('demo');
  const chairPool = ['Christof Dejaegher', 'Sarah Vandenbroucke', 'Stefaan Desmyttere'];
  for (const m of world.municipalities()) {
    const rng = ctx.rng.fork(`agenda:${m.id}`);
    const secretaryPerson = world.director(m.id);
    const secretary = world.name(secretaryPerson) || 'Algemeen directeur';
    const chair = rng.pick(chairPool);
    const bodies = new Map<string, GoverningBody>();
    for (const b of BODIES) {
      const body: GoverningBody = {
        id: `${m.id}-${b.suffix}`,
        municipalityId: m.id,
        kind: b.kind,
        name: b.name(m.name),
        abbreviation: b.abbreviation,
        legislatureStart: '2025-01-01',
        legislatureEnd: '2030-12-31',
      };
      bodies.set(b.suffix, body);
      await putBody(ctx.trx, body);
    }
    // The algemeen directeur (secretary) sits in every body except the committee.
    if (secretaryPerson) {
      await ctx.trx
        .withTables<AgendaTables>()
        .insertInto('agenda_body_members')
        .values(['gr', 'cbs', 'rmw', 'vb'].map((s) => ({ body_id: `${m.id}-${s}`, person_id: secretaryPerson.id })))
        .execute();
    }
    const counters = new Map<string, number>([['GR', 120], ['CBS', 10300], ['RMW', 40], ['VB', 2100], ['COM', 10]]);
    const demoDept = demo && demo.municipalityId === m.id ? demo.departmentId : null;

    const meeting = async (suffix: string, key: string, day: string, time: string, status: MeetingStatus, location: string, templates: ItemTemplate[], allClosed: boolean) => {
      const body = bodies.get(suffix)!;
      const start = brussels(day, time);
      const held = HELD.includes(status);
      const mt: Meeting = {
        id: `mtg-${m.id}-${suffix}-${key}`,
        bodyId: body.id,
        municipalityId: m.id,
        plannedStart: start,
        startedAt: held ? start : null,
        endedAt: held ? new Date(Date.parse(start) + 2.5 * 3600_000).toISOString() : null,
        location,
        chair: body.kind === 'gemeenteraad' || body.kind === 'rmw' ? chair : 'Burgemeester',
        secretary,
        status,
      };
      await putMeeting(ctx.trx, mt);
      let position = 0;
      for (const t of templates) {
        position += 1;
        const n = (counters.get(body.abbreviation) ?? 0) + 1;
        counters.set(body.abbreviation, n);
        const number = `${day.slice(0, 4)}_${body.abbreviation}_${String(n).padStart(5, '0')}`;
        const dept = t.demoDept ? demoDept : t.dept ? (t.closed ? world.department(m.id, t.dept, demoDept) : world.department(m.id, t.dept))?.id ?? null : null;
        const outcome: ItemOutcome | null = held ? (rng.chance(0.1) ? 'postponed' : 'approved') : null;
        const item: AgendaItem = {
          id: itemId(mt.id, number),
          meetingId: mt.id,
          number,
          position,
          title: t.title,
          description: 'Het dossier ligt ter inzage op het secretariaat; vragen kunnen vooraf bij de bevoegde dienst.',
          visibility: allClosed || t.closed ? 'closed' : 'public',
          kind: t.kind ?? 'planned',
          departmentId: dept,
          draftDecision: 'Artikel 1: het college/de raad keurt het voorstel goed zoals toegelicht.',
          outcome,
          votes: held && body.kind === 'gemeenteraad' && outcome === 'approved' ? { for: rng.int(15, 21), against: rng.int(0, 6), abstain: rng.int(0, 3) } : null,
          attachments: [{ name: 'Ontwerpbesluit.pdf', url: `https://besluiten.${m.emailDomain}/${number}/ontwerpbesluit.pdf` }],
        };
        await putItem(ctx.trx, item, mt);
      }
    };

    const today = ctx.today;
    const townHall = `Raadzaal, stadhuis ${m.name}`;
    const college = `Collegezaal, stadhuis ${m.name}`;
    // Next week, on a weekday (the agenda was published at least 8 days before).
    const weekDay = new Date(`${addDays(today, 7)}T12:00:00Z`).getUTCDay();
    const councilDay = weekDay === 0 || weekDay === 6 ? nextWeekday(addDays(today, 7), 1) : addDays(today, 7);
    await meeting('gr', 'next', councilDay, '19:30', 'agenda_gepubliceerd', townHall, COUNCIL_ITEMS, false);
    await meeting('rmw', 'next', councilDay, '21:30', 'agenda_gepubliceerd', townHall, COUNCIL_ITEMS.slice(0, 2), false);
    await meeting('gr', 'prev', addDays(today, -28), '19:30', 'besluitenlijst_gepubliceerd', townHall, COUNCIL_ITEMS.slice(0, 6), false);
    const monday = nextWeekday(addDays(today, 1), 1);
    // the College held last week: on a Monday the one of today has not been held yet
    const lastMonday = addDays(monday, -7) === today ? addDays(monday, -14) : addDays(monday, -7);
    await meeting('cbs', 'prev', lastMonday, '09:00', 'gehouden', college, COLLEGE_ITEMS, true);
    await meeting('cbs', 'next', monday, '09:00', 'agenda_gepubliceerd', college, COLLEGE_ITEMS, true);
    await meeting('cbs', 'after', addDays(monday, 7), '09:00', 'ontwerp', college, COLLEGE_ITEMS.slice(0, 3), true);
    await meeting('vb', 'next', nextWeekday(addDays(today, 1), 2), '14:00', 'ontwerp', college, COLLEGE_ITEMS.slice(3, 6), true);
    await meeting('comfin', 'next', addDays(today, 5), '19:00', 'agenda_gepubliceerd', `Vergaderzaal 1, stadhuis ${m.name}`, COUNCIL_ITEMS.slice(1, 3), false);
    const year = Number(today.slice(0, 4));
    await ctx.trx
      .withTables<AgendaTables>()
      .insertInto('agenda_numbers')
      .values([...bodies.values()].map((b) => ({ body_id: b.id, year, last: counters.get(b.abbreviation) ?? 0 })))
      .execute();
  }
}
