/**
 * Citizen lookup (lokaal burgerbestand): ONLINE ONLY, never synced, never cached, never logged on
 * the desktop. Every search and detail view is logged on the server with its purpose.
 * Runs anywhere: imports only zod and shared files.
 *
 * Wire (HTTP, JSON; POST so queries stay out of URLs and access logs):
 *   POST /api/v1/citizens/search        CitizenSearch          -> CitizenSearchResult  (population)
 *   POST /api/v1/citizens/:id/view      CitizenViewRequest     -> CitizenDetail        (population)
 *   POST /api/v1/citizens/audit/lookup  CitizenAuditLookup     -> CitizenAuditEntry[]  (dpo)
 *   GET  /api/v1/citizens/audit.csv?from=&to=                  -> text/csv             (dpo)
 *   GET  /api/v1/citizens/audit/export?from=&to=               -> { filename, content } (dpo)
 * Refusals: 403 forbidden (role), 400 invalid_input (no purpose, bad national number),
 * 429 rate_limited (too many lookups; `retryAfterSeconds`).
 */
import { z } from 'zod';
import { IsoDate } from './time.js';

export { IsoDate };
import { parseInsz } from '../format/insz.js';
import { Id } from './directory.js';


/** A national number as typed; validated with the mod-97 rules (both centuries, BIS). */
export const NationalNumberInput = z.string().max(20).superRefine((value, ctx) => {
  const r = parseInsz(value);
  if (!r.ok) ctx.addIssue({ code: 'custom', message: `national number: ${r.message}`, params: { insz: r.code } });
});

/** Why the lookup is done: a purpose or a dossier reference is mandatory. */
export const LookupReason = z
  .object({
    purpose: z.string().trim().max(300).default(''),
    dossier: z.string().trim().max(100).default(''),
  })
  .refine((r) => r.purpose.length >= 3 || r.dossier.length >= 1, {
    message: 'A purpose (at least 3 characters) or a dossier reference is required for every lookup',
    path: ['purpose'],
  });
export type LookupReason = z.infer<typeof LookupReason>;

export const CitizenQuery = z.discriminatedUnion('by', [
  z
    .object({
      by: z.literal('name'),
      lastName: z.string().trim().min(2).max(80),
      firstName: z.string().trim().max(80).default(''),
      birthDate: IsoDate.nullable().default(null),
    })
    .strict(),
  z
    .object({
      by: z.literal('address'),
      street: z.string().trim().min(2).max(120),
      houseNumber: z.string().trim().max(12).default(''),
      postcode: z.string().regex(/^\d{4}$/).nullable().default(null),
    })
    .strict(),
  z.object({ by: z.literal('nationalNumber'), nationalNumber: NationalNumberInput }).strict(),
]);
export type CitizenQuery = z.infer<typeof CitizenQuery>;

export const CitizenSearch = z.object({ query: CitizenQuery, reason: LookupReason }).strict();
export type CitizenSearch = z.input<typeof CitizenSearch>;

/** A list row: the minimum to tell people apart. Never the national number. */
export const CitizenSummary = z.object({
  id: Id,
  lastName: z.string(),
  firstNames: z.string(),
  birthDate: IsoDate.nullable(),
  /** "8970 Poperinge" */
  locality: z.string(),
});
export type CitizenSummary = z.infer<typeof CitizenSummary>;

export const MAX_CITIZEN_RESULTS = 25;
export const CitizenSearchResult = z.object({
  items: z.array(CitizenSummary).max(MAX_CITIZEN_RESULTS),
  /** More matched than shown: refine the search. */
  truncated: z.boolean(),
});
export type CitizenSearchResult = z.infer<typeof CitizenSearchResult>;

export const Sex = z.enum(['M', 'F', 'X']);
export const CivilStatus = z.enum(['single', 'married', 'legal_cohabitation', 'divorced', 'widowed']);
export type CivilStatus = z.infer<typeof CivilStatus>;

export const Address = z.object({
  street: z.string(),
  houseNumber: z.string(),
  box: z.string().nullable(),
  postcode: z.string(),
  municipality: z.string(),
});
export type Address = z.infer<typeof Address>;

export const HouseholdMember = z.object({
  id: Id,
  lastName: z.string(),
  firstNames: z.string(),
  relation: z.enum(['reference', 'partner', 'child', 'parent', 'other']),
});

/** The detail view: only the fields the role may see are present (the rest omitted). */
export const CitizenDetail = z.object({
  id: Id,
  lastName: z.string(),
  firstNames: z.string(),
  birthDate: IsoDate.nullable(),
  birthPlace: z.string().optional(),
  sex: Sex.optional(),
  nationality: z.string().optional(),
  address: Address.optional(),
  civilStatus: CivilStatus.optional(),
  household: z.array(HouseholdMember).optional(),
  occupation: z.string().nullable().optional(),
  deathDate: IsoDate.nullable().optional(),
  /** "YY.MM.DD-SSS.CC"; only for the role population_nrn. */
  nationalNumber: z.string().optional(),
  /** The field names shown (what the audit log recorded). */
  fields: z.array(z.string()),
});
export type CitizenDetail = z.infer<typeof CitizenDetail>;

export const CitizenViewRequest = z.object({ reason: LookupReason }).strict();

export const AuditAction = z.enum(['search', 'view']);
export const CitizenAuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  userId: Id,
  username: z.string(),
  action: AuditAction,
  /** The query as JSON text (for searches), or null. */
  query: z.string().nullable(),
  citizenIds: z.array(Id),
  fields: z.array(z.string()),
  purpose: z.string(),
  dossier: z.string(),
});
export type CitizenAuditEntry = z.infer<typeof CitizenAuditEntry>;

/** DPO: who looked at this citizen (by id or by national number, as the citizen asks). */
export const CitizenAuditLookup = z
  .object({ citizenId: Id.optional(), nationalNumber: NationalNumberInput.optional() })
  .strict()
  .refine((v) => (v.citizenId ? 1 : 0) + (v.nationalNumber ? 1 : 0) === 1, { message: 'Give a citizen id or a national number' });

export const AuditPeriod = z
  .object({ from: IsoDate, to: IsoDate })
  .strict()
  .refine((p) => p.from <= p.to, { message: '`from` must not be after `to`' });
