/**
 * HTTP routes of the Beheer screen (role `admin`, own municipality only). The route helper checks
 * the role before anything is read (403) and validates every input with zod (400 invalid_input);
 * the service (accounts.ts) checks role and municipality again and writes the admin log.
 *
 *   GET  /api/v1/admin/accounts?q=&limit=&offset=   find accounts (username, name, e-mail)
 *   GET  /api/v1/admin/accounts/:id                 one account
 *   POST /api/v1/admin/accounts/:id/roles           { roles }        set the roles
 *   POST /api/v1/admin/accounts/:id/deputy          { deputyId }     set or clear the deputy
 *   POST /api/v1/admin/accounts/:id/disabled        { disabled }     disable (ends sessions) / enable
 *   GET  /api/v1/admin/log?before=&limit=&target=   the admin log, newest first, paged
 *   GET  /api/v1/admin/people?q=&limit=             deputy candidates (people of the municipality)
 *   GET  /api/v1/admin/sources                      directory sources and their last run
 *   POST /api/v1/admin/sources/:name/preview        what a run would change (names), nothing written
 *   POST /api/v1/admin/sources/:name/run            { allowMassRemoval }  run it now (admin log)
 */
import { z } from 'zod';
import {
  AccountList,
  AccountQuery,
  AdminAccount,
  AdminLogPage,
  AdminLogQuery,
  AdminSourceRun,
  AdminSources,
  PeopleList,
  RunSourceInput,
  SourceName,
  PeopleQuery,
  SetDeputy,
  SetDisabled,
  SetRoles,
} from '../../shared/domain/admin.js';
import { Id } from '../../shared/domain/directory.js';
import type { SessionUser } from '../../shared/sync/protocol.js';
import type { Db } from '../features/types.js';
import { HttpError } from '../http/errors.js';
import type { RouteHelper } from '../http/route.js';
import { adminSources, runAdminSource, SourceRunRefused } from './sources.js';
import { AdminError, adminLog, getAccount, listAccounts, searchPeople, setDeputy, setDisabled, setRoles, type Actor } from './accounts.js';

const STATUS: Record<AdminError['code'], number> = { forbidden: 403, not_found: 404, invalid: 400, conflict: 409 };

const actorOf = (user: SessionUser): Actor => ({ name: user.username, municipalityId: user.municipalityId, roles: user.roles, userId: user.id });

async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof AdminError) throw new HttpError(STATUS[err.code], err.code === 'invalid' ? 'invalid_input' : err.code, err.message);
    if (err instanceof SourceRunRefused) throw new HttpError(err.status, err.code, err.message);
    throw err;
  }
}

const ById = z.object({ id: Id }).strict();
const ERRORS = { 403: 'Role admin of the same municipality required', 404: 'No such account' };

export function registerAdminRoutes(route: RouteHelper, ctx: { db: Db; now(): Date }): void {
  const { db } = ctx;
  const tags = ['admin'];

  route({ method: 'GET', url: '/api/v1/admin/accounts', summary: 'Find accounts of the own municipality', tags, auth: ['admin'], query: AccountQuery, response: AccountList, errors: ERRORS }, async ({ query, user, reply }) => {
    reply.header('cache-control', 'no-store');
    return mapped(() => listAccounts(db, actorOf(user), query));
  });

  route({ method: 'GET', url: '/api/v1/admin/accounts/:id', summary: 'One account: roles, deputy, disabled', tags, auth: ['admin'], params: ById, response: AdminAccount, errors: ERRORS }, async ({ params, user, reply }) => {
    reply.header('cache-control', 'no-store');
    return mapped(() => getAccount(db, actorOf(user), { id: params.id }));
  });

  route(
    { method: 'POST', url: '/api/v1/admin/accounts/:id/roles', summary: "Set an account's roles (logged)", tags, auth: ['admin'], params: ById, body: SetRoles, response: AdminAccount, errors: { ...ERRORS, 409: 'Own admin role' } },
    async ({ params, body, user }) => mapped(() => setRoles(db, actorOf(user), { id: params.id }, body.roles, ctx.now())),
  );

  route(
    { method: 'POST', url: '/api/v1/admin/accounts/:id/deputy', summary: "Set or clear an account's deputy for approvals (logged)", tags, auth: ['admin'], params: ById, body: SetDeputy, response: AdminAccount, errors: ERRORS },
    async ({ params, body, user }) => mapped(() => setDeputy(db, actorOf(user), { id: params.id }, body.deputyId, ctx.now())),
  );

  route(
    { method: 'POST', url: '/api/v1/admin/accounts/:id/disabled', summary: 'Disable (ends its sessions) or enable an account (logged)', tags, auth: ['admin'], params: ById, body: SetDisabled, response: AdminAccount, errors: { ...ERRORS, 409: 'Own account' } },
    async ({ params, body, user }) => mapped(() => setDisabled(db, actorOf(user), { id: params.id }, body.disabled, ctx.now())),
  );

  route({ method: 'GET', url: '/api/v1/admin/log', summary: 'The admin log of the own municipality, newest first', tags, auth: ['admin'], query: AdminLogQuery, response: AdminLogPage, errors: ERRORS }, async ({ query, user, reply }) => {
    reply.header('cache-control', 'no-store');
    return mapped(() => adminLog(db, actorOf(user), query));
  });

  route({ method: 'GET', url: '/api/v1/admin/people', summary: 'Deputy candidates: people of the own municipality', tags, auth: ['admin'], query: PeopleQuery, response: PeopleList, errors: ERRORS }, async ({ query, user, reply }) => {
    reply.header('cache-control', 'no-store');
    return mapped(() => searchPeople(db, actorOf(user), query.q, query.limit));
  });

  route({ method: 'GET', url: '/api/v1/admin/sources', summary: 'Directory sources of the own municipality with their last run', tags, auth: ['admin'], query: z.object({}).strict(), response: AdminSources, errors: ERRORS }, async ({ user, reply }) => {
    reply.header('cache-control', 'no-store');
    return mapped(() => adminSources(db, actorOf(user)));
  });

  const RUN_ERRORS = { 403: 'Role admin of the same municipality required', 404: 'No such source', 409: 'not_runnable or mass_removal', 502: 'The source could not be read (nothing changed)' };
  route({ method: 'POST', url: '/api/v1/admin/sources/:name/preview', summary: 'What a run of this source would change (nothing is written)', tags, auth: ['admin'], params: SourceName, body: z.object({}).strict(), response: AdminSourceRun, errors: RUN_ERRORS }, async ({ params, user, reply }) => {
    reply.header('cache-control', 'no-store');
    return mapped(() => runAdminSource(db, actorOf(user), params.name, { dryRun: true, now: ctx.now }));
  });
  route({ method: 'POST', url: '/api/v1/admin/sources/:name/run', summary: 'Run this source now (a full run; the 20 % guard applies unless allowed)', tags, auth: ['admin'], params: SourceName, body: RunSourceInput, response: AdminSourceRun, errors: RUN_ERRORS }, async ({ params, body, user, reply }) => {
    reply.header('cache-control', 'no-store');
    return mapped(() => runAdminSource(db, actorOf(user), params.name, { dryRun: false, allowMassRemoval: body.allowMassRemoval, now: ctx.now }));
  });
}
