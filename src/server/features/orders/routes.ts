/**
 * Attachments of a saved order (online only; the desktop never caches their content):
 *   POST /api/v1/orders/:id/attachments                 JSON { filename, contentBase64 }: PDF, PNG or
 *        JPEG by their first bytes (415 otherwise), at most ATTACHMENT_MAX_BYTES (413), at most 20 per
 *        order (409); by the requester, the head or finance while the order is open. 201 + metadata.
 *   GET  /api/v1/orders/:id/attachments/:attachmentId   { id, filename, mimeType, contentBase64 } for
 *        the order's participants (requester, head of department, finance of the municipality).
 * The content is stored in the backend database (base64 text, portable); the metadata goes into the
 * order's synced row in the same transaction. Messages are nl-BE: the app shows them as they are.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Id } from '../../../shared/domain/directory.js';
import { ATTACHMENT_MAX_BYTES, AttachmentContent, AttachmentUpload, OrderAttachment, sniffAttachmentType } from '../../../shared/domain/orders.js';
import { HttpError } from '../../http/errors.js';
import type { RouteContext, SessionUser, Trx } from '../types.js';
import { isOpenOrder } from './machine.js';
import { getOrder, putOrder, type StoredOrder } from './store.js';
import type { OrderTables } from './tables.js';

/** Largest JSON body: the base64 of the largest file plus room for the name and the envelope. */
const UPLOAD_BODY_LIMIT = Math.ceil((ATTACHMENT_MAX_BYTES * 4) / 3) + 16 * 1024;
const MAX_ATTACHMENTS = 20;
const MB = (bytes: number) => (bytes / (1024 * 1024)).toLocaleString('nl-BE', { maximumFractionDigits: 1 });
const TOO_LARGE = `Deze bijlage is te groot: een bijlage is hoogstens ${MB(ATTACHMENT_MAX_BYTES)} MB.`;

const Params = z.object({ id: Id });
const UPLOAD_URL = /^\/api\/v1\/orders\/[^/?]+\/attachments(?:\?|$)/;
const DownloadParams = z.object({ id: Id, attachmentId: Id });

function isParticipant(user: SessionUser, stored: StoredOrder): boolean {
  if (stored.order.municipalityId !== user.municipalityId) return false;
  if (user.roles.includes('finance')) return true;
  return !!user.personId && (stored.order.requesterId === user.personId || stored.headId === user.personId);
}

async function participantOrder(trx: Trx, user: SessionUser, id: string): Promise<StoredOrder> {
  const stored = await getOrder(trx, id);
  if (!stored || !isParticipant(user, stored)) throw new HttpError(404, 'not_found', 'Deze bestelbon bestaat niet (meer) of is niet voor u bestemd.');
  return stored;
}

export function ordersRoutes(app: FastifyInstance, ctx: RouteContext): void {
  // Refuse an oversized upload from its declared length, before reading it, with a clear message
  // (past the route's bodyLimit Fastify would answer a generic 413).
  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (request.method !== 'POST' || !UPLOAD_URL.test(request.url)) return;
    const declared = Number(request.headers['content-length'] ?? '0');
    if (declared > UPLOAD_BODY_LIMIT) throw new HttpError(413, 'attachment_too_large', TOO_LARGE);
  });

  ctx.route(
    {
      method: 'POST',
      url: '/api/v1/orders/:id/attachments',
      summary: 'Attach a PDF, PNG or JPEG (base64) to an order',
      tags: ['orders'],
      auth: true,
      params: Params,
      body: AttachmentUpload,
      response: OrderAttachment,
      bodyLimit: UPLOAD_BODY_LIMIT,
      errors: { 404: 'not_found', 409: 'order_closed / too_many_attachments', 413: 'attachment_too_large', 415: 'unsupported_attachment_type' },
    },
    async ({ params, body, user, reply }) => {
      const bytes = Buffer.from(body.contentBase64, 'base64');
      if (bytes.length === 0) throw new HttpError(400, 'invalid_input', 'Deze bijlage is leeg.');
      if (bytes.length > ATTACHMENT_MAX_BYTES) throw new HttpError(413, 'attachment_too_large', TOO_LARGE);
      const mimeType = sniffAttachmentType(bytes);
      if (!mimeType) throw new HttpError(415, 'unsupported_attachment_type', 'Alleen PDF-, PNG- en JPEG-bestanden kunnen als bijlage; dit bestand is geen van die drie.');
      const now = ctx.now();
      const meta = await ctx.db.transaction().execute(async (trx) => {
        const stored = await participantOrder(trx, user, params.id);
        const order = stored.order;
        if (!isOpenOrder(order.status)) throw new HttpError(409, 'order_closed', `Bestelbon ${order.number} is afgesloten: er kunnen geen bijlagen meer bij.`);
        if (order.attachments.length >= MAX_ATTACHMENTS) throw new HttpError(409, 'too_many_attachments', `Een bestelbon heeft hoogstens ${MAX_ATTACHMENTS} bijlagen.`);
        const attachment = OrderAttachment.parse({
          id: `att-${randomUUID()}`,
          filename: body.filename,
          mimeType,
          sizeBytes: bytes.length,
          uploadedAt: now.toISOString(),
          uploadedByName: user.displayName,
        });
        await trx
          .withTables<OrderTables>()
          .insertInto('order_attachments')
          .values({
            id: attachment.id,
            order_id: order.id,
            municipality_id: order.municipalityId,
            filename: attachment.filename,
            mime_type: mimeType,
            size_bytes: bytes.length,
            content_base64: bytes.toString('base64'),
            uploaded_by: user.id,
            uploaded_at: attachment.uploadedAt,
          })
          .execute();
        // The draft's author keeps building on their own copy: an upload is not a competing edit.
        await putOrder(trx, { ...order, attachments: [...order.attachments, attachment] }, stored.headId, now, stored.draftClient);
        return attachment;
      });
      reply.code(201);
      return meta;
    },
  );

  ctx.route(
    {
      method: 'GET',
      url: '/api/v1/orders/:id/attachments/:attachmentId',
      summary: "An order's attachment (its participants only)",
      tags: ['orders'],
      auth: true,
      params: DownloadParams,
      response: AttachmentContent,
      errors: { 404: 'not_found' },
    },
    async ({ params, user }) =>
      ctx.db.transaction().execute(async (trx) => {
        await participantOrder(trx, user, params.id);
        const row = await trx
          .withTables<OrderTables>()
          .selectFrom('order_attachments')
          .select(['id', 'filename', 'mime_type', 'content_base64'])
          .where('id', '=', params.attachmentId)
          .where('order_id', '=', params.id)
          .executeTakeFirst();
        if (!row) throw new HttpError(404, 'not_found', 'Deze bijlage bestaat niet (meer).');
        return AttachmentContent.parse({ id: row.id, filename: row.filename, mimeType: row.mime_type, contentBase64: row.content_base64 });
      }),
  );
}
