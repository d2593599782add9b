/**
 * Meetings (OSLO "besluit" model): governing bodies, their meetings and agenda items.
 * Runs anywhere: imports only zod.
 *
 * Rights: a closed (besloten) item reaches only members of the body, the secretariat and the
 * department that brought it. The server simply never sends it to anyone else; a client never
 * learns that it exists.
 */
import { z } from 'zod';
import { IsoDate, IsoDateTime } from './time.js';

export { IsoDate, IsoDateTime };
import { Id } from './directory.js';


export const BodyKind = z.enum(['gemeenteraad', 'cbs', 'rmw', 'vast_bureau', 'bcsd', 'commissie']);
export type BodyKind = z.infer<typeof BodyKind>;

/** Bestuursorgaan for one legislature. */
export const GoverningBody = z.object({
  id: Id,
  municipalityId: Id,
  kind: BodyKind,
  /** Display name, e.g. "Gemeenteraad Poperinge", "Commissie Financiën". */
  name: z.string().min(1).max(120),
  /** Used in item numbers: "GR", "CBS", "RMW", "VB", "BCSD", "COM". */
  abbreviation: z.string().regex(/^[A-Z]{2,6}$/),
  legislatureStart: IsoDate,
  legislatureEnd: IsoDate,
});
export type GoverningBody = z.infer<typeof GoverningBody>;

/** Publication status of a meeting, in order. */
export const MEETING_STATUSES = ['ontwerp', 'agenda_gepubliceerd', 'gehouden', 'besluitenlijst_gepubliceerd', 'notulen_goedgekeurd'] as const;
export const MeetingStatus = z.enum(MEETING_STATUSES);
export type MeetingStatus = z.infer<typeof MeetingStatus>;

/** Zitting. */
export const Meeting = z.object({
  id: Id,
  bodyId: Id,
  municipalityId: Id,
  plannedStart: IsoDateTime,
  startedAt: IsoDateTime.nullable(),
  endedAt: IsoDateTime.nullable(),
  location: z.string().max(200),
  chair: z.string().max(120),
  secretary: z.string().max(120),
  status: MeetingStatus,
});
export type Meeting = z.infer<typeof Meeting>;

export const ItemVisibility = z.enum(['public', 'closed']);
export type ItemVisibility = z.infer<typeof ItemVisibility>;
export const ItemKind = z.enum(['planned', 'supplementary', 'urgent']);
export type ItemKind = z.infer<typeof ItemKind>;
export const ItemOutcome = z.enum(['approved', 'rejected', 'amended', 'postponed', 'withdrawn', 'noted']);
export type ItemOutcome = z.infer<typeof ItemOutcome>;

export const VoteCounts = z.object({
  for: z.number().int().min(0).max(999),
  against: z.number().int().min(0).max(999),
  abstain: z.number().int().min(0).max(999),
});
export type VoteCounts = z.infer<typeof VoteCounts>;

/** An attachment is a named link; only http(s) links are carried. */
export const Attachment = z.object({
  name: z.string().min(1).max(200),
  url: z.string().url().max(2000).regex(/^https?:\/\//, 'attachment: http(s) link expected'),
});
export type Attachment = z.infer<typeof Attachment>;

/** "2026_GR_00133", "2026_CBS_10339". */
export const ItemNumber = z.string().regex(/^\d{4}_[A-Z]{2,6}_\d{5}$/, 'item number like 2026_GR_00133 expected');

/** Agendapunt. */
export const AgendaItem = z.object({
  id: Id,
  meetingId: Id,
  number: ItemNumber,
  position: z.number().int().min(1).max(999),
  title: z.string().min(1).max(500),
  description: z.string().max(5000),
  visibility: ItemVisibility,
  kind: ItemKind,
  departmentId: Id.nullable(),
  draftDecision: z.string().max(10000).nullable(),
  outcome: ItemOutcome.nullable(),
  votes: VoteCounts.nullable(),
  attachments: z.array(Attachment).max(50),
});
export type AgendaItem = z.infer<typeof AgendaItem>;
