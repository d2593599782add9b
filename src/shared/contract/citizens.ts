/**
 * Citizen lookup: contract methods (renderer <-> desktop core). ONLINE ONLY: the core forwards each
 * call to the backend and returns the answer without writing anything to disk; offline it answers
 * `offline`. The renderer keeps results in component memory only.
 */
import { z } from 'zod';
import { ExportLang } from '../domain/exports.js';
import {
  IsoDate,
  CitizenAuditEntry,
  CitizenAuditLookup,
  CitizenDetail,
  CitizenQuery,
  CitizenSearchResult,
  LookupReason,
} from '../domain/citizens.js';
import { Id } from '../domain/directory.js';

export const citizensContract = {
  'citizens.search': { input: z.object({ query: CitizenQuery, reason: LookupReason }).strict(), output: CitizenSearchResult },
  'citizens.view': { input: z.object({ id: Id, reason: LookupReason }).strict(), output: CitizenDetail },
  /** DPO: who looked at a citizen. */
  'citizens.audit': { input: CitizenAuditLookup, output: z.array(CitizenAuditEntry) },
  /** DPO: the lookup log of a period as CSV. */
  /** The log of a period as CSV, in `lang` (default Dutch). */
  'citizens.auditExport': {
    input: z
      .object({ from: IsoDate, to: IsoDate, lang: ExportLang.optional() })
      .strict()
      .refine((p) => p.from <= p.to, { message: '`from` must not be after `to`' }),
    output: z.object({ filename: z.string(), content: z.string() }),
  },
} as const;
