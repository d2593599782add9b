/**
 * Letter commands (from the desktop outbox), each inside the push transaction:
 *   letters.reserve   the next number of the municipality and year; the same letter id again
 *                     (a replay that missed the push's own idempotency) returns the same number
 *   letters.cancel    with a reason; the number stays in the register as cancelled
 *   letters.markSent  reserved -> sent
 * Own letters only, except the secretariat (any letter of its municipality).
 */
import { CancelLetterPayload, MarkLetterSentPayload, ReserveLetterPayload } from '../../../shared/domain/letters.js';
import { hasRole } from '../../auth/roles.js';
import { applied, defineCommand, reject } from '../define.js';
import type { CommandHandler, CommandOutcome, SessionUser, Trx } from '../types.js';
import { findLetter, letterNumber, reserveLetter, updateLetter, type LetterRow } from './repository.js';

function reservedResult(row: LetterRow): CommandOutcome {
  return applied({ id: row.id, number: letterNumber(row), year: Number(row.year), sequence: Number(row.sequence) });
}

async function ownLetter(trx: Trx, user: SessionUser, id: string): Promise<{ row: LetterRow } | { refused: CommandOutcome }> {
  const row = await findLetter(trx, id);
  if (!row || row.municipality_id !== user.municipalityId) return { refused: reject('not_found', 'Deze brief bestaat niet in uw gemeente.') };
  if (row.requested_by !== user.id && !hasRole(user, 'secretariat')) {
    return { refused: reject('forbidden', 'Alleen wie het nummer aanvroeg of het secretariaat kan deze brief wijzigen.') };
  }
  return { row };
}

export const lettersCommands: Record<string, CommandHandler> = {
  'letters.reserve': defineCommand({
    payload: ReserveLetterPayload,
    async handle({ trx, user, payload, now }) {
      const existing = await findLetter(trx, payload.id);
      if (existing) {
        if (existing.requested_by !== user.id) return reject('duplicate_id', 'Deze aanvraag werd al door iemand anders gebruikt.');
        return reservedResult(existing);
      }
      const department = await trx
        .selectFrom('departments')
        .select('id')
        .where('id', '=', payload.departmentId)
        .where('municipality_id', '=', user.municipalityId)
        .executeTakeFirst();
      if (!department) return reject('unknown_department', 'Deze dienst bestaat niet in uw gemeente.');
      const { id, ...draft } = payload;
      return reservedResult(await reserveLetter(trx, user, id, draft, now));
    },
  }),
  'letters.cancel': defineCommand({
    payload: CancelLetterPayload,
    async handle({ trx, user, payload, now }) {
      const found = await ownLetter(trx, user, payload.id);
      if ('refused' in found) return found.refused;
      const row = found.row;
      if (row.status === 'cancelled') return reject('already_cancelled', `Nummer ${letterNumber(row)} is al geannuleerd.`);
      if (row.status === 'sent') return reject('already_sent', `Brief ${letterNumber(row)} is al verzonden en kan niet meer geannuleerd worden.`);
      await updateLetter(trx, row, { status: 'cancelled', cancelled_at: now.toISOString(), cancel_reason: payload.reason, cancelled_by: user.id });
      return applied({ id: row.id, number: letterNumber(row), status: 'cancelled' });
    },
  }),
  'letters.markSent': defineCommand({
    payload: MarkLetterSentPayload,
    async handle({ trx, user, payload, now }) {
      const found = await ownLetter(trx, user, payload.id);
      if ('refused' in found) return found.refused;
      const row = found.row;
      if (row.status === 'cancelled') return reject('cancelled', `Nummer ${letterNumber(row)} is geannuleerd.`);
      if (row.status === 'sent') return applied({ id: row.id, number: letterNumber(row), status: 'sent' });
      await updateLetter(trx, row, { status: 'sent', sent_at: now.toISOString() });
      return applied({ id: row.id, number: letterNumber(row), status: 'sent' });
    },
  }),
};
