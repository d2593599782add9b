/**
 * Reading a publication: an http(s) URL (with a time limit and a size limit, redirects followed by
 * fetch) or a local file (same size limit). Returns the bytes; errors say what failed, never the body.
 */
import { stat, readFile } from 'node:fs/promises';

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

export class SourceReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceReadError';
  }
}

export interface ReadOptions {
  timeoutMs?: number;
  maxBytes?: number;
}

export const isUrl = (s: string): boolean => /^https?:\/\//i.test(s);

/** The bytes of a URL or a file; SourceReadError when it cannot be had within the limits. */
export async function readSource(location: string, options: ReadOptions = {}): Promise<Uint8Array> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!isUrl(location)) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) throw new SourceReadError(`Only http(s) URLs or local files can be read, not ${location.split(':')[0]}:`);
    let size: number;
    try {
      size = (await stat(location)).size;
    } catch (err) {
      throw new SourceReadError(`Cannot read ${location}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    if (size > maxBytes) throw new SourceReadError(`${location} is ${size} bytes, more than the limit of ${maxBytes}`);
    return new Uint8Array(await readFile(location));
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  const where = safeUrl(location);
  let res: Response;
  try {
    res = await fetch(location, { signal, redirect: 'follow', headers: { accept: 'text/html, text/calendar, application/xhtml+xml;q=0.9, */*;q=0.1' } });
  } catch (err) {
    throw new SourceReadError(signal.aborted ? `${where}: no answer within ${timeoutMs / 1000} s` : `${where}: ${describe(err)}`);
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new SourceReadError(`${where} answered HTTP ${res.status}`);
  }
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw new SourceReadError(`${where} is ${declared} bytes, more than the limit of ${maxBytes}`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    const reader = res.body?.getReader();
    while (reader) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new SourceReadError(`${where} sent more than the limit of ${maxBytes} bytes`);
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof SourceReadError) throw err;
    throw new SourceReadError(signal.aborted ? `${where}: not complete within ${timeoutMs / 1000} s` : `${where}: ${describe(err)}`);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** The URL without user info or query (a feed URL may carry a token). */
export function safeUrl(u: string): string {
  try {
    const url = new URL(u);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return 'the URL';
  }
}

function describe(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}

/** UTF-8 text of a publication (a BOM is dropped); MeetingFormatError-worthy when it is not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}
