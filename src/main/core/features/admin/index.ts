/**
 * Beheer in the core: ONLINE ONLY and NOTHING ON DISK, like citizen lookup. Each call is forwarded
 * to the backend's /api/v1/admin routes (which check the `admin` role of the same municipality and
 * write the admin log) and its answer returned as is. Offline the call fails with `offline`.
 */
import { AccountList, AdminAccount, AdminLogPage, AdminSourceRun, AdminSources, PeopleList, type AdminSourceOutcome } from '../../../../shared/domain/admin.js';
import { BackendError } from '../../sync/http.js';
import { defineFeature, type FeatureContext } from '../types.js';

const base = '/api/v1/admin';
const path = (id: string, what = '') => `${base}/accounts/${encodeURIComponent(id)}${what}`;

/** Query values as strings, without the undefined ones. */
function query(values: Record<string, string | number | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
}

function online<T>(ctx: FeatureContext, call: () => Promise<T>): Promise<T> {
  ctx.requireUser();
  return call();
}

const REFUSALS = ['not_runnable', 'mass_removal', 'source_unreachable'] as const;

/** A source preview / run: its outcome, or why the backend could not run it (a sentence, not a failure of the call). */
async function sourceOutcome(call: () => Promise<AdminSourceRun>): Promise<AdminSourceOutcome> {
  try {
    return { ok: true, run: await call() };
  } catch (err) {
    const reason = err instanceof BackendError ? REFUSALS.find((r) => r === err.apiCode) : undefined;
    if (err instanceof BackendError && reason) return { ok: false, reason, detail: err.message.slice(0, 500) };
    throw err;
  }
}

export const adminFeature = defineFeature({
  name: 'admin',
  migrations: [],
  collections: {},
  handlers: (ctx) => ({
    'admin.accounts': ({ q, limit, offset }) => online(ctx, () => ctx.backend.request('GET', `${base}/accounts`, { query: query({ q, limit, offset }), schema: AccountList })),
    'admin.account': ({ id }) => online(ctx, () => ctx.backend.request('GET', path(id), { schema: AdminAccount })),
    'admin.setRoles': ({ id, roles }) => online(ctx, () => ctx.backend.request('POST', path(id, '/roles'), { body: { roles }, schema: AdminAccount })),
    'admin.setDeputy': ({ id, deputyId }) => online(ctx, () => ctx.backend.request('POST', path(id, '/deputy'), { body: { deputyId }, schema: AdminAccount })),
    'admin.setDisabled': ({ id, disabled }) => online(ctx, () => ctx.backend.request('POST', path(id, '/disabled'), { body: { disabled }, schema: AdminAccount })),
    'admin.log': ({ before, limit }) => online(ctx, () => ctx.backend.request('GET', `${base}/log`, { query: query({ before, limit }), schema: AdminLogPage })),
    'admin.people': ({ q, limit }) => online(ctx, () => ctx.backend.request('GET', `${base}/people`, { query: query({ q, limit }), schema: PeopleList })),
    'admin.sources': () => online(ctx, () => ctx.backend.request('GET', `${base}/sources`, { schema: AdminSources })),
    'admin.previewSource': ({ name }) =>
      online(ctx, () => sourceOutcome(() => ctx.backend.request('POST', `${base}/sources/${encodeURIComponent(name)}/preview`, { body: {}, schema: AdminSourceRun }))),
    'admin.runSource': ({ name, allowMassRemoval }) =>
      online(ctx, () => sourceOutcome(() => ctx.backend.request('POST', `${base}/sources/${encodeURIComponent(name)}/run`, { body: { allowMassRemoval }, schema: AdminSourceRun }))),
  }),
});
