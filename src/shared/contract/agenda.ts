/**
 * Meetings: contract methods (renderer <-> desktop core). Everything is read from the cache, so it
 * works offline. Closed items the user may not see never reached the cache in the first place.
 */
import { z } from 'zod';
import { AgendaItem, BodyKind, GoverningBody, IsoDate, Meeting } from '../domain/agenda.js';
import { Id } from '../domain/directory.js';

export const MeetingSummary = Meeting.extend({
  bodyName: z.string(),
  bodyKind: BodyKind,
  /** Visible items (closed ones only when the user may see them). */
  itemCount: z.number().int().nonnegative(),
});
export type MeetingSummary = z.infer<typeof MeetingSummary>;

export const AgendaItemView = AgendaItem.extend({ departmentName: z.string().nullable() });
export type AgendaItemView = z.infer<typeof AgendaItemView>;

export const MeetingDetail = z.object({
  meeting: MeetingSummary,
  body: GoverningBody,
  items: z.array(AgendaItemView),
});
export type MeetingDetail = z.infer<typeof MeetingDetail>;

export const AgendaSearchHit = z.object({
  itemId: Id,
  number: z.string(),
  title: z.string(),
  visibility: AgendaItem.shape.visibility,
  meetingId: Id,
  plannedStart: z.string(),
  bodyName: z.string(),
});
export type AgendaSearchHit = z.infer<typeof AgendaSearchHit>;

export const agendaContract = {
  'agenda.bodies': { input: z.object({}).strict(), output: z.array(GoverningBody) },
  'agenda.upcoming': {
    input: z
      .object({
        bodyId: Id.optional(),
        /** First day to show (default: today). */
        from: IsoDate.optional(),
        days: z.number().int().min(1).max(366).default(60),
        limit: z.number().int().min(1).max(500).default(200),
      })
      .strict(),
    output: z.array(MeetingSummary),
  },
  'agenda.meeting': { input: z.object({ id: Id }).strict(), output: MeetingDetail.nullable() },
  'agenda.search': {
    input: z.object({ query: z.string().trim().min(1).max(100), bodyId: Id.optional(), limit: z.number().int().min(1).max(100).default(30) }).strict(),
    output: z.array(AgendaSearchHit),
  },
} as const;
