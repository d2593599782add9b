/**
 * Meetings in the cache: governing bodies, meetings and the agenda items this user may see
 * (the server never sends closed items to others). Read offline; search over item titles.
 */
import type { GoverningBody } from '../../../../shared/domain/agenda.js';
import { defineFeature } from '../types.js';
import { agendaCollections } from './collections.js';
import { agendaMigrations } from './migrations.js';
import { meetingDetail, searchItems, upcomingMeetings } from './queries.js';

export const agendaFeature = defineFeature({
  name: 'agenda',
  migrations: agendaMigrations,
  collections: agendaCollections,
  handlers: (ctx) => ({
    'agenda.bodies': () =>
      (ctx.db.prepare('SELECT data FROM agenda_bodies ORDER BY kind_order, name').all() as { data: string }[]).map((r) => JSON.parse(r.data) as GoverningBody),
    'agenda.upcoming': (input) => upcomingMeetings(ctx.db, ctx.now(), input),
    'agenda.meeting': ({ id }) => meetingDetail(ctx.db, id),
    'agenda.search': (input) => searchItems(ctx.db, input),
  }),
});
