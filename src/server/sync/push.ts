/**
 * Push: each command in its own transaction together with its stored outcome under
 * (user, client id, seq) and a hash of its content. Three kinds of answer:
 *   applied   stored; a replay (same seq, same content) returns it and changes nothing
 *   rejected  a rule said no: the handler's writes are rolled back, the rejection is stored
 *             (final) and does not stop the commands after it
 *   retry     not decided, nothing stored: a passing database fault (the commands after it are
 *             not attempted, so their order is kept), a server bug (the next ones go on), or the
 *             seq already names another command of this client (`client_seq_reused`)
 */
import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { RETRY_REASONS, type Command, type CommandResult, type PushRequest } from '../../shared/sync/protocol.js';
import { errorShape, isTransientDbError, UNAVAILABLE_MESSAGE } from '../db/errors.js';
import type { ServerDatabase } from '../db/open.js';
import type { ScopeWithVersion } from '../auth/scope.js';
import { describeZodError } from '../../shared/validation.js';
import { reject } from '../features/define.js';
import type { CommandHandler, CommandOutcome, ServerFeature, Trx } from '../features/types.js';

export function commandMap(features: readonly ServerFeature[]): Map<string, CommandHandler> {
  const map = new Map<string, CommandHandler>();
  for (const f of features) {
    for (const [type, handler] of Object.entries(f.commands)) {
      if (!type.startsWith(`${f.name}.`)) throw new Error(`Command ${type} of feature ${f.name} must start with "${f.name}."`);
      if (map.has(type)) throw new Error(`Command ${type} is defined twice`);
      map.set(type, handler);
    }
  }
  return map;
}

class Rejected extends Error {
  constructor(readonly outcome: CommandOutcome) {
    super('rejected');
  }
}

interface Ctx {
  database: ServerDatabase;
  handlers: Map<string, CommandHandler>;
  scope: ScopeWithVersion;
  now: Date;
  log: FastifyBaseLogger;
}

export async function push(ctx: Omit<Ctx, 'now'> & { now: () => Date }, request: PushRequest): Promise<CommandResult[]> {
  const results: CommandResult[] = [];
  let unavailable = false;
  for (const command of request.commands) {
    if (unavailable) {
      results.push(retry(command.seq, RETRY_REASONS.notAttempted, UNAVAILABLE_MESSAGE));
      continue;
    }
    const result = await applyOne({ ...ctx, now: ctx.now() }, request.clientId, command);
    if (result.status === 'retry' && result.reason === RETRY_REASONS.unavailable) unavailable = true;
    results.push(result);
  }
  return results;
}

function retry(seq: number, reason: string, message: string): CommandResult {
  return { seq, status: 'retry', reason, message };
}

/** JSON with sorted keys: the same content hashes the same whatever the key order on the wire. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What a replay must match: the command's type, payload and the time the user did it. */
export function commandHash(command: Pick<Command, 'type' | 'payload' | 'createdAt'>): string {
  return createHash('sha256').update(canonical({ type: command.type, payload: command.payload, createdAt: command.createdAt })).digest('hex');
}

function toResult(seq: number, outcome: CommandOutcome): CommandResult {
  return outcome.status === 'applied'
    ? { seq, status: 'applied', result: outcome.result }
    : { seq, status: 'rejected', reason: outcome.reason, message: outcome.message };
}

const SEQ_REUSED_MESSAGE = 'Deze actie kreeg een volgnummer dat al gebruikt werd (de app werd hersteld van een oudere kopie). De app stuurt ze opnieuw.';

/** The stored answer for this (user, client, seq), or null; `client_seq_reused` when it was another command. */
async function stored(trx: Trx | ServerDatabase['kysely'], userId: string, clientId: string, command: Command): Promise<CommandResult | null> {
  const seq = command.seq;
  const row = await trx
    .selectFrom('sync_commands')
    .select(['status', 'result', 'type', 'command_hash'])
    .where('user_id', '=', userId)
    .where('client_id', '=', clientId)
    .where('seq', '=', seq)
    .executeTakeFirst();
  if (!row) return null;
  const same = row.command_hash === null ? row.type === command.type : row.command_hash === commandHash(command);
  if (!same) return retry(seq, RETRY_REASONS.clientSeqReused, SEQ_REUSED_MESSAGE);
  const value = JSON.parse(row.result) as Record<string, unknown>;
  return row.status === 'applied'
    ? { seq, status: 'applied', result: value }
    : { seq, status: 'rejected', reason: String(value.reason), message: String(value.message) };
}

