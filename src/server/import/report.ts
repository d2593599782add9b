/**
 * How every import command reports (CSV here, LDAP in its own command): exactly one summary line
 * on stdout, `added N, changed N, removed N, unchanged N, rejected N`, or with --json one object
 * with exactly those five keys plus `errors` ([{ line | dn, reason }]). Errors and warnings are
 * also listed readably on stderr. `runImportCommand` runs applyImport and reports it; the exit code
 * is 0, or 1 when the import stopped (unknown municipality, mass-removal guard): nothing changed.
 */
import type { AdminContext, AdminIo } from '../admin/command.js';
import { applyImport, ImportError, type ApplyImportOptions } from './merge.js';
import { saveSourceSettings, type SourceSettings } from './sources.js';
import type { ImportSummary } from './types.js';

type Place = { line?: number; dn?: string; reason: string };

/** `added 3, changed 1, removed 0, unchanged 40, rejected 1` */
export function summaryLine(s: ImportSummary): string {
  return `added ${s.added}, changed ${s.changed}, removed ${s.removed}, unchanged ${s.unchanged}, rejected ${s.rejected}`;
}

/** The --json object: exactly added, changed, removed, unchanged, rejected, errors. */
export function summaryJson(s: ImportSummary): { added: number; changed: number; removed: number; unchanged: number; rejected: number; errors: Place[] } {
  return {
    added: s.added,
    changed: s.changed,
    removed: s.removed,
    unchanged: s.unchanged,
    rejected: s.rejected,
    errors: s.errors.map((e) => ({ ...(e.line !== undefined ? { line: e.line } : {}), ...(e.dn !== undefined ? { dn: e.dn } : {}), reason: e.reason })),
  };
}

const where = (e: Place): string => (e.line !== undefined ? `line ${e.line}` : e.dn !== undefined ? e.dn : 'import');

/** Prints a finished import: the summary (line or JSON) on out, each error / warning on err. */
export function printImportSummary(io: AdminIo, summary: ImportSummary, options: { json?: boolean } = {}): void {
  for (const e of summary.errors) io.err(`rejected: ${where(e)}: ${e.reason}`);
  for (const w of summary.warnings ?? []) io.err(`warning: ${where(w)}: ${w.reason}`);
  if (summary.dryRun) io.err('Dry run: nothing was changed.');
  io.out(options.json ? JSON.stringify(summaryJson(summary)) : summaryLine(summary));
}

/** Runs applyImport on the CLI's database and prints the outcome. Returns the exit code. */
export async function runImportCommand(ctx: AdminContext, options: ApplyImportOptions & { json?: boolean; settings?: SourceSettings }): Promise<number> {
  try {
    const { settings, ...apply } = options;
    const summary = await applyImport(ctx.db.kysely, { now: ctx.now, ...apply });
    // A real run remembers how it read the source: Beheer's "run now" and `sources run` read it again.
    if (!summary.dryRun && settings) await saveSourceSettings(ctx.db.kysely, options.municipalityId, options.source ?? options.batch.kind, settings);
    printImportSummary(ctx, summary, { json: options.json });
    return 0;
  } catch (err) {
    if (err instanceof ImportError) {
      if (err.summary) for (const e of err.summary.errors) ctx.err(`rejected: ${where(e)}: ${e.reason}`);
      ctx.err(err.message);
      return 1;
    }
    throw err;
  }
}
