/**
 * iCalendar (.ics, RFC 5545) feeds as meeting software exports them, read with ical.js (Mozilla):
 * one VEVENT per meeting, its UID the stable id, DTSTART (with TZID Europe/Brussels, a VTIMEZONE of
 * the file, or UTC) the planned start, LOCATION the place and DESCRIPTION the agenda, one item a
 * line ("1. Titel", optionally "1. 2026_GR_00133 Titel"), with "Openbare zitting" / "Besloten zitting"
 * headings or a "(besloten)" mark for closed items. Which field comes from where:
 * docs/meetings-import.md.
 *
 * Taken whole or not at all: an event that cannot be mapped makes `parseIcs` throw MeetingFormatError
 * listing every problem (nothing is stored). Cancelled events and recurring series (no agenda) are
 * left out with a warning.
 */
import ICAL from 'ical.js';
import type { BodyKind, ItemKind, ItemVisibility } from '../../../shared/domain/agenda.js';
import { ALWAYS_CLOSED, kindFromName } from './bodies.js';
import { decodeUtf8 } from './fetch.js';
import { clip, DESCRIPTION_MAX, kindFromLabel, LOCATION_MAX, oneLine, splitNumber, TITLE_MAX, titleKey } from './text.js';
import { DEFAULT_ZONE, isKnownZone, zonedToUtc } from './time.js';
import { MeetingFormatError, type MeetingBatch, type MeetingProblem, type SourceItem, type SourceMeeting } from './types.js';

/** Windows zone names some exports use without a VTIMEZONE. */
const WINDOWS_ZONES: Readonly<Record<string, string>> = {
  'Romance Standard Time': 'Europe/Brussels',
  'W. Europe Standard Time': 'Europe/Amsterdam',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Central European Standard Time': 'Europe/Warsaw',
  'GMT Standard Time': 'Europe/London',
  UTC: 'UTC',
};

export interface IcsOptions {
  /** The body of every event (`--body`): feeds are usually one per body. Else CATEGORIES, then SUMMARY. */
  body?: BodyKind;
}

