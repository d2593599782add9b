/** Meetings: governing bodies, meetings and agenda items, with closed items only for those entitled. */
import type { ServerFeature } from '../types.js';
import { agendaBodies, agendaItems, agendaMeetings } from './collections.js';
import { agendaCommands } from './commands.js';
import { agendaMigrations } from './migrations.js';
import { seedAgenda } from './seed.js';

export const agendaFeature: ServerFeature = {
  name: 'agenda',
  migrations: agendaMigrations,
  collections: { agendaBodies, agendaMeetings, agendaItems },
  commands: agendaCommands,
  seed: seedAgenda,
};
