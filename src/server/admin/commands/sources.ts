/** `sources list [--municipality ID] [--json]`: each source with its last run; `sources run`: read one again. */
import { ImportError } from '../../import/merge.js';
import { listSources } from '../../import/municipalities.js';
import { printImportSummary } from '../../import/report.js';
import { runSource, SourceRunError } from '../../import/sources.js';
import { UsageError, type AdminCommand } from '../command.js';

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

/**
 * `sources run NAME --municipality ID [--dry-run] [--preview] [--json] [--allow-mass-removal]`:
 * reads a source again as its last command-line import did (a full run), the same code as
 * Beheer's "run now". --preview (implies --dry-run) lists who would be added, changed, removed.
 */
export const sourcesRun: AdminCommand = {
  words: ['sources', 'run'],
  usage: 'sources run NAME --municipality ID [--dry-run] [--preview] [--json] [--allow-mass-removal]',
  options: { municipality: { type: 'string' }, 'dry-run': { type: 'boolean' }, preview: { type: 'boolean' }, json: { type: 'boolean' }, 'allow-mass-removal': { type: 'boolean' } },
  positionals: true,
  async run(ctx, values, positionals) {
    const [name, ...extra] = positionals;
    if (!name || extra.length) throw new UsageError('Give exactly one source name ("sources list" shows them).');
    if (typeof values.municipality !== 'string') throw new UsageError('--municipality is required.');
    const preview = values.preview === true;
    try {
      const summary = await runSource(ctx.db.kysely, {
        municipalityId: values.municipality,
        name,
        dryRun: preview || values['dry-run'] === true,
        allowMassRemoval: values['allow-mass-removal'] === true,
        preview,
        now: ctx.now,
      });
      if (preview && summary.preview && !values.json) {
        for (const p of summary.preview.added) ctx.err(`would add: ${p.name}`);
        for (const p of summary.preview.changed) ctx.err(`would change: ${p.name} (${p.fields.join(', ')})`);
        for (const p of summary.preview.removed) ctx.err(`would remove: ${p.name}`);
      }
      printImportSummary(ctx, summary, { json: values.json === true });
      return 0;
    } catch (err) {
      if (err instanceof SourceRunError || err instanceof ImportError) {
        ctx.err(`${err.message}${err instanceof SourceRunError && err.code === 'read_failed' ? '. Nothing was changed.' : ''}`);
        return 1;
      }
      throw err;
    }
  },
};
