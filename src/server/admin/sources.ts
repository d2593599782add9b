/**
 * Beheer, section "Bronnen": the directory sources of the admin's own municipality (import_sources,
 * filled by `import csv` / `import ldap`) with their last real run (when, added / changed / removed /
 * unchanged / rejected, errors as place + reason only). Read-only: runs start from the command line.
 */
import type { AdminSource } from '../../shared/domain/admin.js';
import type { Db } from '../features/types.js';
import { listSources } from '../import/municipalities.js';
import { AdminError, type Actor } from './accounts.js';

/** At most this many errors of a run are shown (the command line's --json has them all). */
export const MAX_SOURCE_ERRORS = 50;

export async function adminSources(db: Db, actor: Actor): Promise<AdminSource[]> {
  if (!actor.roles.includes('admin')) throw new AdminError('forbidden', 'Only the admin role may see the sources');
  const sources = await listSources(db, actor.municipalityId);
  return sources.map((s) => ({
    name: s.name,
    kind: s.kind,
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
