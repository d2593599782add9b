/**
 * The one merge step: a SourceBatch (LDAP, CSV, demo) into a municipality's directory, in ONE
 * transaction (a dry run rolls it back; PostgreSQL: an advisory lock per municipality).
 *
 *   validate   every record (validate.ts); a bad one is rejected with its line / DN and the reason
 *   match      by (municipality, source, source id) in import_person_sources, then by e-mail
 *              (case-insensitive); one person per municipality
 *   compare    only the fields the source owns (not `undefined`); the person's own opt-ins are
 *              never touched; an unchanged person is not written and records no sync change
 *   leavers    `disabled` records, and for full batches the people this source brought in that are
 *              missing now: deleted (tombstone to every cache), accounts disabled, sessions
 *              deleted, features move their waiting work (onPeopleRemoved: approvals)
 *   guard      more than 20 % of the municipality's people removed -> nothing changes
 *              (MassRemovalError) unless allowMassRemoval
 *   record     import_runs (every run, dry ones marked) and import_sources (cursor, last run)
 */
import { createHash, randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { forgetSessions } from '../auth/session-cache.js';
import { dialectOf } from '../db/dialect.js';
import type { PersonTable, ServerDb } from '../db/schema.js';
import { PERSON_ADDED_DEFAULTS } from '../features/directory/tables.js';
import { serverFeatures } from '../features/index.js';
import type { RemovedPerson, ServerFeature } from '../features/types.js';
import { recordChanges, type ChangeRecord } from '../sync/changes.js';
import { writeAdminLog } from '../admin/accounts.js';
import { PhotoRejected, processPhoto, sourcePhotoHash, type ProcessedPhoto } from './photo.js';
import type { ImportTables } from './tables.js';
import type { ImportSummary, SourceBatch, SourceError } from './types.js';
import { cleanRecord, RecordRejected, rejection, type CleanRecord, type OwnedFields } from './validate.js';

/** A run may remove at most this share of the municipality's people without allowMassRemoval. */
export const MASS_REMOVAL_SHARE = 0.2;
/** The department of people whose source gives none. */
export const NO_DEPARTMENT = 'Zonder dienst';
const CHUNK = 400;
const LINK_CHUNK = 2000;
/** Photos resized at once (sharp runs them on libuv's thread pool). */
const PHOTO_CONCURRENCY = 4;
const LOCK_KEY = 7201130;
/** import_runs keeps the first this many errors of a run (a broken export can reject every line). */
export const MAX_STORED_ERRORS = 1000;

export interface ApplyImportOptions {
  municipalityId: string;
  /** Source name, unique per municipality ("csv", "ldap:ad", "hr-payroll"); default: batch.kind. */
  source?: string;
  batch: SourceBatch;
  dryRun?: boolean;
  allowMassRemoval?: boolean;
  /** Time of the run (stored timestamps); default: the clock. */
  now?: Date | (() => Date);
  /** Features whose onPeopleRemoved runs for leavers (default: every registered feature). */
  features?: readonly ServerFeature[];
  /** Fill `summary.preview` (names of who is added / changed / removed; Beheer's preview). */
  preview?: boolean;
}

/** At most this many names per list in a preview. */
export const PREVIEW_MAX = 100;

/** Internal extras (the demo seed). */
export interface MergeExtras {
  /** Opt-ins a NEW person starts with (the demo's people "set" theirs); never applied to existing people. */
  initialOptIns?: (sourceId: string) => Pick<PersonTable, 'birthday_visible' | 'regional_visible' | 'birthday_regional'> | undefined;
}

export class ImportError extends Error {
  constructor(
    readonly code: 'unknown_municipality' | 'mass_removal',
    message: string,
    readonly summary?: ImportSummary,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

type Tx = Transaction<ServerDb>;
type Db = Kysely<ServerDb>;

function clock(now: ApplyImportOptions['now']): () => Date {
  if (now instanceof Date) return () => now;
  return now ?? (() => new Date());
}

class DryRun extends Error {
  constructor(readonly summary: ImportSummary) {
    super('dry run');
  }
}

/**
 * Applies one batch to one municipality. Returns the summary (the run is recorded in import_runs).
 * Throws ImportError('unknown_municipality') or ImportError('mass_removal') (nothing changed; the
 * blocked run is recorded).
 */
export async function applyImport(db: Db, options: ApplyImportOptions): Promise<ImportSummary> {
  const now = clock(options.now);
  const startedAt = now();
  const source = options.source ?? options.batch.kind;
  const muni = await db.selectFrom('municipalities').select('id').where('id', '=', options.municipalityId).executeTakeFirst();
  if (!muni) throw new ImportError('unknown_municipality', `Unknown municipality "${options.municipalityId}" ("municipalities list" shows them; "municipalities add" creates one).`);
  try {
    return await db.transaction().execute(async (trx) => {
      const summary = await mergeBatch(trx, { ...options, source, now: startedAt });
      if (options.dryRun) throw new DryRun(summary);
      summary.runId = await recordRun(trx, { municipalityId: options.municipalityId, source, kind: options.batch.kind, startedAt, finishedAt: now(), summary, outcome: 'ok', cursor: options.batch.nextCursor });
      return summary;
    });
  } catch (err) {
    if (err instanceof DryRun) {
      const summary = { ...err.summary, dryRun: true };
      summary.runId = await db.transaction().execute((trx) =>
        recordRun(trx, { municipalityId: options.municipalityId, source, kind: options.batch.kind, startedAt, finishedAt: now(), summary, outcome: 'dry_run', cursor: null }),
      );
      return summary;
    }
    if (err instanceof ImportError && err.code === 'mass_removal' && err.summary) {
      const summary = err.summary;
      await db.transaction().execute((trx) =>
        recordRun(trx, { municipalityId: options.municipalityId, source, kind: options.batch.kind, startedAt, finishedAt: now(), summary, outcome: 'blocked_mass_removal', cursor: null }),
      );
    }
    throw err;
  }
}

interface RunRecord {
  municipalityId: string;
  source: string;
  kind: string;
  startedAt: Date;
  finishedAt: Date;
  summary: ImportSummary;
  outcome: 'ok' | 'dry_run' | 'blocked_mass_removal';
  cursor: string | null;
}

/** Stores the run; a real run also creates/updates its source (last run, cursor). Returns the run id. */
export async function recordRun(trx: Tx, r: RunRecord): Promise<string> {
  const db = trx.withTables<ImportTables>();
  const id = `run-${randomUUID()}`;
  const s = r.summary;
  const errors: Array<{ line?: number; dn?: string; reason: string }> = s.errors
    .slice(0, MAX_STORED_ERRORS)
    .map((e) => ({ ...(e.line !== undefined ? { line: e.line } : {}), ...(e.dn !== undefined ? { dn: e.dn } : {}), reason: e.reason }));
  if (s.errors.length > MAX_STORED_ERRORS) errors.push({ reason: `and ${s.errors.length - MAX_STORED_ERRORS} more rejected entries (the command's output lists them all)` });
  await db
    .insertInto('import_runs')
    .values({
      id,
      municipality_id: r.municipalityId,
      source: r.source,
      started_at: r.startedAt.toISOString(),
      finished_at: r.finishedAt.toISOString(),
      outcome: r.outcome,
      added: s.added,
      changed: s.changed,
      removed: s.removed,
      unchanged: s.unchanged,
      rejected: s.rejected,
      errors: JSON.stringify(errors),
      dry_run: r.outcome === 'dry_run' ? 1 : 0,
    })
    .execute();
  if (r.outcome !== 'ok') return id;
  const existing = await db.selectFrom('import_sources').select(['id', 'cursor']).where('municipality_id', '=', r.municipalityId).where('name', '=', r.source).executeTakeFirst();
  if (existing) {
    await db
      .updateTable('import_sources')
      .set({ last_run_id: id, kind: r.kind, cursor: r.cursor ?? existing.cursor })
      .where('id', '=', existing.id)
      .execute();
  } else {
    await db
      .insertInto('import_sources')
      .values({ id: `src-${randomUUID()}`, municipality_id: r.municipalityId, name: r.source, kind: r.kind, cursor: r.cursor, last_run_id: id, created_at: r.startedAt.toISOString() })
      .execute();
  }
  return id;
}

const OWNED: ReadonlyArray<keyof OwnedFields> = ['first_name', 'last_name', 'email', 'job_title', 'office', 'desk_phone', 'mobile_phone', 'extension', 'birth_month', 'birth_day'];
const COMPARED: ReadonlyArray<keyof PersonTable> = [...OWNED, 'department_id', 'manager_id'];

const hash = (s: string, n: number): string => createHash('sha256').update(s).digest('hex').slice(0, n);
const deptKey = (name: string): string => name.replace(/\s+/g, ' ').trim().toLocaleLowerCase('nl-BE');

/**
 * The merge itself, inside the caller's transaction (applyImport, or the demo seed's). Writes
 * nothing for unchanged people; throws ImportError('mass_removal') before writing anything.
 */
export async function mergeBatch(trx: Tx, options: ApplyImportOptions & { source: string; now: Date }, extras: MergeExtras = {}): Promise<ImportSummary> {
  const { municipalityId, source, batch, now } = options;
  const dialect = dialectOf(trx);
  const idb = trx.withTables<ImportTables>();
  if (dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(${LOCK_KEY}, hashtext(${municipalityId}))`.execute(trx);
  const stamp = now.toISOString();

  // 1. Validate.
  const { clean, errors, protectedIds } = validateBatch(batch);
  const warnings: SourceError[] = [];

  // 2. What is there now.
  const existingRows = await trx.selectFrom('people').selectAll().where('municipality_id', '=', municipalityId).execute();
  const existing = new Map(existingRows.map((p) => [p.id, p]));
  const byEmail = new Map<string, string>();
  for (const p of existingRows) if (!byEmail.has(p.email.toLowerCase())) byEmail.set(p.email.toLowerCase(), p.id);
  const mappingRows = await idb.selectFrom('import_person_sources').select(['source_id', 'person_id']).where('municipality_id', '=', municipalityId).where('source', '=', source).execute();
  const mapping = new Map<string, string>();
  const mappedBy = new Map<string, string>();
  const staleMappings: string[] = [];
  for (const m of mappingRows) {
    if (existing.has(m.person_id)) {
      mapping.set(m.source_id, m.person_id);
      mappedBy.set(m.person_id, m.source_id);
    } else staleMappings.push(m.source_id);
  }

  // 3. Match: by source id first (every record), then by e-mail.
  const claimed = new Map<string, CleanRecord>();
  const matchOf = new Map<CleanRecord, string>();
  for (const c of clean) {
    const pid = mapping.get(c.sourceId);
    if (pid !== undefined) {
      claimed.set(pid, c);
      matchOf.set(c, pid);
    }
  }
  const remap: Array<{ sourceId: string; personId: string; oldSourceId?: string }> = [];
  const accepted: CleanRecord[] = [];
  for (const c of clean) {
    if (!matchOf.has(c) && c.emailKey) {
      const pid = byEmail.get(c.emailKey);
      if (pid !== undefined) {
        if (claimed.has(pid)) {
          if (!c.disabled) {
            protectedIds.add(c.sourceId);
            errors.push(rejection(c.origin, `the e-mail address belongs to a person matched by ${claimed.get(pid)!.origin}`));
            continue;
          }
        } else {
          claimed.set(pid, c);
          matchOf.set(c, pid);
          remap.push({ sourceId: c.sourceId, personId: pid, oldSourceId: mappedBy.get(pid) });
        }
      }
    }
    accepted.push(c);
  }
  // 4. Leavers: disabled records that match someone; for a full batch, this source's people not in it.
  const leavers = new Set<string>();
  for (const c of accepted) {
    const pid = matchOf.get(c);
    if (c.disabled && pid !== undefined) leavers.add(pid);
  }
  const unlinkOnly = new Set<string>(); // missing from this source but also fed by another: keep the person
  if (batch.full) {
    const missing: string[] = [];
    for (const [sid, pid] of mapping) if (!claimed.has(pid) && !protectedIds.has(sid) && !leavers.has(pid)) missing.push(pid);
    const others = new Set<string>();
    for (let i = 0; i < missing.length; i += CHUNK) {
      const rows = await idb
        .selectFrom('import_person_sources')
        .select('person_id')
        .where('municipality_id', '=', municipalityId)
        .where('source', '<>', source)
        .where('person_id', 'in', missing.slice(i, i + CHUNK))
        .execute();
      for (const r of rows) others.add(r.person_id);
    }
    for (const pid of missing) (others.has(pid) ? unlinkOnly : leavers).add(pid);
  }

  // 5. Departments (found by name, created when new).
  const departments = await trx.selectFrom('departments').select(['id', 'name']).where('municipality_id', '=', municipalityId).execute();
  const deptByKey = new Map<string, string>();
  for (const d of departments) if (!deptByKey.has(deptKey(d.name))) deptByKey.set(deptKey(d.name), d.id);
  const takenDeptIds = new Set(departments.map((d) => d.id));
  const newDepartments: Array<{ id: string; municipality_id: string; name: string; parent_id: null }> = [];
  const byLabel = new Map<string, string>();
  const departmentId = (name: string | null): string => {
    const label = name ?? NO_DEPARTMENT;
    const known = byLabel.get(label);
    if (known !== undefined) return known;
    const id = findOrCreateDepartment(label);
    byLabel.set(label, id);
    return id;
  };
  const findOrCreateDepartment = (label: string): string => {
    const key = deptKey(label);
    const found = deptByKey.get(key);
    if (found) return found;
    let id = `dep-${hash(`${municipalityId}\n${key}`, 16)}`;
    for (let i = 2; takenDeptIds.has(id); i++) id = `dep-${hash(`${municipalityId}\n${key}\n${i}`, 16)}`;
    takenDeptIds.add(id);
    deptByKey.set(key, id);
    newDepartments.push({ id, municipality_id: municipalityId, name: label.replace(/\s+/g, ' ').trim(), parent_id: null });
    return id;
  };

  // 6. The next state of every accepted, non-leaving record.
  const takenIds = new Set(existing.keys());
  const next = new Map<string, PersonTable>(); // person id -> next row (matched or new)
  const added = new Set<string>();
  const sourceToPerson = new Map(mapping);
  const originOf = new Map<string, CleanRecord>();
  let unknownLeavers = 0; // `disabled` records of people the directory does not have: nothing to do
  for (const c of accepted) {
    if (c.disabled) {
      if (!matchOf.has(c)) unknownLeavers += 1;
      continue;
    }
    let pid = matchOf.get(c);
    const before = pid !== undefined ? existing.get(pid) : undefined;
    if (before === undefined) {
      if (c.fields.email === undefined) {
        errors.push(rejection(c.origin, 'e-mail is missing (needed for a new person)'));
        protectedIds.add(c.sourceId);
        continue;
      }
      pid = c.personId && !takenIds.has(c.personId) ? c.personId : `p-${hash(`${municipalityId}\n${source}\n${c.sourceId}`, 20)}`;
      for (let i = 2; takenIds.has(pid); i++) pid = `p-${hash(`${municipalityId}\n${source}\n${c.sourceId}\n${i}`, 20)}`;
      takenIds.add(pid);
      added.add(pid);
      const opt = extras.initialOptIns?.(c.sourceId);
      const f = c.fields;
      // One fixed shape (no spread): 100,000 of these in the demo seed.
      next.set(pid, {
        ...PERSON_ADDED_DEFAULTS,
        id: pid,
        municipality_id: municipalityId,
        department_id: departmentId(c.department ?? null),
        first_name: f.first_name ?? '',
        last_name: f.last_name ?? '',
        job_title: f.job_title ?? '',
        manager_id: null,
        office: f.office ?? '',
        desk_phone: f.desk_phone ?? null,
        mobile_phone: f.mobile_phone ?? null,
        extension: f.extension ?? null,
        email: f.email!, // checked above: a new person needs an e-mail
        birth_month: f.birth_month ?? null,
        birth_day: f.birth_day ?? null,
        birthday_visible: opt?.birthday_visible ?? 0,
        regional_visible: opt?.regional_visible ?? 0,
        birthday_regional: opt?.birthday_regional ?? 0,
        updated_at: stamp,
      });
    } else {
      const row: PersonTable = { ...before, ...c.fields };
      if (c.department !== undefined) row.department_id = departmentId(c.department);
      next.set(pid!, row);
    }
    sourceToPerson.set(c.sourceId, pid!);
    originOf.set(pid!, c);
  }

  // 7. Managers, now that everybody has an id; leavers hand their reports to their own manager.
  const managerOf = (pid: string): string | null => (next.get(pid) ?? existing.get(pid))?.manager_id ?? null;
  for (const [pid, c] of originOf) {
    if (c.managerSourceId === undefined) continue;
    if (c.managerSourceId === null) {
      next.get(pid)!.manager_id = null;
      continue;
    }
    const mid = sourceToPerson.get(c.managerSourceId);
    if (mid === undefined || (!next.has(mid) && !existing.has(mid))) {
      warnings.push(rejection(c.origin, 'manager not found in this source; manager left unchanged'));
      continue;
    }
    next.get(pid)!.manager_id = mid === pid ? null : mid;
  }
  const successorOf = (pid: string): string | null => {
    const seen = new Set<string>([pid]);
    let m = managerOf(pid);
    while (m !== null && leavers.has(m) && !seen.has(m)) {
      seen.add(m);
      m = managerOf(m);
    }
    return m !== null && !leavers.has(m) && (next.has(m) || existing.has(m)) ? m : null;
  };
  if (leavers.size > 0) {
    for (const p of [...existing.values(), ...[...next.values()].filter((n) => added.has(n.id))]) {
      if (leavers.has(p.id)) continue;
      const current = managerOf(p.id);
      if (current !== null && leavers.has(current)) {
        const row = next.get(p.id) ?? { ...p };
        row.manager_id = successorOf(current);
        next.set(p.id, row);
      }
    }
  }

  // 8. Compare.
  const inserts: PersonTable[] = [];
  const updates: Array<{ id: string; set: Partial<PersonTable> }> = [];
  let unchanged = unknownLeavers;
  for (const [pid, row] of next) {
    if (added.has(pid)) {
      inserts.push(row);
      continue;
    }
    const before = existing.get(pid)!;
    const set: Partial<PersonTable> = {};
    for (const k of COMPARED) if (row[k] !== before[k]) (set as Record<string, unknown>)[k] = row[k];
    if (Object.keys(set).length === 0) {
      if (originOf.has(pid)) unchanged += 1;
    } else updates.push({ id: pid, set: { ...set, updated_at: stamp } });
  }

  const summary: ImportSummary = {
    added: inserts.length,
    changed: updates.filter((u) => originOf.has(u.id)).length,
    removed: leavers.size,
    unchanged,
    rejected: errors.length,
    errors: errors.map((e) => ({ ...(e.line !== undefined ? { line: e.line } : {}), ...(e.dn !== undefined ? { dn: e.dn } : {}), reason: e.reason })),
    ...(warnings.length ? { warnings } : {}),
  };

  if (options.preview) {
    const name = (p: PersonTable) => `${p.first_name} ${p.last_name}`.trim();
    summary.preview = {
      added: inserts.slice(0, PREVIEW_MAX).map((p) => ({ name: name(p) })),
      changed: updates
        .filter((u) => originOf.has(u.id))
        .slice(0, PREVIEW_MAX)
        .map((u) => ({ name: name(next.get(u.id)!), fields: Object.keys(u.set).filter((k) => k !== 'updated_at') })),
      removed: [...leavers].slice(0, PREVIEW_MAX).map((pid) => ({ name: name(existing.get(pid)!) })),
    };
  }

  // 9. The guard, before anything is written.
  const total = existing.size;
  if (leavers.size > 0 && !options.allowMassRemoval && leavers.size > total * MASS_REMOVAL_SHARE) {
    const pct = Math.round((leavers.size / total) * 100);
    throw new ImportError(
      'mass_removal',
      `This import would remove ${leavers.size} of the ${total} people of ${municipalityId} (${pct} %, more than ${MASS_REMOVAL_SHARE * 100} %). Nothing was changed. Check the export (is it complete?), or run again with --allow-mass-removal.`,
      summary,
    );
  }

  // 9b. Photos (only those whose SOURCE bytes changed are processed; a bad one is reported and the
  // person goes in without a new photo: the stored one, if any, stays).
  const photos = await planPhotos(trx, municipalityId, originOf);
  for (const e of photos.errors) summary.errors.push(e);
  const updated = new Set(updates.map((u) => u.id));
  for (const pid of [...photos.upserts.map((u) => u.person_id), ...photos.deletes]) {
    if (added.has(pid) || !originOf.has(pid) || updated.has(pid)) continue;
    summary.unchanged -= 1; // the person's entry changed: its photo
    summary.changed += 1;
  }

  // 10. Write.
  const changes: ChangeRecord[] = [];
  for (let i = 0; i < newDepartments.length; i += CHUNK) await trx.insertInto('departments').values(newDepartments.slice(i, i + CHUNK)).execute();
  for (const d of newDepartments) changes.push({ collection: 'departments', id: d.id, tenant: municipalityId });
  for (let i = 0; i < inserts.length; i += CHUNK) await trx.insertInto('people').values(inserts.slice(i, i + CHUNK)).execute();
  for (const u of updates) await trx.updateTable('people').set(u.set).where('id', '=', u.id).execute();
  // A renamed person's account shows the new name (sign-in greeting, admin log, Beheer).
  for (const u of updates) {
    if (u.set.first_name === undefined && u.set.last_name === undefined) continue;
    const p = next.get(u.id)!;
    await trx.updateTable('users').set({ display_name: `${p.first_name} ${p.last_name}`.trim() }).where('person_id', '=', u.id).execute();
  }
  for (const p of inserts) changes.push({ collection: 'people', id: p.id, tenant: municipalityId });
  for (const u of updates) changes.push({ collection: 'people', id: u.id, tenant: municipalityId });
  // Photo changes after the people: a first sync gets the people rows before any photo.
  for (const row of photos.upserts) {
    await trx
      .insertInto('person_photos')
      .values({ ...row, updated_at: stamp })
      .onConflict((oc) =>
        oc.column('person_id').doUpdateSet((eb) => ({
          municipality_id: eb.ref('excluded.municipality_id'),
          content_type: eb.ref('excluded.content_type'),
          data: eb.ref('excluded.data'),
          hash: eb.ref('excluded.hash'),
          source_hash: eb.ref('excluded.source_hash'),
          width: eb.ref('excluded.width'),
          height: eb.ref('excluded.height'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
    changes.push({ collection: 'personPhotos', id: row.person_id, tenant: municipalityId });
  }
  for (let i = 0; i < photos.deletes.length; i += CHUNK) await trx.deleteFrom('person_photos').where('person_id', 'in', photos.deletes.slice(i, i + CHUNK)).execute();
  for (const pid of photos.deletes) changes.push({ collection: 'personPhotos', id: pid, tenant: municipalityId, deleted: true });

  // Source ids: new people, e-mail matches (re-pointing a renumbered person), stale links.
  const newLinks = [
    ...inserts.map((p) => ({ municipality_id: municipalityId, source, source_id: originOf.get(p.id)!.sourceId, person_id: p.id })),
    ...remap.filter((r) => !leavers.has(r.personId)).map((r) => ({ municipality_id: municipalityId, source, source_id: r.sourceId, person_id: r.personId })),
  ];
  const dropLinks = [...staleMappings, ...remap.flatMap((r) => (r.oldSourceId ? [r.oldSourceId] : [])), ...[...unlinkOnly].map((pid) => mappedBy.get(pid)!)];
  for (let i = 0; i < dropLinks.length; i += CHUNK) {
    await idb.deleteFrom('import_person_sources').where('municipality_id', '=', municipalityId).where('source', '=', source).where('source_id', 'in', dropLinks.slice(i, i + CHUNK)).execute();
  }
  for (let i = 0; i < newLinks.length; i += LINK_CHUNK) await idb.insertInto('import_person_sources').values(newLinks.slice(i, i + LINK_CHUNK)).execute();

  if (leavers.size > 0) {
    const ids = [...leavers];
    const removed: RemovedPerson[] = ids.map((pid) => {
      const p = existing.get(pid)!;
      const s = successorOf(pid);
      const sp = s ? (next.get(s) ?? existing.get(s)) : undefined;
      return { personId: pid, name: `${p.first_name} ${p.last_name}`, successorId: s, successorName: sp ? `${sp.first_name} ${sp.last_name}` : null };
    });
    const photoIds = await deletePeople(trx, ids, { actor: `import:${source}`, municipalityId, now });
    for (const pid of ids) changes.push({ collection: 'people', id: pid, tenant: municipalityId, deleted: true });
    for (const pid of photoIds) changes.push({ collection: 'personPhotos', id: pid, tenant: municipalityId, deleted: true });
    const features = options.features ?? serverFeatures;
    for (const f of features) {
      if (!f.onPeopleRemoved) continue;
      await f.onPeopleRemoved({ trx, dialect, now, municipalityId, removed, warn: (reason) => warnings.push({ reason: `${f.name}: ${reason}` }) });
    }
    if (warnings.length) summary.warnings = warnings;
  }
  await recordChanges(trx, changes);
  return summary;
}

/**
 * Every record through cleanRecord; duplicates of a stable id or (for people who stay) an e-mail
 * address are rejected too. `protectedIds`: source ids of rejected entries, never leavers.
 */
function validateBatch(batch: SourceBatch): { clean: CleanRecord[]; errors: SourceError[]; protectedIds: Set<string> } {
  const errors: SourceError[] = batch.errors.map((e) => ({ ...e }));
  const protectedIds = new Set<string>(batch.errors.flatMap((e) => (e.sourceId ? [e.sourceId] : [])));
  const clean: CleanRecord[] = [];
  const seenSource = new Map<string, string>();
  const seenEmail = new Map<string, string>();
  for (const record of batch.records) {
    try {
      const c = cleanRecord(record);
      const dupe = seenSource.get(c.sourceId);
      if (dupe !== undefined) throw new RecordRejected(`the same stable id is also at ${dupe}`);
      seenSource.set(c.sourceId, c.origin);
      if (c.emailKey && !c.disabled) {
        const other = seenEmail.get(c.emailKey);
        if (other !== undefined) throw new RecordRejected(`the same e-mail address is also at ${other}`);
        seenEmail.set(c.emailKey, c.origin);
      }
      clean.push(c);
    } catch (err) {
      if (!(err instanceof RecordRejected)) throw err;
      const sid = typeof record.sourceId === 'string' ? record.sourceId.trim() : '';
      if (sid) protectedIds.add(sid);
      errors.push(rejection(record.origin, err.message));
    }
  }
  return { clean, errors, protectedIds };
}

/**
 * Leavers out: people rows, their photos, their source links, their accounts disabled and sessions
 * ended. Returns the ids of the people whose photo was deleted (their tombstones).
 */
async function deletePeople(trx: Tx, ids: readonly string[], log: { actor: string; municipalityId: string; now: Date }): Promise<string[]> {
  const idb = trx.withTables<ImportTables>();
  const photoIds: string[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    await trx.deleteFrom('people').where('id', 'in', chunk).execute();
    const photos = await trx.selectFrom('person_photos').select('person_id').where('person_id', 'in', chunk).execute();
    if (photos.length) {
      await trx.deleteFrom('person_photos').where('person_id', 'in', chunk).execute();
      for (const p of photos) photoIds.push(p.person_id);
    }
    await idb.deleteFrom('import_person_sources').where('person_id', 'in', chunk).execute();
    const accounts = await trx.selectFrom('users').select(['id', 'username', 'disabled']).where('person_id', 'in', chunk).execute();
    if (accounts.length) {
      const uids = accounts.map((a) => a.id);
      await trx.updateTable('users').set({ disabled: 1 }).where('id', 'in', uids).execute();
      await trx.deleteFrom('sessions').where('user_id', 'in', uids).execute();
      forgetSessions(); // auth/session-cache.ts (a request racing this transaction: at most the cache's TTL)
      // The admin log says who disabled an account: here the import that found a leaver.
      for (const a of accounts) {
        if (a.disabled === 1) continue;
        await writeAdminLog(trx, { at: log.now, actor: log.actor, municipalityId: log.municipalityId, action: 'disable', target: a.username, before: { disabled: false }, after: { disabled: true } });
      }
    }
  }
  return photoIds;
}

interface PhotoPlan {
  upserts: Array<{ person_id: string; municipality_id: string; content_type: string; data: string; hash: string; source_hash: string; width: number; height: number }>;
  deletes: string[];
  errors: ImportSummary['errors'];
}

/**
 * What to write for the photos of the records that own one: compared by the hash of the SOURCE
 * bytes, so an unchanged photo is neither processed nor written. `null` removes a stored photo.
 */
async function planPhotos(trx: Tx, municipalityId: string, originOf: ReadonlyMap<string, CleanRecord>): Promise<PhotoPlan> {
  const plan: PhotoPlan = { upserts: [], deletes: [], errors: [] };
  const owned = [...originOf].filter(([, c]) => c.photo !== undefined);
  if (owned.length === 0) return plan;
  const stored = new Map<string, string>();
  const rows = await trx.selectFrom('person_photos').select(['person_id', 'source_hash']).where('municipality_id', '=', municipalityId).execute();
  for (const r of rows) stored.set(r.person_id, r.source_hash);
  const work: Array<{ pid: string; c: CleanRecord; bytes: Uint8Array; sourceHash: string }> = [];
  for (const [pid, c] of owned) {
    if (c.photo === null || c.photo === undefined) {
      if (stored.has(pid)) plan.deletes.push(pid);
      continue;
    }
    const sourceHash = sourcePhotoHash(c.photo);
    if (stored.get(pid) !== sourceHash) work.push({ pid, c, bytes: c.photo, sourceHash });
  }
  const results: Array<ProcessedPhoto | PhotoRejected> = new Array(work.length);
  let next = 0;
  const worker = async () => {
    while (next < work.length) {
      const i = next++;
      try {
        results[i] = await processPhoto(work[i]!.bytes);
      } catch (err) {
        if (!(err instanceof PhotoRejected)) throw err;
        results[i] = err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PHOTO_CONCURRENCY, work.length) }, worker));
  work.forEach((w, i) => {
    const r = results[i]!;
    if (r instanceof PhotoRejected) {
      const e = rejection(w.c.origin, `${r.message}; the person was imported without a new photo`);
      plan.errors.push({ ...(e.line !== undefined ? { line: e.line } : {}), ...(e.dn !== undefined ? { dn: e.dn } : {}), reason: e.reason });
      return;
    }
    plan.upserts.push({ person_id: w.pid, municipality_id: municipalityId, content_type: r.contentType, data: r.bytes.toString('base64'), hash: r.hash, source_hash: w.sourceHash, width: r.width, height: r.height });
  });
  return plan;
}
