/**
 * GET /api/v1/letters/register.csv?year=2026   the secretariat's register as CSV: every number of
 * the municipality for that year in order, with its state (cancelled ones included).
 * GET /api/v1/letters/register?year=2026       the same as JSON { filename, content } (desktop core)
 */
import { z } from 'zod';
import type { RouteContext } from '../types.js';
import type { FastifyInstance } from 'fastify';
import { ExportLang } from '../../../shared/domain/exports.js';
import { excelDateTime, toCsv } from './csv.js';
import { letterNumber } from './store.js';
import type { LetterTables } from './tables.js';

/** Column headers and coded values of the register in the user's language (the columns of LETTER_CSV_COLUMNS, in that order). */
const LETTER_CSV_TEXT: Record<ExportLang, { headers: string[]; status: Record<string, string>; dispatch: Record<string, string>; file: string }> = {
  nl: {
    headers: ['Nummer', 'Gereserveerd op', 'Status', 'Onderwerp', 'Bestemmeling', 'Dienst', 'Behandelaar', 'Verzendwijze', 'Uw kenmerk', 'Dossier', 'Aangevraagd door', 'Verzonden op', 'Geannuleerd op', 'Reden van annulering'],
    status: { reserved: 'gereserveerd', sent: 'verzonden', cancelled: 'geannuleerd' },
    dispatch: { post: 'post', registered: 'aangetekend', email: 'e-mail' },
    file: 'briefregister',
  },
  fr: {
    headers: ['Numéro', 'Réservé le', 'Statut', 'Objet', 'Destinataire', 'Service', 'Agent traitant', 'Mode d’envoi', 'Votre référence', 'Dossier', 'Demandé par', 'Envoyé le', 'Annulé le', 'Motif de l’annulation'],
    status: { reserved: 'réservé', sent: 'envoyé', cancelled: 'annulé' },
    dispatch: { post: 'poste', registered: 'recommandé', email: 'e-mail' },
    file: 'registre-courrier',
  },
  en: {
    headers: ['Number', 'Reserved on', 'Status', 'Subject', 'Recipient', 'Department', 'Handling officer', 'Dispatch method', 'Your reference', 'Dossier', 'Requested by', 'Sent on', 'Cancelled on', 'Reason for cancelling'],
    status: { reserved: 'reserved', sent: 'sent', cancelled: 'cancelled' },
    dispatch: { post: 'post', registered: 'registered mail', email: 'e-mail' },
    file: 'letter-register',
  },
};

async function registerCsv(ctx: RouteContext, municipalityId: string, year: number, lang: ExportLang = 'nl'): Promise<{ filename: string; content: string }> {
  const text = LETTER_CSV_TEXT[lang];
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
    text.headers,
    rows.map((r) => [
      letterNumber(r),
      excelDateTime(r.reserved_at),
      text.status[r.status] ?? r.status,
      r.subject,
      r.recipient,
      r.department_name ?? r.department_id,
      r.handling_officer,
      text.dispatch[r.dispatch_method] ?? r.dispatch_method,
      r.your_reference,
      r.dossier,
      r.requested_by_name,
      excelDateTime(r.sent_at),
      excelDateTime(r.cancelled_at),
      r.cancel_reason,
    ]),
  );
  return { filename: `${text.file}-${municipalityId}-${year}.csv`, content };
}

const YearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2999), lang: ExportLang.optional() }).strict();

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
      const { filename, content } = await registerCsv(ctx, user.municipalityId, query.year, query.lang);
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
      return registerCsv(ctx, user.municipalityId, query.year, query.lang);
    },
  );
}
