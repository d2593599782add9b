/**
 * Letter numbers: contract methods (renderer <-> desktop core).
 * A reservation goes through the outbox: offline it is shown as `pending` ("number follows")
 * until the server's answer arrives; the core then emits `letters.numberAssigned`.
 */
import { z } from 'zod';
import { Id } from '../domain/directory.js';
import { ExportLang } from '../domain/exports.js';
import { DispatchMethod, LetterDraft, LetterId, LetterNumber, LetterStatus } from '../domain/letters.js';

/** `pending`: waiting in the outbox for its number; `rejected`: the server refused the request. */
export const LetterState = z.enum(['pending', 'reserved', 'sent', 'cancelled', 'rejected']);
export type LetterState = z.infer<typeof LetterState>;

export const LetterView = z.object({
  id: LetterId,
  number: LetterNumber.nullable(),
  year: z.number().int().nullable(),
  state: LetterState,
  subject: z.string(),
  recipient: z.string(),
  departmentId: Id,
  departmentName: z.string().nullable(),
  handlingOfficer: z.string(),
  dispatchMethod: DispatchMethod,
  yourReference: z.string().nullable(),
  dossier: z.string().nullable(),
  requestedByName: z.string(),
  /** Server time of the reservation, or the local time of the request while pending. */
  date: z.string(),
  sentAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  /** Readable refusal (rejected reservation, or a rejected cancel/sent action). */
  problem: z.string().nullable(),
  /** A cancel or "mark sent" still waiting in the outbox. */
  pendingAction: z.enum(['cancel', 'markSent']).nullable(),
});
export type LetterView = z.infer<typeof LetterView>;

export const LetterRegisterInput = z
  .object({
    year: z.number().int().min(2000).max(2999),
    status: LetterStatus.optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(200),
  })
  .strict();

export const LetterNumberAssigned = z.object({ id: LetterId, number: LetterNumber.nullable(), subject: z.string(), rejected: z.string().nullable() });
export type LetterNumberAssigned = z.infer<typeof LetterNumberAssigned>;

export const lettersContract = {
  'letters.mine': { input: z.object({ limit: z.number().int().min(1).max(500).default(200) }).strict(), output: z.array(LetterView) },
  'letters.reserve': { input: LetterDraft, output: LetterView },
  'letters.cancel': { input: z.object({ id: LetterId, reason: z.string().trim().min(3).max(300) }).strict(), output: LetterView },
  'letters.markSent': { input: z.object({ id: LetterId }).strict(), output: LetterView },
  /** Secretariat: every number of the municipality for a year, with its state (from the synced cache). */
  'letters.register': {
    input: LetterRegisterInput,
    output: z.object({ total: z.number().int().nonnegative(), gaps: z.array(z.number().int()), items: z.array(LetterView) }),
  },
  /** Secretariat: the server's CSV of the register (online). */
  'letters.exportCsv': {
    input: z.object({ year: z.number().int().min(2000).max(2999), lang: ExportLang.optional() }).strict(),
    output: z.object({ filename: z.string(), content: z.string() }),
  },
} as const;
