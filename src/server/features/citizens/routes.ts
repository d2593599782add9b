/**
 * Citizen lookup over plain HTTP (never synced). Roles are checked by the route helper BEFORE the
 * body is read (403 for everyone without `population`); the body schema makes the purpose
 * mandatory (400); the rate limit answers 429. Every answer with citizen data is written to the
 * append-only log in the same transaction, and is marked `no-store` for every cache on the way.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  CitizenAuditEntry,
  CitizenAuditLookup,
  CitizenDetail,
  CitizenSearch,
  CitizenSearchResult,
  CitizenViewRequest,
  IsoDate,
} from '../../../shared/domain/citizens.js';
import { Id } from '../../../shared/domain/directory.js';
import { inszDigits } from '../../../shared/format/insz.js';
import { HttpError } from '../../http/errors.js';
import type { RouteContext } from '../types.js';
import { ExportLang } from '../../../shared/domain/exports.js';
import { checkRateLimit, whoLookedAt, writeLog } from './audit.js';
import { auditCsv as buildAuditCsv } from './audit-csv.js';
import { citizenDetail, findCitizen, searchCitizens, SUMMARY_FIELDS, summary } from './lookup.js';
import type { CitizenTables } from './tables.js';

function noStore(reply: FastifyReply): void {
  reply.header('cache-control', 'no-store, max-age=0').header('pragma', 'no-cache');
}

export function citizensRoutes(_app: FastifyInstance, ctx: RouteContext): void {
  ctx.route(
    {
      method: 'POST',
      url: '/api/v1/citizens/search',
      summary: 'Search the population register (logged, purpose required)',
      tags: ['citizens'],
      auth: ['population'],
      body: CitizenSearch,
      response: CitizenSearchResult,
      errors: { 403: 'Role population required', 429: 'Too many lookups' },
    },
    async ({ body, user, reply }) => {
      noStore(reply);
      // A role that may not see national numbers may not search by them either: with the birth
      // date and sex that a name search shows, trying numbers would reveal them (docs/security.md).
      if (body.query.by === 'nationalNumber' && !user.roles.includes('population_nrn')) {
        throw new HttpError(403, 'forbidden', 'Zoeken op rijksregisternummer mag alleen wie rijksregisternummers mag zien (rol population_nrn).');
      }
      const now = ctx.now();
      return ctx.db.transaction().execute(async (trx) => {
        await checkRateLimit(trx, user, now);
        const { rows, truncated } = await searchCitizens(trx, user, body.query);
        await writeLog(trx, { user, action: 'search', query: body.query, citizenIds: rows.map((r) => r.id), fields: SUMMARY_FIELDS, reason: body.reason, at: now });
        return { items: rows.map(summary), truncated };
      });
    },
  );

  ctx.route(
    {
      method: 'POST',
      url: '/api/v1/citizens/:id/view',
      summary: 'Open one citizen: the fields the role may see (logged, purpose required)',
      tags: ['citizens'],
      auth: ['population'],
      params: z.object({ id: Id }),
      body: CitizenViewRequest,
      response: CitizenDetail,
      errors: { 403: 'Role population required', 404: 'No such citizen in this municipality', 429: 'Too many lookups' },
    },
    async ({ params, body, user, reply }) => {
      noStore(reply);
      const now = ctx.now();
      return ctx.db.transaction().execute(async (trx) => {
        await checkRateLimit(trx, user, now);
        const row = await findCitizen(trx, user, params.id);
        if (!row) throw new HttpError(404, 'not_found', 'No such citizen in your municipality');
        const { detail, revealed } = await citizenDetail(trx, user, row);
        await writeLog(trx, { user, action: 'view', query: null, citizenIds: revealed, fields: detail.fields, reason: body.reason, at: now });
        return detail;
      });
    },
  );

  ctx.route(
    {
      method: 'POST',
      url: '/api/v1/citizens/audit/lookup',
      summary: 'Who looked at this citizen (data-protection officer)',
      tags: ['citizens'],
      auth: ['dpo'],
      body: CitizenAuditLookup,
      response: z.array(CitizenAuditEntry),
    },
    async ({ body, user, reply }) => {
      noStore(reply);
      let citizenId = body.citizenId;
      if (body.nationalNumber) {
        const row = await ctx.db
          .withTables<CitizenTables>()
          .selectFrom('citizens')
          .select('id')
          .where('national_number', '=', inszDigits(body.nationalNumber) ?? '')
          .where('municipality_id', '=', user.municipalityId)
          .executeTakeFirst();
        if (!row) throw new HttpError(404, 'not_found', 'No citizen with this national number in your municipality');
        citizenId = row.id;
      }
      return whoLookedAt(ctx.db, user.municipalityId, citizenId!);
    },
  );

  const auditCsv = (municipalityId: string, from: string, to: string, lang?: ExportLang) => buildAuditCsv(ctx.db, municipalityId, from, to, lang);
  /** The period and, optionally, the language of the file. */
  const AuditExportQuery = z
    .object({ from: IsoDate, to: IsoDate, lang: ExportLang.optional() })
    .strict()
    .refine((p) => p.from <= p.to, { message: '`from` must not be after `to`' });

  ctx.route(
    {
      method: 'GET',
      url: '/api/v1/citizens/audit.csv',
      summary: 'The lookup log of a period as CSV (data-protection officer)',
      tags: ['citizens'],
      auth: ['dpo'],
      query: AuditExportQuery,
      produces: 'text/csv',
    },
    async ({ query, user, reply }) => {
      const { filename, content } = await auditCsv(user.municipalityId, query.from, query.to, query.lang);
      noStore(reply);
      reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`);
      return reply.send(content);
    },
  );

  ctx.route(
    {
      method: 'GET',
      url: '/api/v1/citizens/audit/export',
      summary: 'The same CSV wrapped in JSON { filename, content } (for the desktop core)',
      tags: ['citizens'],
      auth: ['dpo'],
      query: AuditExportQuery,
      response: z.object({ filename: z.string(), content: z.string() }),
    },
    async ({ query, user, reply }) => {
      noStore(reply);
      return auditCsv(user.municipalityId, query.from, query.to, query.lang);
    },
  );
}
