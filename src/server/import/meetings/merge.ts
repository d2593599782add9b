/**
 * The one merge step of the meetings import: a MeetingBatch (LBLOD or iCalendar) into a
 * municipality's agenda, in ONE transaction (a dry run rolls it back; PostgreSQL: an advisory lock
 * per municipality).
 *
 *   body      found by kind among the municipality's bodies ("<municipality>-gr" first), else created
 *   meeting   id from (municipality, zitting URI / VEVENT UID): stable; the source owns planned start,
 *             actual start/end and location when it publishes them; status only moves forward
 *             (agenda gepubliceerd, or gehouden when the start/end are published); chair and
 *             secretary stay as the secretariat set them
 *   items     id from (meeting, agendapunt URI / item key); the source owns position, title,
 *             description, public/closed and kind; number from the source, else the stored one,
 *             else the body's next number; department, draft decision, outcome, votes and
 *             attachments stay as they are
 *   removed   items this source brought in earlier that vanished from the re-published agenda of
 *             THAT meeting (deleted with a tombstone); items added by hand are never touched;
 *             a meeting published without any item removes nothing; meetings are never removed
 *   compare   a row is written (and a sync change recorded) only when it differs from the stored
 *             one: re-importing the same publication changes nothing
 *   record    import_runs / import_sources (kind meetings:lblod or meetings:ics), like the directory
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { ZodError } from 'zod';
import { AgendaItem, GoverningBody, Meeting, MEETING_STATUSES, type BodyKind, type MeetingStatus } from '../../../shared/domain/agenda.js';
import { dialectOf } from '../../db/dialect.js';
import type { Db, Trx } from '../../features/types.js';
import { putBody, putItems, putMeeting } from '../../features/agenda/repository.js';
import type { AgendaTables } from '../../features/agenda/tables.js';
import { recordChanges } from '../../sync/changes.js';
import { ImportError, recordRun } from '../merge.js';
import type { ImportSummary } from '../types.js';
import { BODY_DEFAULTS } from './bodies.js';
import type { MeetingImportTables } from './tables.js';
import { MeetingFormatError, type MeetingBatch, type SourceMeeting } from './types.js';

const LOCK_KEY = 7201131;

export interface ApplyMeetingImportOptions {
  municipalityId: string;
  /** Source name, unique per municipality; default: batch.kind ("meetings:lblod", "meetings:ics"). */
  source?: string;
  batch: MeetingBatch;
  dryRun?: boolean;
  now?: Date | (() => Date);
}

class DryRun extends Error {
  constructor(readonly summary: ImportSummary) {
    super('dry run');
  }
}

const hash = (s: string, n: number): string => createHash('sha256').update(s).digest('hex').slice(0, n);

/** Stable, opaque ids (an id says nothing about a closed item). */
export const importedMeetingId = (municipalityId: string, externalId: string): string => `mtg-${hash(`${municipalityId}\n${externalId}`, 24)}`;
export const importedItemId = (meetingId: string, externalId: string): string => `agi-${hash(`${meetingId}\n${externalId}`, 20)}`;

/** Applies one publication to one municipality's agenda; returns the counts (rows of bodies, meetings and items). */
export async function applyMeetingImport(db: Db, options: ApplyMeetingImportOptions): Promise<ImportSummary> {
  const now = options.now instanceof Date ? () => options.now as Date : (options.now ?? (() => new Date()));
  const startedAt = now();
  const source = options.source ?? options.batch.kind;
  const muni = await db.selectFrom('municipalities').select(['id', 'name']).where('id', '=', options.municipalityId).executeTakeFirst();
  if (!muni) throw new ImportError('unknown_municipality', `Unknown municipality "${options.municipalityId}" ("municipalities list" shows them; "municipalities add" creates one).`);
  const run = (trx: Trx, summary: ImportSummary, outcome: 'ok' | 'dry_run') =>
    recordRun(trx, { municipalityId: muni.id, source, kind: options.batch.kind, startedAt, finishedAt: now(), summary, outcome, cursor: null });
  try {
    return await db.transaction().execute(async (trx) => {
      const summary = await mergeMeetings(trx, { municipalityId: muni.id, municipalityName: muni.name, source, batch: options.batch });
      if (options.dryRun) throw new DryRun(summary);
      summary.runId = await run(trx, summary, 'ok');
      return summary;
    });
  } catch (err) {
    if (err instanceof DryRun) {
      const summary = { ...err.summary, dryRun: true };
      summary.runId = await db.transaction().execute((trx) => run(trx, summary, 'dry_run'));
      return summary;
    }
    throw err;
  }
}

