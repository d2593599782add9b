/**
 * Letter numbers in the core. Reserving is an outbox command (`letters.reserve` with a client-made
 * UUID): offline it waits and the screens show it as pending ("number follows"); the server's
 * answer (onCommandResult) triggers `letters.numberAssigned`, which the shell turns into a
 * notification. Synced rows: own letters, or the municipality's register for the secretariat.
 */
import { stmt } from '../../cache/statements.js';
import { randomUUID } from 'node:crypto';
import { Letter, LETTER_COMMANDS, ReserveLetterResult } from '../../../../shared/domain/letters.js';
import type { LetterView } from '../../../../shared/contract/letters.js';
import { PopError, type EventPayload } from '../../../../shared/ipc/contract.js';
import { z } from 'zod';
import { defineFeature, type CacheDb, type FeatureContext } from '../types.js';
import { lettersMigrations } from './migrations.js';
import { cachedLetter, fromLetter, fromReserveCommand, overlayActions, sortViews } from './views.js';

/** The emitter of the core that owns a cache connection (one core per cache; tests run several). */
const emitters = new WeakMap<CacheDb, FeatureContext['emit']>();

const Export = z.object({ filename: z.string(), content: z.string() });

function emitLater(db: CacheDb, payload: EventPayload<'letters.numberAssigned'>): void {
  const emit = emitters.get(db);
  // after the transaction that stores the answer has committed
  if (emit) setImmediate(() => emit('letters.numberAssigned', payload));
}

export const lettersFeature = defineFeature({
  name: 'letters',
  migrations: lettersMigrations,
  collections: {
    letters: {
      upsert(db, row) {
        stmt(db,
          `INSERT INTO letters (id, year, sequence, requested_by, status, data) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT(id) DO UPDATE SET year = excluded.year, sequence = excluded.sequence, requested_by = excluded.requested_by, status = excluded.status, data = excluded.data`,
        ).run(row.id, row.year, row.sequence, row.requestedBy, row.status, JSON.stringify(row));
      },
      delete(db, id) {
        stmt(db, 'DELETE FROM letters WHERE id = ?').run(id);
      },
      clear(db) {
        db.exec('DELETE FROM letters');
      },
    },
  },
  onCommandResult(db, command, result) {
    if (command.type === LETTER_COMMANDS.reserve) {
      const subject = typeof command.payload.subject === 'string' ? command.payload.subject : '';
      const id = typeof command.payload.id === 'string' ? command.payload.id : '';
      if (result.status === 'applied') {
        const parsed = ReserveLetterResult.safeParse(result.result);
        emitLater(db, { id, number: parsed.success ? parsed.data.number : null, subject, rejected: null });
      } else {
        emitLater(db, { id, number: null, subject, rejected: result.message });
      }
      return;
    }
    // a cancel or "sent" the server applied: show it at once, the next pull confirms it
    if (result.status === 'applied' && (command.type === LETTER_COMMANDS.cancel || command.type === LETTER_COMMANDS.markSent)) {
      const letter = typeof command.payload.id === 'string' ? cachedLetter(db, command.payload.id) : null;
      if (!letter) return;
      const next: Letter =
        command.type === LETTER_COMMANDS.cancel
          ? { ...letter, status: 'cancelled', cancelledAt: new Date().toISOString(), cancelReason: String(command.payload.reason ?? '') }
          : { ...letter, status: 'sent', sentAt: new Date().toISOString() };
      db.prepare('UPDATE letters SET status = ?, data = ? WHERE id = ?').run(next.status, JSON.stringify(next), next.id);
    }
  },
  handlers: (ctx) => {
    emitters.set(ctx.db, ctx.emit);

    function views(filter: (v: LetterView, requestedBy: string | null) => boolean, userName: string): LetterView[] {
      const rows = ctx.db.prepare('SELECT data FROM letters').all() as { data: string }[];
      const letters = rows.map((r) => Letter.parse(JSON.parse(r.data)));
      const out = letters.map((l) => ({ view: fromLetter(ctx.db, l), by: l.requestedBy as string | null }));
      const known = new Set(letters.map((l) => l.id));
      const commands = ctx.commands({ limit: 1000 });
      const owners = new Map((ctx.db.prepare('SELECT id, user_id FROM letter_requests').all() as { id: string; user_id: string }[]).map((r) => [r.id, r.user_id]));
      for (const c of commands) {
        if (c.type !== LETTER_COMMANDS.reserve) continue;
        const view = fromReserveCommand(ctx.db, c, userName);
        if (view && !known.has(view.id)) {
          known.add(view.id);
          out.push({ view, by: owners.get(view.id) ?? null });
        }
      }
      return sortViews(overlayActions(out.filter((o) => filter(o.view, o.by)).map((o) => o.view), commands));
    }

    function find(id: string): LetterView {
      const user = ctx.requireUser();
      const secretariat = user.roles.includes('secretariat');
      const view = views((v, by) => v.id === id && (secretariat || by === user.id), user.displayName)[0];
      if (!view) throw new PopError('not_found', `No letter ${id}`);
      return view;
    }

    return {
      'letters.mine': ({ limit }) => {
        const user = ctx.requireUser();
        return views((_v, by) => by === user.id, user.displayName).slice(0, limit);
      },
      'letters.reserve': (draft) => {
        const user = ctx.requireUser();
        const id = randomUUID();
        ctx.enqueue(LETTER_COMMANDS.reserve, { id, ...draft }, (db) => {
          db.prepare('INSERT INTO letter_requests (id, user_id) VALUES (?, ?)').run(id, user.id);
        });
        return find(id);
      },
      'letters.cancel': ({ id, reason }) => {
        const view = find(id);
        if (view.state === 'cancelled' || view.pendingAction === 'cancel') throw new PopError('conflict', 'This number is already cancelled');
        if (view.state === 'sent') throw new PopError('conflict', 'A sent letter cannot be cancelled');
        if (view.state === 'rejected') throw new PopError('conflict', 'This reservation was refused: there is no number to cancel');
        ctx.enqueue(LETTER_COMMANDS.cancel, { id, reason });
        return find(id);
      },
      'letters.markSent': ({ id }) => {
        const view = find(id);
        if (view.state !== 'reserved' && view.state !== 'pending') throw new PopError('conflict', 'Only a reserved number can be marked as sent');
        ctx.enqueue(LETTER_COMMANDS.markSent, { id });
        return find(id);
      },
      'letters.register': ({ year, status, offset, limit }) => {
        const user = ctx.requireUser();
        if (!user.roles.includes('secretariat')) throw new PopError('forbidden', 'The letter register is for the secretariat');
        const all = views((v) => v.year === year && v.number !== null, user.displayName).sort((a, b) => a.number!.localeCompare(b.number!));
        const sequences = new Set(all.map((v) => Number(v.number!.slice(5))));
        const max = Math.max(0, ...sequences);
        const gaps: number[] = [];
        for (let i = 1; i <= max && gaps.length < 100; i++) if (!sequences.has(i)) gaps.push(i);
        const filtered = status ? all.filter((v) => v.state === status) : all;
        return { total: filtered.length, gaps, items: filtered.slice(offset, offset + limit) };
      },
      'letters.exportCsv': async ({ year, lang }) => {
        const user = ctx.requireUser();
        if (!user.roles.includes('secretariat')) throw new PopError('forbidden', 'The letter register is for the secretariat');
        return ctx.backend.request('GET', '/api/v1/letters/register', { query: { year: String(year), ...(lang ? { lang } : {}) }, schema: Export });
      },
    };
  },
});
