/**
 * Beheer, section "Bronnen": the directory sources of the admin's own municipality (import_sources,
 * filled by `import csv` / `import ldap`) with their last real run (when, added / changed / removed /
 * unchanged / rejected, errors as place + reason only), and "Voorbeeld" / "Nu uitvoeren": the source
 * read again as its last command-line import did (import/sources.ts runSource, a full run). A run is
 * written to the admin log (action source_run, the counts); a preview changes nothing.
 */
import type { AdminSource, AdminSourceRun } from '../../shared/domain/admin.js';
import type { Db } from '../features/types.js';
import { ImportError } from '../import/merge.js';
import { listSources } from '../import/municipalities.js';
import { runSource, SourceRunError } from '../import/sources.js';
import type { ImportSummary } from '../import/types.js';
import { AdminError, writeAdminLog, type Actor } from './accounts.js';

/** At most this many errors of a run are shown (the command line's --json has them all). */
export const MAX_SOURCE_ERRORS = 50;

export async function adminSources(db: Db, actor: Actor): Promise<AdminSource[]> {
  if (!actor.roles.includes('admin')) throw new AdminError('forbidden', 'Only the admin role may see the sources');
  const sources = await listSources(db, actor.municipalityId);
  return sources.map((s) => ({
    name: s.name,
    kind: s.kind,
    reads: s.reads,
    lastRun: s.lastRun
      ? {
          startedAt: s.lastRun.startedAt,
          finishedAt: s.lastRun.finishedAt,
          outcome: s.lastRun.outcome,
          added: s.lastRun.added,
          changed: s.lastRun.changed,
          removed: s.lastRun.removed,
          unchanged: s.lastRun.unchanged,
          rejected: s.lastRun.rejected,
          errorCount: s.lastRun.errors.length,
          errors: s.lastRun.errors.slice(0, MAX_SOURCE_ERRORS).map((e) => ({ line: e.line ?? null, dn: e.dn ?? null, reason: e.reason })),
        }
      : null,
  }));
}

/** Why a preview or run could not happen, for the HTTP layer. */
export class SourceRunRefused extends Error {
  constructor(
    readonly status: 404 | 409 | 502,
    readonly code: 'not_found' | 'not_runnable' | 'mass_removal' | 'source_unreachable',
    message: string,
  ) {
    super(message);
    this.name = 'SourceRunRefused';
  }
}

function toRun(s: ImportSummary): AdminSourceRun {
  return {
    dryRun: s.dryRun === true,
    added: s.added,
    changed: s.changed,
    removed: s.removed,
    unchanged: s.unchanged,
    rejected: s.rejected,
    errors: s.errors.slice(0, MAX_SOURCE_ERRORS).map((e) => ({ line: e.line ?? null, dn: e.dn ?? null, reason: e.reason })),
    preview: s.preview ?? null,
  };
}

/** Preview (`dryRun`) or run one source of the admin's own municipality. */
export async function runAdminSource(db: Db, actor: Actor, name: string, o: { dryRun: boolean; allowMassRemoval?: boolean; now: () => Date }): Promise<AdminSourceRun> {
  if (!actor.roles.includes('admin')) throw new AdminError('forbidden', 'Only the admin role may run sources');
  let summary: ImportSummary;
  try {
    summary = await runSource(db, { municipalityId: actor.municipalityId, name, dryRun: o.dryRun, preview: o.dryRun, allowMassRemoval: o.allowMassRemoval, now: o.now });
  } catch (err) {
    if (err instanceof SourceRunError) throw new SourceRunRefused(err.code === 'not_found' ? 404 : err.code === 'not_runnable' ? 409 : 502, err.code === 'read_failed' ? 'source_unreachable' : err.code, err.message);
    if (err instanceof ImportError && err.code === 'mass_removal') throw new SourceRunRefused(409, 'mass_removal', err.message);
    throw err;
  }
  if (!o.dryRun) {
    const counts = { added: summary.added, changed: summary.changed, removed: summary.removed, unchanged: summary.unchanged, rejected: summary.rejected };
    await db.transaction().execute((trx) => writeAdminLog(trx, { at: o.now(), actor: actor.name, municipalityId: actor.municipalityId, action: 'source_run', target: name, before: null, after: counts }));
  }
  return toRun(summary);
}
