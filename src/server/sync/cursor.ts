/**
 * The opaque pull cursor: base64url JSON. Opaque to the client; only this module reads it. A cursor
 * that does not parse is a 400.
 *
 * The log cursor: { e: server epoch, s: scope version, x: xid, q: seq }, during a sync from scratch
 * also f: the log position the sync started at (tombstones before it are of rows this client never
 * had: not sent), and n: the changes left (progress estimate).
 *
 * A sync from scratch served from a shared snapshot (snapshot.ts) first carries one of these:
 *   p 's'  snapshot phase: the shared collections' rows up to the horizon h, read at (x, q) of the
 *          log; k names the view (the same for every user who sees the same rows), no user in it,
 *          so the pages that carry it are the same bytes for all those users.
 *   p 'r'  rest phase: the user's other collections up to h; s is set once the phase started.
 * After the rest phase the log cursor continues from h.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { HttpError } from '../http/errors.js';

const position = { x: z.string().regex(/^\d{1,20}$/), q: z.number().int().nonnegative() };

const CursorData = z
  .object({
    e: z.string().min(1).max(64),
    s: z.string().min(1).max(64),
    ...position,
    f: z.string().regex(/^\d{1,20}$/).optional(),
    n: z.number().int().nonnegative().optional(),
  })
  .strict();
export type CursorData = z.infer<typeof CursorData>;

const phase = {
  e: z.string().min(1).max(64),
  k: z.string().min(1).max(64),
  h: z.string().regex(/^\d{1,20}$/),
  ...position,
  n: z.number().int().nonnegative().optional(),
};
const SnapshotCursor = z.object({ p: z.literal('s'), ...phase }).strict();
const RestCursor = z.object({ p: z.literal('r'), s: z.string().min(1).max(64).optional(), ...phase }).strict();
export type SnapshotCursor = z.infer<typeof SnapshotCursor>;
export type RestCursor = z.infer<typeof RestCursor>;
export type AnyCursor = CursorData | SnapshotCursor | RestCursor;
const AnyCursor = z.union([CursorData, SnapshotCursor, RestCursor]);

export function encodeCursor(c: AnyCursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function invalid(): HttpError {
  return new HttpError(400, 'invalid_cursor', 'The sync cursor is not one this server gave out: pull without cursor');
}

function parse<S extends z.ZodType>(schema: S, raw: string): z.output<S> {
  try {
    return schema.parse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
  } catch {
    throw invalid();
  }
}

/** A log cursor (a snapshot or rest cursor is a 400 here: route those through snapshot.ts). */
export function decodeCursor(raw: string): CursorData {
  return parse(CursorData, raw);
}

/** Any cursor this server gives out. */
export function decodeAnyCursor(raw: string): AnyCursor {
  return parse(AnyCursor, raw);
}

export function isLogCursor(c: AnyCursor): c is CursorData {
  return !('p' in c);
}

/**
 * The log rows after a cursor's position, as a condition on `sync_changes`. Both planners walk the
 * (xid, seq) index in order (SQLite: xid is always 0). No cursor: the whole log.
 */
export function afterCursor(pg: boolean, from: CursorData | null) {
  if (pg) return from ? sql<boolean>`(xid, seq) > (${from.x}::xid8, ${from.q})` : sql<boolean>`1 = 1`;
  return sql<boolean>`xid = 0 AND seq > ${from?.q ?? 0}`;
}
