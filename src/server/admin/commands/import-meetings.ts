/**
 * `import meetings (--lblod URL|FILE | --ics URL|FILE) --municipality ID [--body KIND] [--source NAME]
 *  [--dry-run] [--json] [--timeout SECONDS] [--max-bytes N]`
 * Meetings and agenda items from a Gelinkt Notuleren (LBLOD, HTML+RDFa) publication or an iCalendar
 * feed (src/server/import/meetings). Run it from cron / a systemd timer for a schedule (docs/meetings-import.md).
 */
import { parseBodyOption } from '../../import/meetings/bodies.js';
import { importMeetings, MeetingFormatError, SourceReadError } from '../../import/meetings/index.js';
import { ImportError } from '../../import/merge.js';
import { printImportSummary } from '../../import/report.js';
import { UsageError, type AdminCommand } from '../command.js';

export const importMeetingsCommand: AdminCommand = {
  words: ['import', 'meetings'],
  usage:
    'import meetings (--lblod URL|FILE | --ics URL|FILE) --municipality ID [--body gemeenteraad|cbs|rmw|vast_bureau|bcsd|commissie] [--source NAME] [--dry-run] [--json] [--timeout SECONDS] [--max-bytes N]',
  options: {
    lblod: { type: 'string' },
    ics: { type: 'string' },
    municipality: { type: 'string' },
    body: { type: 'string' },
    source: { type: 'string' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
    timeout: { type: 'string' },
    'max-bytes': { type: 'string' },
  },
  async run(ctx, values) {
    const lblod = typeof values.lblod === 'string' ? values.lblod : undefined;
    const ics = typeof values.ics === 'string' ? values.ics : undefined;
    if (!lblod === !ics) throw new UsageError('Give exactly one of --lblod or --ics.');
    if (typeof values.municipality !== 'string') throw new UsageError('--municipality is required.');
    let body;
    if (typeof values.body === 'string') {
      body = parseBodyOption(values.body) ?? undefined;
      if (!body) throw new UsageError(`Unknown body "${values.body}".`);
    }
    const number = (name: string, min: number, max: number): number | undefined => {
      const v = values[name];
      if (typeof v !== 'string') return undefined;
      const n = Number(v);
      if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${name} must be a number from ${min} to ${max}.`);
      return n;
    };
    const timeout = number('timeout', 1, 600);
    const maxBytes = number('max-bytes', 1024, 100 * 1024 * 1024);
    const location = (lblod ?? ics)!;
    try {
      const summary = await importMeetings(ctx.db.kysely, {
        format: lblod ? 'lblod' : 'ics',
        location,
        municipalityId: values.municipality,
        body,
        source: typeof values.source === 'string' ? values.source : undefined,
        dryRun: values['dry-run'] === true,
        now: ctx.now,
        timeoutMs: timeout === undefined ? undefined : timeout * 1000,
        maxBytes,
      });
      printImportSummary(ctx, summary, { json: values.json === true });
      return 0;
    } catch (err) {
      if (err instanceof MeetingFormatError) {
        for (const p of err.problems) ctx.err(`rejected: ${p.place}: ${p.reason}`);
        ctx.err(`${err.message} Nothing was changed.`);
        return 1;
      }
      if (err instanceof SourceReadError || err instanceof ImportError) {
        ctx.err(`${err.message}. Nothing was changed.`.replace(/\.\. Nothing/, '. Nothing'));
        return 1;
      }
      throw err;
    }
  },
};
