/** `sources list [--municipality ID] [--json]`: each source with its last run. */
import { listSources } from '../../import/municipalities.js';
import type { AdminCommand } from '../command.js';

export const sourcesList: AdminCommand = {
  words: ['sources', 'list'],
  usage: 'sources list [--municipality ID] [--json]',
  options: { municipality: { type: 'string' }, json: { type: 'boolean' } },
  async run(ctx, values) {
    const list = await listSources(ctx.db.kysely, typeof values.municipality === 'string' ? values.municipality : undefined);
    if (values.json) {
      ctx.out(JSON.stringify(list));
      return 0;
    }
    if (list.length === 0) ctx.out('No sources yet: the first import of a municipality creates its source.');
    for (const s of list) {
      const r = s.lastRun;
      const last = r
        ? `last run ${r.finishedAt} (${r.outcome}): added ${r.added}, changed ${r.changed}, removed ${r.removed}, unchanged ${r.unchanged}, rejected ${r.rejected}`
        : 'never run';
      ctx.out(`${s.municipalityId}\t${s.name}\t${s.kind}\t${last}`);
    }
    return 0;
  },
};
