/**
 * Push: each command in its own transaction together with its stored outcome under
 * (user, client id, seq). A replay returns the stored outcome and changes nothing; a rejection
 * rolls the handler's writes back, is stored, and does not stop the commands after it.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Command, CommandResult, PushRequest } from '../../shared/sync/protocol.js';
import type { ServerDatabase } from '../db/open.js';
import type { ScopeWithVersion } from '../auth/scope.js';
import { describeZodError } from '../http/route.js';
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
  for (const command of request.commands) {
    results.push(await applyOne({ ...ctx, now: ctx.now() }, request.clientId, command));
  }
  return results;
}

function toResult(seq: number, outcome: CommandOutcome): CommandResult {
  return outcome.status === 'applied'
    ? { seq, status: 'applied', result: outcome.result }
    : { seq, status: 'rejected', reason: outcome.reason, message: outcome.message };
}

async function stored(trx: Trx | ServerDatabase['kysely'], userId: string, clientId: string, seq: number): Promise<CommandResult | null> {
  const row = await trx
    .selectFrom('sync_commands')
    .select(['status', 'result'])
    .where('user_id', '=', userId)
    .where('client_id', '=', clientId)
    .where('seq', '=', seq)
    .executeTakeFirst();
  if (!row) return null;
  const value = JSON.parse(row.result) as Record<string, unknown>;
  return row.status === 'applied'
    ? { seq, status: 'applied', result: value }
    : { seq, status: 'rejected', reason: String(value.reason), message: String(value.message) };
}

async function store(trx: Trx, userId: string, clientId: string, command: Command, outcome: CommandOutcome, now: Date): Promise<void> {
  const result = outcome.status === 'applied' ? outcome.result : { reason: outcome.reason, message: outcome.message };
  await trx
    .insertInto('sync_commands')
    .values({ user_id: userId, client_id: clientId, seq: command.seq, type: command.type, status: outcome.status, result: JSON.stringify(result), applied_at: now.toISOString() })
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
      const previous = await stored(trx, user.id, clientId, command.seq);
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
    if (err instanceof Rejected) return storeRejection(ctx, clientId, command, err.outcome).catch(() => internalError(ctx, command, err));
    // The same command applied concurrently (a replay racing the original): answer what was stored.
    const raced = await stored(db, user.id, clientId, command.seq).catch(() => null);
    if (raced) return raced;
    return internalError(ctx, command, err);
  }
}

/** A server bug or database failure: answered, logged (type only, no payload), never stored. */
function internalError(ctx: Ctx, command: Command, err: unknown): CommandResult {
  // Name and code only: a database message can quote the values (personal data) it refused.
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
  ctx.log.error({ type: command.type, error: err instanceof Error ? err.name : 'unknown', code }, 'command failed');
  return { seq: command.seq, status: 'rejected', reason: 'internal_error', message: 'Er ging iets mis op de server. Probeer later opnieuw.' };
}

async function storeRejection(ctx: Ctx, clientId: string, command: Command, outcome: CommandOutcome): Promise<CommandResult> {
  const user = ctx.scope.user;
  try {
    return await ctx.database.kysely.transaction().execute(async (trx) => {
      const previous = await stored(trx, user.id, clientId, command.seq);
      if (previous) return previous;
      await store(trx, user.id, clientId, command, outcome, ctx.now);
      return toResult(command.seq, outcome);
    });
  } catch (err) {
    const raced = await stored(ctx.database.kysely, user.id, clientId, command.seq).catch(() => null);
    if (raced) return raced;
    throw err;
  }
}
