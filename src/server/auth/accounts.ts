/**
 * Local accounts: scrypt password hashes (node:crypto) and opaque session tokens stored hashed.
 */
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { Role, type SessionUser } from '../../shared/sync/protocol.js';
import type { Db, Trx } from '../features/types.js';
import type { UserTable } from '../db/schema.js';
import { forgetSessions } from './session-cache.js';

export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** OWASP's minimum for scrypt (N = 2^17, r = 8, p = 1): 128 MB and a few hundred ms per hash. */
export const SCRYPT_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };
/**
 * Only for the demo accounts, whose password ("demo") is public anyway: a cheap hash keeps the demo
 * and the tests quick. Every other account gets SCRYPT_COST; the cost is stored in each hash.
 */
export const DEMO_SCRYPT_COST: ScryptCost = { N: 2 ** 14, r: 8, p: 1 };
const KEYLEN = 32;
/** Stored hashes with a larger cost than this are refused (a planted hash must not exhaust memory). */
const MAX_N = 2 ** 20;

function scryptAsync(password: string, salt: Buffer, N: number, r: number, p: number, keylen: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keylen, { N, r, p, maxmem: 128 * N * r * p + 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string, cost: ScryptCost = SCRYPT_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, cost.N, cost.r, cost.p, KEYLEN);
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parts = stored?.split('$') ?? [];
  if (parts.length !== 6 || parts[0] !== 'scrypt') {
    // Same work as a real check so a missing account is not faster to answer.
    await scryptAsync(password, Buffer.alloc(16), SCRYPT_COST.N, SCRYPT_COST.r, SCRYPT_COST.p, KEYLEN);
    return false;
  }
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  if (!(Number(n) >= 2 && Number(n) <= MAX_N && Number(r) >= 1 && Number(r) <= 32 && Number(p) >= 1 && Number(p) <= 4)) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scryptAsync(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p), expected.length);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const RolesJson = z.array(Role);

export function toSessionUser(row: Pick<UserTable, 'id' | 'username' | 'display_name' | 'municipality_id' | 'person_id' | 'roles'>): SessionUser {
  let roles: Role[] = [];
  try {
    roles = RolesJson.parse(JSON.parse(row.roles));
  } catch {
    roles = []; // a corrupt roles column gives no rights, never more
  }
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    municipalityId: row.municipality_id,
    personId: row.person_id,
    roles,
  };
}

const USER_COLUMNS = ['id', 'username', 'display_name', 'municipality_id', 'person_id', 'roles', 'password_hash'] as const;

export async function findUser(db: Db | Trx, by: { username: string } | { email: string } | { id: string }): Promise<SessionUser | null> {
  let query = db.selectFrom('users').select(USER_COLUMNS.map((c) => `users.${c}` as const)).where('users.disabled', '=', 0);
  if ('id' in by) query = query.where('users.id', '=', by.id);
  else if ('username' in by) query = query.where('users.username', '=', by.username.toLowerCase());
  else {
    query = query
      .innerJoin('people', 'people.id', 'users.person_id')
      .where((eb) => eb(eb.fn('lower', ['people.email']), '=', by.email.toLowerCase()));
  }
  const row = await query.executeTakeFirst();
  return row ? toSessionUser(row) : null;
}

/** Checks username + password; returns the user or null (never says which of the two was wrong). */
export async function checkLogin(db: Db, username: string, password: string): Promise<SessionUser | null> {
  const row = await db
    .selectFrom('users')
    .select([...USER_COLUMNS, 'disabled'])
    .where('username', '=', username.trim().toLowerCase())
    .executeTakeFirst();
  const ok = await verifyPassword(password, row?.password_hash ?? null);
  if (!row || !ok || row.disabled) return null;
  return toSessionUser(row);
}

export async function createSession(db: Db, userId: string, now: Date): Promise<{ token: string; expiresAt: string }> {
  // Housekeeping: expired sessions are of no use to anyone.
  await db.deleteFrom('sessions').where('expires_at', '<', now.toISOString()).execute();
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS).toISOString();
  await db
    .insertInto('sessions')
    .values({ token_hash: hashToken(token), user_id: userId, created_at: now.toISOString(), expires_at: expiresAt })
    .execute();
  return { token, expiresAt };
}

export async function sessionUserFromToken(db: Db, token: string, now: Date): Promise<SessionUser | null> {
  return (await sessionFromTokenHash(db, hashToken(token), now))?.user ?? null;
}

/** The enabled account of an unexpired local session, with the session's expiry (ISO); by the token's sha256. */
export async function sessionFromTokenHash(db: Db, tokenHash: string, now: Date): Promise<{ user: SessionUser; expiresAt: string } | null> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.username', 'users.display_name', 'users.municipality_id', 'users.person_id', 'users.roles', 'sessions.expires_at'])
    .where('sessions.token_hash', '=', tokenHash)
    .where('users.disabled', '=', 0)
    .executeTakeFirst();
  if (!row || row.expires_at <= now.toISOString()) return null;
  return { user: toSessionUser(row), expiresAt: row.expires_at };
}

/** Ends a local session; true when there was one. */
export async function deleteSession(db: Db, token: string): Promise<boolean> {
  const tokenHash = hashToken(token);
  const res = await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).executeTakeFirst();
  // Committed (one statement): no cached copy of it may answer another request of this process.
  forgetSessions(tokenHash);
  return Number(res.numDeletedRows) > 0;
}
