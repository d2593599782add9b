/**
 * The core's HTTP client of the backend (Node fetch). Every request carries the protocol header
 * and, when signed in, the bearer token; every answer is size-capped, parsed and validated with
 * the protocol's zod schemas. Failures become a `BackendError` with a code the status can show:
 * offline (network), unauthenticated (401), forbidden, not_found, conflict, protocol_mismatch,
 * bad_response (malformed or hostile payload), server_error.
 */
import { createHash, randomUUID } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { z } from 'zod';
import { PopError, type ErrorCode } from '../../../shared/ipc/contract.js';
import { ApiError, CLIENT_VERSION_HEADER, PROTOCOL_HEADER, PROTOCOL_VERSION, REQUEST_ID_HEADER } from '../../../shared/sync/protocol.js';
import { describeZodError } from '../../../shared/validation.js';
import type { BackendClient } from '../features/types.js';

export type BackendErrorReason =
  | 'offline'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'invalid_request'
  | 'protocol_mismatch'
  | 'bad_response'
  | 'server_error';

const POP_CODE: Record<BackendErrorReason, ErrorCode> = {
  offline: 'offline',
  unauthenticated: 'unauthenticated',
  forbidden: 'forbidden',
  not_found: 'not_found',
  conflict: 'conflict',
  invalid_request: 'invalid_input',
  protocol_mismatch: 'conflict',
  bad_response: 'internal',
  server_error: 'internal',
};

export class BackendError extends PopError {
  constructor(
    readonly reason: BackendErrorReason,
    message: string,
    readonly status: number | null = null,
    /** The x-request-id this call carried: the backend logs the same id for it. */
    readonly requestId: string | null = null,
    /** The backend's own error code (`error` of its JSON answer), when it sent one. */
    readonly apiCode: string | null = null,
  ) {
    super(POP_CODE[reason], message);
    this.name = 'BackendError';
  }
}

/** Largest answer we read (a full pull page of 2000 rows is far below). */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

export interface HttpClientOptions {
  /** The backend's base URL (a function: the demo backend's port is known only after it starts). */
  baseUrl(): string;
  token(): string | null;
  timeoutMs?: number;
  /** This app's version, sent so the server can refuse a client that is too old (426). */
  clientVersion?: string;
  /** Told after every request whether the backend could be reached. */
  reachability?(online: boolean): void;
}

function reasonOf(status: number): BackendErrorReason {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 426) return 'protocol_mismatch';
  if (status >= 400 && status < 500) return 'invalid_request';
  return 'server_error';
}