interface MergeContext {
  municipalityId: string;
  municipalityName: string;
  source: string;
  batch: MeetingBatch;
}

type Counts = Pick<ImportSummary, 'added' | 'changed' | 'removed' | 'unchanged'>;

/** Same JSON after the shared schema's parse (key order of the stored JSON does not matter). */
function same(stored: string | undefined, next: unknown): boolean {
  if (stored === undefined) return false;
  return canonical(JSON.parse(stored)) === canonical(next);
}
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The first day of the Flemish local legislature a date falls in (2019, 2025, 2031, ...: six years from 1 January). */
function legislature(iso: string): { start: string; end: string } {
  const year = Number(iso.slice(0, 4));
  const first = 2019 + 6 * Math.floor((year - 2019) / 6);
  return { start: `${first}-01-01`, end: `${first + 5}-12-31` };
}

const brusselsYear = (iso: string): number => Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Brussels', year: 'numeric' }).format(new Date(iso)));

async function mergeMeetings(trx: Trx, ctx: MergeContext): Promise<ImportSummary> {
  if (dialectOf(trx) === 'postgres') await sql`SELECT pg_advisory_xact_lock(${LOCK_KEY}, hashtext(${ctx.municipalityId}))`.execute(trx);
  const counts: Counts = { added: 0, changed: 0, removed: 0, unchanged: 0 };
  const adb = trx.withTables<AgendaTables & MeetingImportTables>();
  const bodyRows = await adb.selectFrom('agenda_bodies').select(['id', 'data']).where('municipality_id', '=', ctx.municipalityId).orderBy('id').execute();
  const bodies = bodyRows.map((r) => GoverningBody.parse(JSON.parse(r.data)));
  const seenMeetings = new Set<string>();
  const numbers = new ItemNumbers(trx);
  for (const m of ctx.batch.meetings) {
    const meetingId = importedMeetingId(ctx.municipalityId, m.externalId);
    if (seenMeetings.has(meetingId)) throw new MeetingFormatError(`${m.origin} occurs twice in the publication.`, [{ place: m.origin, reason: 'published twice' }]);
    seenMeetings.add(meetingId);
    try {
      const body = await bodyFor(trx, ctx, bodies, m, counts);
      await mergeMeeting(trx, ctx, body, meetingId, m, counts, numbers);
    } catch (err) {
      if (err instanceof ZodError) {
        const reason = err.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ');
        throw new MeetingFormatError(`${m.origin} cannot be stored: ${reason}.`, [{ place: m.origin, reason }]);
      }
      throw err;
    }
  }
  await numbers.flush();
  return { ...counts, rejected: 0, errors: [], warnings: ctx.batch.warnings.map((w) => ({ dn: w.place, reason: w.reason })) };
}