export function parseIcs(bytes: Uint8Array, options: IcsOptions = {}): MeetingBatch {
  const text = decodeUtf8(bytes);
  if (text === null) throw new MeetingFormatError('The calendar is not UTF-8 text.');
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text) as unknown[]);
  } catch (err) {
    throw new MeetingFormatError(`The calendar cannot be read: ${err instanceof Error ? err.message.slice(0, 200) : 'parse error'}.`);
  }
  if (root.name !== 'vcalendar') throw new MeetingFormatError('The file is not an iCalendar (no BEGIN:VCALENDAR).');
  const zones = new Map<string, ICAL.Timezone>();
  for (const vtz of root.getAllSubcomponents('vtimezone')) {
    const tzid = vtz.getFirstPropertyValue('tzid');
    if (typeof tzid === 'string') zones.set(tzid, new ICAL.Timezone(vtz));
  }
  const problems: MeetingProblem[] = [];
  const warnings: MeetingProblem[] = [];
  const meetings: SourceMeeting[] = [];
  const seen = new Set<string>();
  const events = root.getAllSubcomponents('vevent');
  if (events.length === 0) throw new MeetingFormatError('The calendar has no VEVENT.');
  events.forEach((ev, index) => {
    const uid = str(ev.getFirstPropertyValue('uid'));
    const place = uid ? `VEVENT ${uid}` : `VEVENT #${index + 1}`;
    if (!uid) return problems.push({ place, reason: 'UID is missing' });
    if (ev.hasProperty('recurrence-id')) return problems.push({ place, reason: 'RECURRENCE-ID (a changed occurrence of a series) is not supported: export single meetings' });
    if (seen.has(uid)) return problems.push({ place, reason: 'the UID occurs twice' });
    seen.add(uid);
    if (/^cancelled$/i.test(str(ev.getFirstPropertyValue('status')) ?? '')) return warnings.push({ place, reason: 'cancelled (STATUS:CANCELLED): left out' });
    if (ev.hasProperty('rrule')) return warnings.push({ place, reason: 'a recurring series (RRULE) has no agenda: left out' });
    try {
      const m = readEvent(ev, place, uid, zones, options, problems, warnings);
      if (m) meetings.push(m);
    } catch (err) {
      // ical.js reads values lazily: a malformed one (DTSTART:2027-04-22) throws here.
      problems.push({ place, reason: `unreadable value: ${err instanceof Error ? err.message.slice(0, 120) : 'parse error'}` });
    }
  });
  if (problems.length) throw new MeetingFormatError(`The calendar cannot be imported: ${problems.length} problem(s), e.g. ${problems[0]!.place}: ${problems[0]!.reason}.`, problems);
  if (meetings.length === 0 && warnings.length === 0) throw new MeetingFormatError('The calendar has no meetings.');
  return { kind: 'meetings:ics', meetings, warnings };
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** DTSTART / DTEND -> ISO UTC: UTC as is, a VTIMEZONE of the file, an IANA (or Windows) TZID, floating = Brussels. */
function instant(ev: ICAL.Component, name: string, zones: Map<string, ICAL.Timezone>): { iso: string | null; reason?: string } {
  const prop = ev.getFirstProperty(name);
  if (!prop) return { iso: null };
  let t: unknown;
  try {
    t = prop.getFirstValue();
  } catch {
    return { iso: null, reason: `${name.toUpperCase()} is not a valid date-time` };
  }
  if (!(t instanceof ICAL.Time)) return { iso: null, reason: `${name.toUpperCase()} is not a date-time` };
  if (t.isDate) return { iso: null, reason: `${name.toUpperCase()} is a whole day, not a time` };
  const w = { year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute, second: t.second };
  const tzid = str(prop.getParameter('tzid'));
  if (t.zone?.tzid === 'UTC' && !tzid) return { iso: new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second)).toISOString() };
  if (tzid) {
    const vtz = zones.get(tzid);
    if (vtz) {
      const offsetSeconds = vtz.utcOffset(t);
      return { iso: new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - offsetSeconds * 1000).toISOString() };
    }
    const iana = WINDOWS_ZONES[tzid] ?? tzid;
    if (!isKnownZone(iana)) return { iso: null, reason: `${name.toUpperCase()} has TZID "${tzid.slice(0, 60)}", which is neither a known time zone nor a VTIMEZONE of the file` };
    return { iso: zonedToUtc(w, iana) };
  }
  return { iso: zonedToUtc(w, DEFAULT_ZONE) };
}

function bodyOf(ev: ICAL.Component, options: IcsOptions): BodyKind | null {
  if (options.body) return options.body;
  for (const p of ev.getAllProperties('categories')) {
    for (const v of p.getValues()) {
      const k = typeof v === 'string' ? kindFromName(v) : null;
      if (k) return k;
    }
  }
  const summary = str(ev.getFirstPropertyValue('summary'));
  return summary ? kindFromName(summary) : null;
}

function readEvent(
  ev: ICAL.Component,
  place: string,
  uid: string,
  zones: Map<string, ICAL.Timezone>,
  options: IcsOptions,
  problems: MeetingProblem[],
  warnings: MeetingProblem[],
): SourceMeeting | null {
  const before = problems.length;
  const start = instant(ev, 'dtstart', zones);
  if (start.reason) problems.push({ place, reason: start.reason });
  else if (!start.iso) problems.push({ place, reason: 'DTSTART is missing' });
  const end = instant(ev, 'dtend', zones);
  if (end.reason) problems.push({ place, reason: end.reason });
  if (start.iso && end.iso && end.iso < start.iso) problems.push({ place, reason: 'DTEND is before DTSTART' });
  const bodyKind = bodyOf(ev, options);
  if (!bodyKind) problems.push({ place, reason: 'the body is not known: give --body, or a CATEGORIES / SUMMARY naming it (e.g. "Gemeenteraad")' });
  let location = str(ev.getFirstPropertyValue('location'));
  location = location ? oneLine(location) : null;
  if (location && location.length > LOCATION_MAX) {
    warnings.push({ place, reason: `LOCATION shortened to ${LOCATION_MAX} characters` });
    location = clip(location, LOCATION_MAX);
  }
  const klass = (str(ev.getFirstPropertyValue('class')) ?? 'PUBLIC').toUpperCase();
  const allClosed = klass === 'PRIVATE' || klass === 'CONFIDENTIAL' || (bodyKind !== null && ALWAYS_CLOSED.has(bodyKind));
  const items = agendaLines(str(ev.getFirstPropertyValue('description')) ?? '', allClosed, place, problems);
  if (problems.length > before || !start.iso || !bodyKind) return null;
  // SUMMARY is usually just "Gemeenteraad": a new body gets the default name with the municipality's.
  return { externalId: uid, origin: place, bodyKind, bodyName: null, plannedStart: start.iso, startedAt: null, endedAt: null, location, items };
}

