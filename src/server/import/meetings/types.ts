/**
 * What a meeting source (an LBLOD / Gelinkt Notuleren publication, an iCalendar feed) hands to the
 * one merge step (`merge.ts`). A parser only reads and maps; it never writes the database.
 *
 *   parse-lblod.ts | parse-ics.ts  ->  MeetingBatch  ->  applyMeetingImport()  ->  agenda tables + sync changes
 */
import type { BodyKind, ItemKind, ItemVisibility } from '../../../shared/domain/agenda.js';

/** One agenda item (agendapunt) as the source publishes it. */
export interface SourceItem {
  /** Stable key inside its meeting: the agendapunt URI, or for iCalendar the item number / title. */
  externalId: string;
  /** "2026_GR_00133" when the source gives one; else the merge keeps the stored one or hands out the next. */
  number: string | null;
  /** 1-based order on the agenda. */
  position: number;
  title: string;
  description: string;
  visibility: ItemVisibility;
  kind: ItemKind;
}

/** One meeting (zitting) as the source publishes it. */
export interface SourceMeeting {
  /** The zitting URI, or the VEVENT UID. */
  externalId: string;
  /** Where it came from, for messages: "zitting <URI>" or "VEVENT <UID>". Never personal data. */
  origin: string;
  bodyKind: BodyKind;
  /** The body's name as published ("Gemeenteraad Poperinge"); used only when the body is new. */
  bodyName: string | null;
  /** Planned start, ISO instant in UTC. */
  plannedStart: string;
  /** Actual start / end (LBLOD prov:startedAtTime / prov:endedAtTime), ISO UTC, or null when not published. */
  startedAt: string | null;
  endedAt: string | null;
  /** null: not published (the stored location stays). */
  location: string | null;
  items: SourceItem[];
}

/** A problem that makes the publication unusable, with its place (never a value that could be personal). */
export interface MeetingProblem {
  place: string;
  reason: string;
}

export interface MeetingBatch {
  /** "meetings:lblod" or "meetings:ics". */
  kind: 'meetings:lblod' | 'meetings:ics';
  meetings: SourceMeeting[];
  /** Not errors: e.g. a cancelled VEVENT that was left out. */
  warnings: MeetingProblem[];
}

/** The publication cannot be read or mapped: nothing is stored. `problems` lists every reason found. */
export class MeetingFormatError extends Error {
  constructor(
    message: string,
    readonly problems: MeetingProblem[] = [],
  ) {
    super(message);
    this.name = 'MeetingFormatError';
  }
}