async function bodyFor(trx: Trx, ctx: MergeContext, bodies: GoverningBody[], m: SourceMeeting, counts: Counts): Promise<GoverningBody> {
  const d = BODY_DEFAULTS[m.bodyKind];
  const preferred = `${ctx.municipalityId}-${d.suffix}`;
  const found = bodies.find((b) => b.id === preferred && b.kind === m.bodyKind) ?? bodies.find((b) => b.kind === m.bodyKind);
  if (found) return found;
  const term = legislature(m.plannedStart);
  const taken = new Set(bodies.map((b) => b.id));
  const body: GoverningBody = {
    id: taken.has(preferred) ? `${preferred}-${m.bodyKind}` : preferred,
    municipalityId: ctx.municipalityId,
    kind: m.bodyKind as BodyKind,
    name: (m.bodyName ?? `${d.name} ${ctx.municipalityName}`).slice(0, 120),
    abbreviation: d.abbreviation,
    legislatureStart: term.start,
    legislatureEnd: term.end,
  };
  await putBody(trx, body);
  bodies.push(body);
  counts.added += 1;
  return body;
}

function laterStatus(a: MeetingStatus, b: MeetingStatus): MeetingStatus {
  return MEETING_STATUSES.indexOf(a) >= MEETING_STATUSES.indexOf(b) ? a : b;
}

async function mergeMeeting(trx: Trx, ctx: MergeContext, body: GoverningBody, meetingId: string, m: SourceMeeting, counts: Counts, numbers: ItemNumbers): Promise<void> {
  const adb = trx.withTables<AgendaTables & MeetingImportTables>();
  const stored = await adb.selectFrom('agenda_meetings').select(['data']).where('id', '=', meetingId).executeTakeFirst();
  const existing = stored ? Meeting.parse(JSON.parse(stored.data)) : null;
  if (existing && existing.municipalityId !== ctx.municipalityId) throw new Error('meeting id collision across municipalities');
  const derived: MeetingStatus = m.startedAt || m.endedAt ? 'gehouden' : 'agenda_gepubliceerd';
  const next = Meeting.parse({
    id: meetingId,
    bodyId: body.id,
    municipalityId: ctx.municipalityId,
    plannedStart: m.plannedStart,
    startedAt: m.startedAt ?? existing?.startedAt ?? null,
    endedAt: m.endedAt ?? existing?.endedAt ?? null,
    location: m.location ?? existing?.location ?? '',
    chair: existing?.chair ?? '',
    secretary: existing?.secretary ?? '',
    status: existing ? laterStatus(existing.status, derived) : derived,
  });
  if (same(stored?.data, next)) counts.unchanged += 1;
  else {
    await putMeeting(trx, next);
    counts[existing ? 'changed' : 'added'] += 1;
  }

  // Items.
  const itemRows = await adb.selectFrom('agenda_items').select(['id', 'data', 'body_id']).where('meeting_id', '=', meetingId).execute();
  const storedItems = new Map(itemRows.map((r) => [r.id, r.data]));
  const storedBody = new Map(itemRows.map((r) => [r.id, r.body_id]));
  const links = await adb.selectFrom('agenda_import_items').select(['item_id', 'source']).where('meeting_id', '=', meetingId).execute();
  const linkedAny = new Set(links.map((l) => l.item_id));
  const linked = new Set(links.filter((l) => l.source === ctx.source).map((l) => l.item_id));
  const newLinks: MeetingImportTables['agenda_import_items'][] = [];
  const toWrite: AgendaItem[] = [];
  const keep = new Set<string>();
  const year = brusselsYear(next.plannedStart);
  // Published numbers first, so a number handed out below never collides with one published further down.
  for (const src of m.items) if (src.number) await numbers.raise(body, src.number);
  for (const src of m.items) {
    const id = importedItemId(meetingId, src.externalId);
    if (keep.has(id)) throw new MeetingFormatError(`${m.origin}: agenda item "${src.externalId}" occurs twice.`, [{ place: m.origin, reason: 'an agenda item occurs twice' }]);
    keep.add(id);
    const old = storedItems.has(id) ? AgendaItem.parse(JSON.parse(storedItems.get(id)!)) : null;
    const number = src.number ?? old?.number ?? (await numbers.next(body, year));
    const item = AgendaItem.parse({
      id,
      meetingId,
      number,
      position: src.position,
      title: src.title,
      description: src.description,
      visibility: src.visibility,
      kind: src.kind,
      departmentId: old?.departmentId ?? null,
      draftDecision: old?.draftDecision ?? null,
      outcome: old?.outcome ?? null,
      votes: old?.votes ?? null,
      attachments: old?.attachments ?? [],
    });
    if (same(storedItems.get(id), item) && storedBody.get(id) === body.id) counts.unchanged += 1;
    else {
      toWrite.push(item);
      counts[old ? 'changed' : 'added'] += 1;
    }
    if (!linkedAny.has(id)) newLinks.push({ item_id: id, meeting_id: meetingId, municipality_id: ctx.municipalityId, source: ctx.source, external_id: src.externalId });
  }
  await putItems(trx, toWrite, next);
  for (let i = 0; i < newLinks.length; i += 500) await adb.insertInto('agenda_import_items').values(newLinks.slice(i, i + 500)).execute();
  // Items of this meeting that this source brought in before and that are gone now. A publication
  // that lists no items at all for the meeting ("agenda volgt") removes nothing.
  const gone = m.items.length === 0 ? [] : [...linked].filter((id) => !keep.has(id));
  if (gone.length) {
    await adb.deleteFrom('agenda_import_items').where('item_id', 'in', gone).execute();
    const deleted = gone.filter((id) => storedItems.has(id));
    if (deleted.length) {
      await adb.deleteFrom('agenda_items').where('id', 'in', deleted).execute();
      await recordChanges(trx, deleted.map((id) => ({ collection: 'agendaItems' as const, id, tenant: ctx.municipalityId, deleted: true })));
      counts.removed += deleted.length;
    }
  }
}

