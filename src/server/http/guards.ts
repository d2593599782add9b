/**
 * Request guards and the uniform error answers: protocol version (426), error mapping (never a
 * 500 for bad input; 503 `unavailable` + Retry-After for a passing database fault), 404.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { CLIENT_VERSION_HEADER, PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../shared/sync/protocol.js';
import { HttpError } from './errors.js';
import { compareVersions } from '../../shared/version.js';
import { errorShape, isTransientDbError, UNAVAILABLE_MESSAGE } from '../db/errors.js';

const NO_PROTOCOL_CHECK = new Set(['/api/v1/health', '/api/v1/ready', '/api/v1/openapi.json']);
/** The service API for other systems (features/service-api) is versioned by its path, not by the desktop's sync protocol. */
export const SERVICE_API_PATH = /^\/api\/v1\/requests(\/|$)/;

export function installGuards(app: FastifyInstance, minClientVersion: string | null): void {
  // JSON only: a text/plain body is answered 415, not parsed into a string.
  app.removeContentTypeParser('text/plain');
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0]!;
    if (!path.startsWith('/api/v1/') || NO_PROTOCOL_CHECK.has(path) || SERVICE_API_PATH.test(path)) return;
    const header = request.headers[PROTOCOL_HEADER];
    const clientVersion = request.headers[CLIENT_VERSION_HEADER];
    // One rule with the desktop updater (shared/version.ts: pre-releases sort below their release);
    // a client version that is not a version at all cannot prove it is new enough.
    const tooOld = typeof clientVersion === 'string' && minClientVersion !== null && (compareVersions(clientVersion, minClientVersion) ?? -1) < 0;
    if (header !== String(PROTOCOL_VERSION) || tooOld) {
      const message = tooOld
        ? `This app version (${clientVersion}) is too old for this server: update to ${minClientVersion} or newer.`
        : header === undefined
          ? `Missing ${PROTOCOL_HEADER} header: this server speaks protocol ${PROTOCOL_VERSION}.`
          : `This server speaks protocol ${PROTOCOL_VERSION}, the app speaks ${String(header).slice(0, 10)}: update the app (or the server).`;
      return reply.code(426).send({ error: 'protocol_mismatch', message, serverProtocol: PROTOCOL_VERSION, minClientVersion });
    }
  });

  app.setErrorHandler((err: FastifyError | HttpError, request, reply) => {
    if (err instanceof HttpError) {
      return reply.code(err.statusCode).send({ error: err.code, message: err.message, ...err.extra });
    }
    const status = err.statusCode ?? 500;
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send({ error: 'payload_too_large', message: 'Request body too large' });
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.code(415).send({ error: 'unsupported_media_type', message: 'Send application/json' });
    }
    if (status >= 400 && status < 500) {
      const invalidJson = err instanceof SyntaxError || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY';
      return reply.code(status).send({ error: invalidJson ? 'invalid_json' : 'bad_request', message: invalidJson ? 'Body is not valid JSON' : err.message });
    }
    if (isTransientDbError(err)) {
      // The database restarts, fails over or dropped the connection: try again soon (with jitter,
      // so a whole municipality does not come back in the same second).
      request.log.warn({ err: errorShape(err) }, 'database unavailable');
      return reply
        .code(503)
        .header('retry-after', String(2 + Math.floor(Math.random() * 4)))
        .send({ error: 'unavailable', message: UNAVAILABLE_MESSAGE });
    }
    request.log.error({ err: { name: err.name, code: err.code } }, 'request failed');
    return reply.code(500).send({ error: 'internal', message: 'Internal server error' });
  });

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]!.slice(0, 200)}` });
  });
}
