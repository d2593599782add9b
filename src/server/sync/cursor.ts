/**
 * The opaque pull cursor: base64url JSON of { e: server epoch, s: scope version, x: xid, q: seq },
 * during a sync from scratch also f: the log position the sync started at (tombstones before it
 * are of rows this client never had: not sent), and n: the changes left (progress estimate).
 * Opaque to the client; only this module reads it. A cursor that does not parse is a 400.
 */
import { z } from 'zod';
import { HttpError } from '../http/errors.js';

const CursorData = z.object({
  e: z.string().min(1).max(64),
  s: z.string().min(1).max(64),
  x: z.string().regex(/^\d{1,20}$/),
  q: z.number().int().nonnegative(),
  f: z.string().regex(/^\d{1,20}$/).optional(),
  n: z.number().int().nonnegative().optional(),
});
export type CursorData = z.infer<typeof CursorData>;

export function encodeCursor(c: CursorData): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeCursor(raw: string): CursorData {
  try {
    return CursorData.parse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
  } catch {
    throw new HttpError(400, 'invalid_cursor', 'The sync cursor is not one this server gave out: pull without cursor');
  }
}
