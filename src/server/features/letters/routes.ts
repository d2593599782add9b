/**
 * GET /api/v1/letters/register.csv?year=2026   the secretariat's register as CSV: every number of
 * the municipality for that year in order, with its state (cancelled ones included).
 */
import { z } from 'zod';
import { LETTER_CSV_COLUMNS } from '../../../shared/domain/letters.js';
import type { RouteContext } from '../types.js';
import type { FastifyInstance } from 'fastify';
import { toCsv } from './csv.js';
import { letterNumber } from './store.js';
import type { LetterTables } from './tables.js';

export function lettersRoutes(_app: FastifyInstance, ctx: RouteContext): void {
  ctx.route(
    {
      method: 'GET',
      url: '/api/v1/letters/register.csv',
      summary: 'The letter register of a year as CSV (secretariat)',
      tags: ['letters'],
      auth: ['secretariat'],
      query: z.object({ year: z.coerce.number().int().min(2000).max(2999) }).strict(),
      produces: 'text/csv',
    },
    async ({ query, user, reply }) => {
      const rows = await ctx.db
        .withTables<LetterTables>()
        .selectFrom('letters')
        .leftJoin('departments', 'departments.id', 'letters.department_id')
        .selectAll('letters')
        .select('departments.name as department_name')
        .where('letters.municipality_id', '=', user.municipalityId)
        .where('letters.year', '=', query.year)
        .orderBy('letters.sequence')
        .execute();
      const csv = toCsv(
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
      reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="briefregister-${user.municipalityId}-${query.year}.csv"`);
      reply.header('cache-control', 'no-store');
      return reply.send(csv);
    },
  );
}
