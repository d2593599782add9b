/**
 * Building the letters the screens show: synced rows from the cache, merged with the outbox
 * (a reservation still waiting is `pending`, one the server refused is `rejected`, a cancel or
 * "sent" still waiting is shown as `pendingAction`).
 */
import { Letter, LETTER_COMMANDS, ReserveLetterPayload, ReserveLetterResult } from '../../../../shared/domain/letters.js';
import type { LetterView } from '../../../../shared/contract/letters.js';
import type { CacheDb, OutboxCommand } from '../types.js';

export function departmentName(db: CacheDb, id: string): string | null {
  const row = db.prepare('SELECT name FROM dir_departments WHERE id = ?').get(id) as { name: string } | undefined;
  return row?.name ?? null;
}

export function cachedLetter(db: CacheDb, id: string): Letter | null {
  const row = db.prepare('SELECT data FROM letters WHERE id = ?').get(id) as { data: string } | undefined;
  return row ? Letter.parse(JSON.parse(row.data)) : null;
}

export function fromLetter(db: CacheDb, letter: Letter): LetterView {
  return {
    id: letter.id,
    number: letter.number,
    year: letter.year,
    state: letter.status,
    subject: letter.subject,
    recipient: letter.recipient,
    departmentId: letter.departmentId,
    departmentName: departmentName(db, letter.departmentId),
    handlingOfficer: letter.handlingOfficer,
    dispatchMethod: letter.dispatchMethod,
    yourReference: letter.yourReference,
    dossier: letter.dossier,
    requestedByName: letter.requestedByName,
    date: letter.reservedAt,
    sentAt: letter.sentAt,
    cancelledAt: letter.cancelledAt,
    cancelReason: letter.cancelReason,
    problem: null,
    pendingAction: null,
  };
}

/** A reservation known only from the outbox (pending, rejected, or applied but not pulled yet). */
export function fromReserveCommand(db: CacheDb, command: OutboxCommand, requestedByName: string): LetterView | null {
  const payload = ReserveLetterPayload.safeParse(command.payload);
  if (!payload.success) return null;
  const p = payload.data;
  const result = command.status === 'applied' ? ReserveLetterResult.safeParse(command.result) : null;
  return {
    id: p.id,
    number: result?.success ? result.data.number : null,
    year: result?.success ? result.data.year : null,
    state: command.status === 'pending' ? 'pending' : command.status === 'rejected' ? 'rejected' : 'reserved',
    subject: p.subject,
    recipient: p.recipient,
    departmentId: p.departmentId,
    departmentName: departmentName(db, p.departmentId),
    handlingOfficer: p.handlingOfficer,
    dispatchMethod: p.dispatchMethod,
    yourReference: p.yourReference,
    dossier: p.dossier,
    requestedByName,
    date: command.createdAt,
    sentAt: null,
    cancelledAt: null,
    cancelReason: null,
    problem: command.status === 'rejected' ? command.message : null,
    pendingAction: null,
  };
}

/** Overlay pending/rejected cancel and markSent commands on the views (by letter id). */
export function overlayActions(views: LetterView[], commands: readonly OutboxCommand[]): LetterView[] {
  const byId = new Map(views.map((v) => [v.id, v]));
  // commands are newest first: the first one seen for a letter wins
  const seen = new Set<string>();
  for (const c of commands) {
    if (c.type !== LETTER_COMMANDS.cancel && c.type !== LETTER_COMMANDS.markSent) continue;
    const id = typeof c.payload.id === 'string' ? c.payload.id : '';
    const view = byId.get(id);
    if (!view || seen.has(id)) continue;
    seen.add(id);
    if (c.status === 'pending') view.pendingAction = c.type === LETTER_COMMANDS.cancel ? 'cancel' : 'markSent';
    else if (c.status === 'rejected') view.problem = c.message;
  }
  return views;
}

export function sortViews(views: LetterView[]): LetterView[] {
  return views.sort((a, b) => {
    if ((a.number === null) !== (b.number === null)) return a.number === null ? -1 : 1;
    if (a.number && b.number) return b.number.localeCompare(a.number);
    return b.date.localeCompare(a.date);
  });
}
