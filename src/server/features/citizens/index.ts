/** Citizen lookup: register (fictional demo population), logged online lookups, DPO log. Not synced. */
import type { ServerFeature } from '../types.js';
import { citizensMigrations } from './migrations.js';
import { citizensRoutes } from './routes.js';
import { seedCitizens } from './seed.js';

export const citizensFeature: ServerFeature = {
  name: 'citizens',
  migrations: citizensMigrations,
  collections: {},
  commands: {},
  routes: citizensRoutes,
  seed: seedCitizens,
};