/**
 * Item numbers per (body, year) during one run: agenda_numbers is read once and written once
 * (in the run's transaction), so a number is never handed out twice. A number the source published
 * ("2026_GR_00141") raises the counter: later hand-outs of that body and year start above it.
 */
class ItemNumbers {
  private readonly entries = new Map<string, { bodyId: string; year: number; last: number; stored: number | null }>();
  constructor(private readonly trx: Trx) {}

  private async entry(bodyId: string, year: number) {
    const key = `${bodyId}\n${year}`;
    let e = this.entries.get(key);
    if (!e) {
      const row = await this.trx.withTables<AgendaTables>().selectFrom('agenda_numbers').select('last').where('body_id', '=', bodyId).where('year', '=', year).executeTakeFirst();
      e = { bodyId, year, last: row?.last ?? 0, stored: row ? row.last : null };
      this.entries.set(key, e);
    }
    return e;
  }

  async next(body: GoverningBody, year: number): Promise<string> {
    const e = await this.entry(body.id, year);
    e.last += 1;
    if (e.last > 99_999) throw new MeetingFormatError(`No item numbers left for ${body.abbreviation} in ${year}.`);
    return `${year}_${body.abbreviation}_${String(e.last).padStart(5, '0')}`;
  }

  async raise(body: GoverningBody, number: string): Promise<void> {
    const m = /^(\d{4})_([A-Z]{2,6})_(\d{5})$/.exec(number);
    if (!m || m[2] !== body.abbreviation) return;
    const e = await this.entry(body.id, Number(m[1]));
    e.last = Math.max(e.last, Number(m[3]));
  }

  async flush(): Promise<void> {
    const db = this.trx.withTables<AgendaTables>();
    for (const e of this.entries.values()) {
      if (e.stored === e.last) continue;
      if (e.stored === null) await db.insertInto('agenda_numbers').values({ body_id: e.bodyId, year: e.year, last: e.last }).execute();
      else await db.updateTable('agenda_numbers').set({ last: e.last }).where('body_id', '=', e.bodyId).where('year', '=', e.year).execute();
    }
  }
}
