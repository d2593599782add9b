/**
 * GET /api/v1/letters/register.csv?year=2026   the secretariat's register as CSV: every number of
 * the municipality for that year in order, with its state (cancelled ones included).
 * GET /api/v1/letters/register?year=2026       the same as JSON { filename, content } (desktop core)
 */
import { z } from 'zod';
import { LETTER_CSV_COLUMNS } from '../../../shared/domain/letters.js';
import type { RouteContext } from '../types.js';
import type { FastifyInstance } from 'fastify';
import { toCsv } from './csv.js';
import { letterNumber } from './store.js';
import type { LetterTables } from './tables.js';

async function registerCsv(ctx: RouteContext, municipalityId: string, year: number): Promise<{ filename: string; content: string }> {
  const rows = await ctx.db
    .withTables<LetterTables>()
    .selectFrom('letters')
    .leftJoin('departments', 'departments.id', 'letters.department_id')
    .selectAll('letters')
    .select('departments.name as department_name')
    .where('letters.municipality_id', '=', municipalityId)
    .where('letters.year', '=', year)
    .orderBy('letters.sequence')
    .execute();
  const content = toCsv(
    LETTER_CSV_COLUMNS,
    rows.map((r) => [
      letterNumber(r),
      r.reserved_at,
      r.status,
      r.subject,
      r.recipient,
      r.department_name ?? r.department_id,
      r.handling_officer,
      r.dispatch_method,
      r.your_reference,
      r.dossier,
      r.requested_by_name,
      r.sent_at,
      r.cancelled_at,
      r.cancel_reason,
    ]),
  );
  return { filename: `briefregister-${municipalityId}-${year}.csv`, content };
}

const YearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2999) }).strict();

export function lettersRoutes(_app: FastifyInstance, ctx: RouteContext): void {
  ctx.route(
    {
      method: 'GET',
      url: '/api/v1/letters/register.csv',
      summary: 'The letter register of a year as CSV (secretariat)',
      tags: ['letters'],
      auth: ['secretariat'],
      query: YearQuery,
      produces: 'text/csv',
    },
    async ({ query, user, reply }) => {
      const { filename, content } = await registerCsv(ctx, user.municipalityId, query.year);
      reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).header('cache-control', 'no-store');
      return reply.send(content);
    },
  );
  ctx.route(
    {
      method: 'GET',
      url: '/api/v1/letters/register',
      summary: 'The same CSV wrapped in JSON { filename, content } (for the desktop core)',
      tags: ['letters'],
      auth: ['secretariat'],
      query: YearQuery,
      response: z.object({ filename: z.string(), content: z.string() }),
    },
    async ({ query, user, reply }) => {
      reply.header('cache-control', 'no-store');
      return registerCsv(ctx, user.municipalityId, query.year);
    },
  );
}