async function readCapped(response: Response): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_RESPONSE_BYTES) throw new BackendError('bad_response', `The server's answer is too large (${declared} bytes)`);
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_RESPONSE_BYTES) {
      await reader.cancel();
      throw new BackendError('bad_response', `The server's answer is too large (over ${MAX_RESPONSE_BYTES} bytes)`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Refuse an answer that is not 2xx, with the backend's own message when it sent one. */
function refuse(response: Response, text: string, requestId: string): BackendError {
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    return new BackendError(reasonOf(response.status), `The server answered ${response.status} with malformed JSON`, response.status, requestId);
  }
  const apiError = ApiError.safeParse(json);
  const detail = apiError.success ? apiError.data.message : `HTTP ${response.status}`;
  return new BackendError(reasonOf(response.status), detail.slice(0, 300), response.status, requestId, apiError.success ? apiError.data.error : null);
}

export function createHttpClient(options: HttpClientOptions): BackendClient {
  /** One call: the URL, the headers (protocol, version, token, request id) and the fetch. */
  async function send(method: string, path: string, query: Record<string, string> | undefined, body: unknown, accept: string, timeoutMs: number): Promise<{ response: Response; requestId: string }> {
    const base = options.baseUrl().replace(/\/+$/, '');
    if (!base) throw new BackendError('offline', 'No backend yet (the demo backend is starting)');
    const url = new URL(base + path);
    for (const [key, value] of Object.entries(query ?? {})) url.searchParams.set(key, value);
    const headers: Record<string, string> = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), accept };
    if (options.clientVersion) headers[CLIENT_VERSION_HEADER] = options.clientVersion;
    const token = options.token();
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    // One id per call, logged by the backend for the same request (and by the core when it fails).
    const requestId = randomUUID();
    headers[REQUEST_ID_HEADER] = requestId;
    try {
      const response = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
      return { response, requestId };
    } catch (err) {
      options.reachability?.(false);
      const why = err instanceof Error && err.name === 'TimeoutError' ? 'timed out' : 'could not be reached';
      throw new BackendError('offline', `The server ${why}`, null, requestId);
    }
  }

  return {
    async download(path, { query, file, maxBytes, onHeaders }) {
      // A large file: the timeout covers the whole transfer, so it is generous (a slow office line).
      const { response, requestId } = await send('GET', path, query, undefined, 'application/octet-stream', Math.max(options.timeoutMs ?? 15_000, 300_000));
      if (!response.ok) {
        const text = await readCapped(response).catch(() => '');
        options.reachability?.(true);
        throw refuse(response, text, requestId);
      }
      const declared = Number(response.headers.get('content-length') ?? '0');
      if (declared > maxBytes) {
        await response.body?.cancel();
        throw new BackendError('bad_response', `The server's file is too large (${declared} bytes)`, response.status, requestId);
      }
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
      onHeaders?.(headers);
      const hash = createHash('sha256');
      const out = await open(file, 'w');
      let bytes = 0;
      let pending: Uint8Array[] = [];
      let pendingBytes = 0;
      // One write in flight while the next piece arrives: a disk busy writing back (measured here:
      // 40 to 210 ms for the same 60 MB) then costs the download little more than the transfer.
      let writing: Promise<unknown> = Promise.resolve();
      const flush = async () => {
        if (pendingBytes === 0) return;
        const data = Buffer.concat(pending, pendingBytes);
        pending = [];
        pendingBytes = 0;
        await writing;
        const write = out.write(data);
        // Handled here, thrown where it is awaited (the next piece, or the end).
        write.catch(() => undefined);
        writing = write;
      };
      try {
        if (response.body) {
          const reader = response.body.getReader();
          for (;;) {
            let chunk: Awaited<ReturnType<typeof reader.read>>;
            try {
              chunk = await reader.read();
            } catch {
              options.reachability?.(false);
              throw new BackendError('offline', 'The connection to the server broke off during the download', null, requestId);
            }
            if (chunk.done) break;
            bytes += chunk.value.byteLength;
            if (bytes > maxBytes) {
              await reader.cancel();
              throw new BackendError('bad_response', `The server's file is too large (over ${maxBytes} bytes)`, response.status, requestId);
            }
            hash.update(chunk.value);
            pending.push(chunk.value);
            pendingBytes += chunk.value.byteLength;
            // Written in large pieces: one write per 64 KiB chunk of a 60 MB file costs more than the transfer.
            if (pendingBytes >= 4 * 1024 * 1024) await flush();
          }
          await flush();
        }
        await writing;
      } finally {
        // A write that failed is thrown by `await writing` above; after an error elsewhere it is moot.
        await writing.catch(() => undefined);
        await out.close();
      }
      options.reachability?.(true);
      return { bytes, sha256: hash.digest('hex'), headers };
    },

    async request(method, path, { body, query, schema }) {
      const { response, requestId } = await send(method, path, query, body, 'application/json', options.timeoutMs ?? 15_000);
      let text: string;
      try {
        text = await readCapped(response);
      } catch (err) {
        if (err instanceof BackendError) throw err;
        // The answer was cut halfway (the server died, a proxy dropped the connection): that is the
        // network failing, not a bad answer — offline, with backoff.
        options.reachability?.(false);
        throw new BackendError('offline', 'The connection to the server broke off during the answer');
      }
      options.reachability?.(true);
      if (!response.ok) throw refuse(response, text, requestId);
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : {};
      } catch {
        throw new BackendError('bad_response', `The server answered ${response.status} with malformed JSON`, response.status, requestId);
      }
      const parsed = (schema as z.ZodType<unknown>).safeParse(json);
      if (!parsed.success) {
        throw new BackendError('bad_response', `The server sent an invalid answer to ${method} ${path}: ${describeZodError(parsed.error)}`, response.status, requestId);
      }
      return parsed.data as never;
    },
  };
}
