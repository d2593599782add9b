/**
 * The directory feature of the core: colleagues, departments, municipalities and birthdays,
 * cached from the sync pull and searched locally (offline too).
 */
import { PopError } from '../../../../shared/ipc/contract.js';
import { defineFeature } from '../types.js';
import { upcomingBirthdays } from './birthdays.js';
import { directoryBulk } from './bulk.js';
import { directoryCollections } from './collections.js';
import { directoryMigrations } from './migrations.js';
import { facets, personDetail } from './person.js';
import { personPhoto, personPhotos } from './photos.js';
import { countDirectory, searchDirectory } from './search.js';
import { personVCard, vcardFilename } from './vcard.js';

const SLOW_SEARCH_MS = 50;

export const directoryFeature = defineFeature({
  name: 'directory',
  migrations: directoryMigrations,
  collections: directoryCollections,
  bulk: directoryBulk,
  handlers: (ctx) => ({
    'directory.search': (input) => {
      const started = performance.now();
      const result = searchDirectory(ctx.db, input);
      const ms = performance.now() - started;
      // Slow searches are logged by shape only: the query itself is personal data.
      if (ms > SLOW_SEARCH_MS) ctx.log.warn('slow directory search', { ms: Math.round(ms), length: input.query.length, filtered: Boolean(input.departmentId || input.municipalityId) });
      return result;
    },
    'directory.count': (input) => countDirectory(ctx.db, input),
    'directory.person': ({ id }) => personDetail(ctx.db, id),
    'directory.facets': () => facets(ctx.db),
    'directory.vcard': ({ id }) => {
      const person = personDetail(ctx.db, id);
      if (!person) throw new PopError('not_found', `No colleague with id ${id}`);
      return { filename: vcardFilename(person), content: personVCard(person) };
    },
    'directory.photo': ({ id }) => personPhoto(ctx.db, id),
    'directory.photos': ({ ids }) => personPhotos(ctx.db, ids),
    'birthdays.upcoming': ({ days }) => upcomingBirthdays(ctx.db, ctx.now(), days),
  }),
});
