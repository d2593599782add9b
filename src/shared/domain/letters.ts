/**
 * Outgoing letter numbers (briefnummers): "2026/00042", per municipality and year, restarting at 1,
 * handed out by the server only, never deleted or reused (a cancelled number stays as cancelled).
 * Runs anywhere: imports only zod and shared files.
 *
 * Wire: the desktop reserves through the outbox (commands below); the server syncs the collection
 * `letters` (the user's own letters; the secretariat gets all of its municipality) and serves
 *   GET /api/v1/letters/register.csv?year=   CSV of the register (secretariat)
 */
import { z } from 'zod';
import { Id } from './directory.js';

export const DispatchMethod = z.enum(['post', 'registered', 'email']);
export type DispatchMethod = z.infer<typeof DispatchMethod>;

export const LetterStatus = z.enum(['reserved', 'sent', 'cancelled']);
export type LetterStatus = z.infer<typeof LetterStatus>;

/** "2026/00042": year + 5-digit sequence. */
export const LetterNumber = z.string().regex(/^\d{4}\/\d{5}$/, 'letter number: YYYY/NNNNN expected');

export function formatLetterNumber(year: number, sequence: number): string {
  return `${year}/${String(sequence).padStart(5, '0')}`;
}

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable();

/** What the user fills in to reserve a number. */
export const LetterDraft = z
  .object({
    subject: text(200),
    recipient: text(200),
    departmentId: Id,
    /** The contact person named on the letter (required by law). */
    handlingOfficer: text(120),
    dispatchMethod: DispatchMethod,
    /** "Uw kenmerk": the recipient's reference. */
    yourReference: optionalText(100),
    /** Linked dossier reference. */
    dossier: optionalText(100),
  })
  .strict();
export type LetterDraft = z.infer<typeof LetterDraft>;

/** A client-chosen UUID: the same id on a replay returns the same number. */
export const LetterId = z.string().uuid();

/** Outbox commands (type -> payload). */
export const ReserveLetterPayload = LetterDraft.extend({ id: LetterId }).strict();
export const CancelLetterPayload = z.object({ id: LetterId, reason: text(300) }).strict();
export const MarkLetterSentPayload = z.object({ id: LetterId }).strict();
export const LETTER_COMMANDS = { reserve: 'letters.reserve', cancel: 'letters.cancel', markSent: 'letters.markSent' } as const;

/** The server's answer to letters.reserve (also on a replay). */
export const ReserveLetterResult = z.object({ id: LetterId, number: LetterNumber, year: z.number().int(), sequence: z.number().int().positive() });
export type ReserveLetterResult = z.infer<typeof ReserveLetterResult>;

/** A letter as synced to the desktop (the collection `letters`). */
export const Letter = z.object({
  id: LetterId,
  municipalityId: Id,
  number: LetterNumber,
  year: z.number().int().min(2000).max(2999),
  sequence: z.number().int().positive(),
  /** ISO date-time the server handed the number out. */
  reservedAt: z.string(),
  subject: z.string(),
  recipient: z.string(),
  departmentId: Id,
  handlingOfficer: z.string(),
  dispatchMethod: DispatchMethod,
  yourReference: z.string().nullable(),
  dossier: z.string().nullable(),
  status: LetterStatus,
  requestedBy: Id,
  requestedByName: z.string(),
  sentAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
});
export type Letter = z.infer<typeof Letter>;

export const LETTER_CSV_COLUMNS = [
  'number',
  'reservedAt',
  'status',
  'subject',
  'recipient',
  'department',
  'handlingOfficer',
  'dispatchMethod',
  'yourReference',
  'dossier',
  'requestedBy',
  'sentAt',
  'cancelledAt',
  'cancelReason',
] as const;
