/**
 * Every error answer of the backend is `{ error, message }` (ApiError in protocol.ts) with the
 * right status. Throw an HttpError from a route or preHandler; the error handler (app.ts) maps it.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string): HttpError => new HttpError(400, 'invalid_input', message);
export const notFound = (message = 'Not found'): HttpError => new HttpError(404, 'not_found', message);
