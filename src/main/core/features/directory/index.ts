/**
 * The directory feature of the core: colleagues, departments, municipalities and birthdays,
 * cached from the sync pull and searched locally (offline too).
 */
import { defineFeature } from '../types.js';
import { directoryCollections } from './collections.js';
import { directoryMigrations } from './migrations.js';

export const directoryFeature = defineFeature({
  name: 'directory',
  migrations: directoryMigrations,
  collections: directoryCollections,
  handlers: () => ({}),
});