async function store(trx: Trx, userId: string, clientId: string, command: Command, outcome: CommandOutcome, now: Date): Promise<void> {
  const result = outcome.status === 'applied' ? outcome.result : { reason: outcome.reason, message: outcome.message };
  await trx
    .insertInto('sync_commands')
    .values({
      user_id: userId,
      client_id: clientId,
      seq: command.seq,
      type: command.type,
      status: outcome.status,
      result: JSON.stringify(result),
      applied_at: now.toISOString(),
      command_hash: commandHash(command),
    })
    .execute();
}

/** The outcome decided before any handler runs (unknown type, missing role, bad payload), or null. */
function precheck(ctx: Ctx, command: Command): CommandOutcome | null {
  const handler = ctx.handlers.get(command.type);
  if (!handler) return reject('unknown_command', `Deze actie (${command.type}) is onbekend op de server. Werk de app bij of contacteer de ICT-dienst.`);
  if (handler.roles && !handler.roles.some((r) => ctx.scope.user.roles.includes(r))) {
    return reject('forbidden', 'U hebt niet de nodige rechten voor deze actie.');
  }
  const parsed = handler.payload.safeParse(command.payload);
  if (!parsed.success) return reject('invalid_payload', `De gegevens van deze actie zijn ongeldig: ${describeZodError(parsed.error)}`);
  return null;
}

async function applyOne(ctx: Ctx, clientId: string, command: Command): Promise<CommandResult> {
  const user = ctx.scope.user;
  const db = ctx.database.kysely;
  try {
    return await db.transaction().execute(async (trx) => {
      const previous = await stored(trx, user.id, clientId, command);
      if (previous) return previous;
      let outcome = precheck(ctx, command);
      if (!outcome) {
        const handler = ctx.handlers.get(command.type)!;
        outcome = await handler.handle({
          trx,
          user,
          scope: ctx.scope,
          payload: handler.payload.parse(command.payload),
          now: ctx.now,
          createdAt: command.createdAt,
          clientId,
          seq: command.seq,
          dialect: ctx.database.dialect,
          log: ctx.log,
        });
        // Roll back what the handler wrote; the rejection is stored in a transaction of its own.
        if (outcome.status === 'rejected') throw new Rejected(outcome);
      }
      await store(trx, user.id, clientId, command, outcome, ctx.now);
      return toResult(command.seq, outcome);
    });
  } catch (err) {
    if (err instanceof Rejected) return storeRejection(ctx, clientId, command, err.outcome).catch((e: unknown) => notDecided(ctx, command, e));
    // The same command applied concurrently (a replay racing the original): answer what was stored.
    const raced = await stored(db, user.id, clientId, command).catch(() => null);
    if (raced) return raced;
    return notDecided(ctx, command, err);
  }
}

/**
 * A database fault or a server bug: nothing was stored, the desktop keeps the command and sends it
 * again later. Logged with the type and the error's name and code only (a database message can
 * quote the values, personal data, it refused).
 */
function notDecided(ctx: Ctx, command: Command, err: unknown): CommandResult {
  if (isTransientDbError(err)) {
    ctx.log.warn({ type: command.type, ...errorShape(err) }, 'command not decided: database unavailable');
    return retry(command.seq, RETRY_REASONS.unavailable, UNAVAILABLE_MESSAGE);
  }
  ctx.log.error({ type: command.type, ...errorShape(err) }, 'command failed');
  return retry(command.seq, RETRY_REASONS.internalError, 'Er ging iets mis op de server. De app probeert deze actie later opnieuw.');
}

async function storeRejection(ctx: Ctx, clientId: string, command: Command, outcome: CommandOutcome): Promise<CommandResult> {
  const user = ctx.scope.user;
  try {
    return await ctx.database.kysely.transaction().execute(async (trx) => {
      const previous = await stored(trx, user.id, clientId, command);
      if (previous) return previous;
      await store(trx, user.id, clientId, command, outcome, ctx.now);
      return toResult(command.seq, outcome);
    });
  } catch (err) {
    const raced = await stored(ctx.database.kysely, user.id, clientId, command).catch(() => null);
    if (raced) return raced;
    throw err;
  }
}
