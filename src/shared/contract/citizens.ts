/**
 * Citizen lookup: contract methods (renderer <-> desktop core). ONLINE ONLY: the core forwards each
 * call to the backend and returns the answer without writing anything to disk; offline it answers
 * `offline`. The renderer keeps results in component memory only.
 */
import { z } from 'zod';
import {
  AuditPeriod,
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
  'citizens.auditExport': { input: AuditPeriod, output: z.object({ filename: z.string(), content: z.string() }) },
} as const;
