/**
 * Citizen lookup in the core: ONLINE ONLY and NOTHING ON DISK. Each call is forwarded to the
 * backend and its answer returned as is: no cache table, no outbox, no log line (not even masked:
 * the query itself is personal data), no HTTP cache (Node fetch keeps none). Offline (or backend
 * unreachable) the call fails with `offline`; a 429 becomes `rate_limited`.
 * This feature has no migrations and no synced collections on purpose.
 */
import { z } from 'zod';
import { CitizenAuditEntry, CitizenDetail, CitizenSearchResult } from '../../../../shared/domain/citizens.js';
import { PopError } from '../../../../shared/ipc/contract.js';
import { BackendError } from '../../sync/http.js';
import { defineFeature, type FeatureContext } from '../types.js';

const Export = z.object({ filename: z.string(), content: z.string() });

/** Forward one call; keep the error's code but never its details in any log. */
async function forward<T>(ctx: FeatureContext, call: () => Promise<T>): Promise<T> {
  ctx.requireUser();
  try {
    return await call();
  } catch (err) {
    if (err instanceof BackendError && err.status === 429) throw new PopError('rate_limited', err.message);
    throw err;
  }
}

export const citizensFeature = defineFeature({
  name: 'citizens',
  migrations: [],
  collections: {},
  handlers: (ctx) => ({
    'citizens.search': (input) =>
      forward(ctx, () => ctx.backend.request('POST', '/api/v1/citizens/search', { body: input, schema: CitizenSearchResult })),
    'citizens.view': ({ id, reason }) =>
      forward(ctx, () => ctx.backend.request('POST', `/api/v1/citizens/${encodeURIComponent(id)}/view`, { body: { reason }, schema: CitizenDetail })),
    'citizens.audit': (input) =>
      forward(ctx, () => ctx.backend.request('POST', '/api/v1/citizens/audit/lookup', { body: input, schema: z.array(CitizenAuditEntry) })),
    'citizens.auditExport': ({ from, to, lang }) =>
      forward(ctx, () => ctx.backend.request('GET', '/api/v1/citizens/audit/export', { query: { from, to, ...(lang ? { lang } : {}) }, schema: Export })),
  }),
});
