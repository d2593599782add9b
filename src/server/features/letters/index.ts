/** Outgoing letter numbers: register, counter, commands, synced collection, CSV export, demo data. */
import type { ServerFeature } from '../types.js';
import { letters } from './collections.js';
import { lettersCommands } from './commands.js';
import { lettersMigrations } from './migrations.js';
import { lettersRoutes } from './routes.js';
import { seedLetters } from './seed.js';

export const lettersFeature: ServerFeature = {
  name: 'letters',
  migrations: lettersMigrations,
  collections: { letters },
  commands: lettersCommands,
  routes: lettersRoutes,
  seed: seedLetters,
};
