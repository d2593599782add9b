/**
 * New requests ("Nieuwe aanvraag"), absences and the "your request was decided" event in the cache.
 *   approval_outgoing   my `approvals.create` commands with what I typed: pending (offline too),
 *                       applied, or rejected with the server's reason (kept to correct and resend)
 *   approval_absences   synced `absences` rows: from/until of approved leave, nothing more
 * `watchDecided` compares a synced request of mine with the cached one: open -> approved / refused /
 * sent back emits `approvals.decided` once the page has committed (never on a first sync).
 */
import type { AbsenceNote, OutgoingRequest, RequestDecided } from '../../../../shared/contract/approvals.js';
import type { ApprovalRequest } from '../../../../shared/domain/approvals.js';
import { absentUntil, PersonAbsence, RequestDetails } from '../../../../shared/domain/requests.js';
import type { CacheDb, FeatureContext } from '../types.js';
import { localDay } from './queries.js';

interface OutgoingRow {
  id: string;
  title: string;
  details: string;
  status: OutgoingRequest['status'];
  reason: string | null;
  message: string | null;
  created_at: string;
}

const toOutgoing = (r: OutgoingRow): OutgoingRequest => ({
  id: r.id,
  title: r.title,
  details: RequestDetails.parse(JSON.parse(r.details)),
  status: r.status,
  reason: r.reason,
  message: r.message,
  createdAt: r.created_at,
});

export function insertOutgoing(db: CacheDb, personId: string, id: string, title: string, details: RequestDetails, now: Date): void {
  db.prepare("INSERT INTO approval_outgoing (id, person_id, title, details, status, created_at) VALUES (?, ?, ?, ?, 'pending', ?)").run(id, personId, title, JSON.stringify(details), now.toISOString());
}

export function outgoingById(db: CacheDb, personId: string, id: string): OutgoingRequest | null {
  const row = db.prepare('SELECT * FROM approval_outgoing WHERE id = ? AND person_id = ?').get(id, personId) as OutgoingRow | undefined;
  return row ? toOutgoing(row) : null;
}

/** Pending and refused ones, and applied ones whose synced row has not arrived yet; newest first. */
export function listOutgoing(db: CacheDb, personId: string): OutgoingRequest[] {
  return (
    db
      .prepare(
        `SELECT o.* FROM approval_outgoing o
         WHERE o.person_id = ? AND o.dismissed = 0
           AND (o.status <> 'applied' OR NOT EXISTS (SELECT 1 FROM approval_requests r WHERE r.id = o.id))
         ORDER BY o.created_at DESC`,
      )
      .all(personId) as OutgoingRow[]
  ).map(toOutgoing);
}

export function settleOutgoing(db: CacheDb, id: string, result: { status: 'applied' } | { status: 'rejected'; reason: string; message: string }): void {
  if (result.status === 'applied') db.prepare("UPDATE approval_outgoing SET status = 'applied', reason = NULL, message = NULL WHERE id = ?").run(id);
  else db.prepare("UPDATE approval_outgoing SET status = 'rejected', reason = ?, message = ? WHERE id = ?").run(result.reason, result.message, id);
}

export function dismissOutgoing(db: CacheDb, personId: string, id: string): boolean {
  return db.prepare("UPDATE approval_outgoing SET dismissed = 1 WHERE id = ? AND person_id = ? AND status <> 'pending'").run(id, personId).changes > 0;
}

export function upsertAbsence(db: CacheDb, row: PersonAbsence): void {
  db.prepare('INSERT INTO approval_absences (person_id, data) VALUES (?, ?) ON CONFLICT(person_id) DO UPDATE SET data = excluded.data').run(row.id, JSON.stringify(row));
}

/** Who of `ids` is away today, and until when. */
export function absencesOf(db: CacheDb, ids: readonly string[], now: Date): AbsenceNote[] {
  if (ids.length === 0) return [];
  const today = localDay(now);
  const rows = db.prepare(`SELECT data FROM approval_absences WHERE person_id IN (${ids.map(() => '?').join(',')})`).all(...ids) as { data: string }[];
  const out: AbsenceNote[] = [];
  for (const r of rows) {
    const parsed = PersonAbsence.safeParse(JSON.parse(r.data));
    const until = parsed.success ? absentUntil(parsed.data, today) : null;
    if (parsed.success && until) out.push({ id: parsed.data.id, until });
  }
  return out;
}

/** The core (context) that owns a cache connection: one per cache, tests run several. */
const contexts = new WeakMap<CacheDb, FeatureContext>();
export function attachContext(ctx: FeatureContext): void {
  contexts.set(ctx.db, ctx);
}

const FINAL: ReadonlySet<string> = new Set(['approved', 'refused', 'sent_back']);

/** Called in the pull transaction before a synced request replaces the cached one. */
export function watchDecided(db: CacheDb, next: ApprovalRequest): void {
  const ctx = contexts.get(db);
  const me = ctx?.user()?.personId;
  if (!ctx || !me || next.requesterId !== me || !FINAL.has(next.status)) return;
  const old = db.prepare('SELECT data FROM approval_requests WHERE id = ?').get(next.id) as { data: string } | undefined;
  if (!old) return; // first sync, or a request I never saw open: nothing new to announce
  const before = (JSON.parse(old.data) as { status?: string }).status;
  if (before !== 'open' || before === next.status) return;
  const payload: RequestDecided = { requestId: next.id, title: next.title, status: next.status as RequestDecided['status'] };
  // After the page's transaction: announce only what was committed.
  setImmediate(() => {
    try {
      const stored = db.prepare('SELECT data FROM approval_requests WHERE id = ?').get(next.id) as { data: string } | undefined;
      if (stored && (JSON.parse(stored.data) as { version?: number }).version === next.version) ctx.emit('approvals.decided', payload);
    } catch {
      // the cache closed meanwhile (sign-out, stop): nothing to announce
    }
  });
}
