/**
 * The append-only lookup log: every search and detail view, written in the same transaction that
 * read the data (no answer without its log line). Also the per-user rate limit, counted from the
 * log itself so it holds across several backend processes and restarts.
 */
import { sql } from 'kysely';
import type { CitizenAuditEntry, LookupReason } from '../../../shared/domain/citizens.js';
import { dialectOf } from '../../db/dialect.js';
import { HttpError } from '../../http/errors.js';
import type { Db, SessionUser, Trx } from '../types.js';
import type { CitizenTables, LookupLogRow } from './tables.js';

/** Lookups (searches + detail views) per user per rolling minute. */
export const LOOKUPS_PER_MINUTE = 30;

export interface LogEntry {
  user: SessionUser;
  action: 'search' | 'view';
  query: unknown;
  citizenIds: readonly string[];
  fields: readonly string[];
  reason: LookupReason;
  at: Date;
}

export async function writeLog(trx: Trx, entry: LogEntry): Promise<void> {
  await trx
    .withTables<CitizenTables>()
    .insertInto('citizen_lookup_log')
    .values({
      at: entry.at.toISOString(),
      user_id: entry.user.id,
      username: entry.user.username,
      municipality_id: entry.user.municipalityId,
      action: entry.action,
      query: entry.query === null ? null : JSON.stringify(entry.query),
      citizen_ids: JSON.stringify(entry.citizenIds),
      fields: JSON.stringify(entry.fields),
      purpose: entry.reason.purpose,
      dossier: entry.reason.dossier,
    })
    .execute();
}

/**
 * 429 when the user already did LOOKUPS_PER_MINUTE lookups in the last minute. Call inside the
 * transaction that writes the log line: on PostgreSQL a per-user advisory lock (held until commit)
 * makes concurrent lookups of one user count one after the other, so the limit is exact; SQLite
 * has one writer at a time anyway.
 */
export async function checkRateLimit(trx: Trx, user: SessionUser, now: Date): Promise<void> {
  if (dialectOf(trx) === 'postgres') await sql`SELECT pg_advisory_xact_lock(hashtext(${`citizen-lookups:${user.id}`}))`.execute(trx);
  const db = trx;
  const since = new Date(now.getTime() - 60_000);
  const rows = await db
    .withTables<CitizenTables>()
    .selectFrom('citizen_lookup_log')
    .select(['at'])
    .where('user_id', '=', user.id)
    .where('at', '>', since.toISOString())
    .orderBy('at')
    .limit(LOOKUPS_PER_MINUTE)
    .execute();
  if (rows.length >= LOOKUPS_PER_MINUTE) {
    const retryAfterSeconds = Math.max(1, Math.ceil((Date.parse(rows[0]!.at) + 60_000 - now.getTime()) / 1000));
    throw new HttpError(
      429,
      'rate_limited',
      `Too many citizen lookups: at most ${LOOKUPS_PER_MINUTE} per minute. Try again in ${retryAfterSeconds} s.`,
      { retryAfterSeconds },
    );
  }
}

export function entry(row: LookupLogRow): CitizenAuditEntry {
  return {
    id: Number(row.id),
    at: row.at,
    userId: row.user_id,
    username: row.username,
    action: row.action as 'search' | 'view',
    query: row.query,
    citizenIds: JSON.parse(row.citizen_ids) as string[],
    fields: JSON.parse(row.fields) as string[],
    purpose: row.purpose,
    dossier: row.dossier,
  };
}

/** Every log line of the municipality that returned or opened this citizen, newest first. */
export async function whoLookedAt(db: Db, municipalityId: string, citizenId: string): Promise<CitizenAuditEntry[]> {
  const pattern = `%${JSON.stringify(citizenId).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db
    .withTables<CitizenTables>()
    .selectFrom('citizen_lookup_log')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where(sql<boolean>`citizen_ids LIKE ${pattern} ESCAPE '\\'`)
    .orderBy('id', 'desc')
    .execute();
  // LIKE narrows, JSON decides (an id that is a substring of another never matches).
  return rows.map(entry).filter((e) => e.citizenIds.includes(citizenId));
}

/** The log from day `from` to day `to` (UTC days, or the instants of `range`: e.g. Brussels days). */
export async function logOfPeriod(db: Db, municipalityId: string, from: string, to: string, range?: { start: string; end: string }): Promise<CitizenAuditEntry[]> {
  const start = range?.start ?? `${from}T00:00:00.000Z`;
  const end = range?.end ?? new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString();
  const rows = await db
    .withTables<CitizenTables>()
    .selectFrom('citizen_lookup_log')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('at', '>=', start)
    .where('at', '<', end)
    .orderBy('id')
    .execute();
  return rows.map(entry);
}