const ITEM = /^\s*(\d{1,3})\s*[.)]\s+(.+)$/;
const PUBLIC_HEADING = /^\s*(?:\d+\.?\s*)?(openbare zitting|openbaar gedeelte|openbaar)\s*:?\s*$/i;
const CLOSED_HEADING = /^\s*(?:\d+\.?\s*)?(besloten zitting|besloten gedeelte|besloten)\s*:?\s*$/i;
const CLOSED_MARK = /\s*[([]\s*besloten\s*[)\]]\s*$/i;
const KIND_MARK = /\s*[([]\s*(aanvullend|spoedeisend|dringend|toegevoegd)\s*[)\]]\s*$/i;

/**
 * DESCRIPTION -> items. "N. title" (or "N) title") starts an item; indented or "-" lines after it
 * are its description; "Openbare zitting" / "Besloten zitting" headings set the visibility of the
 * items below; "(besloten)" at the end of an item closes it; "(aanvullend)" / "(spoedeisend)" set its kind.
 */
export function agendaLines(description: string, allClosed: boolean, place: string, problems: MeetingProblem[]): SourceItem[] {
  const items: Array<SourceItem & { lines: string[] }> = [];
  let section: ItemVisibility = 'public';
  const keys = new Map<string, number>();
  for (const raw of description.split(/\r?\n/)) {
    if (raw.trim() === '') continue;
    if (PUBLIC_HEADING.test(raw)) {
      section = 'public';
      continue;
    }
    if (CLOSED_HEADING.test(raw)) {
      section = 'closed';
      continue;
    }
    const m = ITEM.exec(raw);
    if (m) {
      let text = oneLine(m[2]!);
      let visibility: ItemVisibility = section;
      let kind: ItemKind = 'planned';
      for (let again = true; again; ) {
        again = false;
        if (CLOSED_MARK.test(text)) {
          visibility = 'closed';
          text = text.replace(CLOSED_MARK, '');
          again = true;
        }
        const k = KIND_MARK.exec(text);
        if (k) {
          kind = kindFromLabel(k[1]!) ?? kind;
          text = text.replace(KIND_MARK, '');
          again = true;
        }
      }
      const { number, title } = splitNumber(text);
      const itemPlace = `${place} item ${m[1]}`;
      if (!title) problems.push({ place: itemPlace, reason: 'the item has no title' });
      if (title.length > TITLE_MAX) problems.push({ place: itemPlace, reason: `the title is longer than ${TITLE_MAX} characters` });
      // Stable key: the item number when published, else the title (a second item with the same title gets "#2").
      const base = number ?? `title:${titleKey(title)}`;
      const n = (keys.get(base) ?? 0) + 1;
      keys.set(base, n);
      items.push({
        externalId: n === 1 ? base : `${base}#${n}`,
        number,
        position: items.length + 1,
        title,
        description: '',
        visibility: allClosed ? 'closed' : visibility,
        kind,
        lines: [],
      });
      continue;
    }
    const last = items[items.length - 1];
    if (last && /^\s|^\s*[-–•]/.test(raw)) last.lines.push(oneLine(raw.replace(/^\s*[-–•]\s*/, '')));
  }
  if (items.length > 999) problems.push({ place, reason: 'more than 999 agenda items' });
  return items.map(({ lines, ...item }) => ({ ...item, description: clip(lines.join('\n'), DESCRIPTION_MAX) }));
}
