/** The directory: municipalities, departments, people (the backend's first feature). */
import type { ServerFeature } from '../types.js';
import { departments, municipalities, people, personPhotos } from './collections.js';
import { directoryCommands } from './commands.js';
import { directoryMigrations } from './migrations.js';

export const directoryFeature: ServerFeature = {
  name: 'directory',
  migrations: directoryMigrations,
  collections: { municipalities, departments, people, personPhotos },
  commands: directoryCommands,
};
