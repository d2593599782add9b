/**
 * The durable outbox. A command is stored in the same transaction as its optimistic local effect;
 * `pushOutbox` sends pending commands in sequence order with the client id; each answer is stored
 * (with the feature's reaction) in one transaction. A crash between sending and storing the answer
 * just means the command is sent again: the server answers a replay with the stored result.
 *
 * Only `applied` and `rejected` settle a command. A `retry` answer (the server's database was
 * passing away, a server bug) leaves it pending: nothing is lost, it goes out again with backoff.
 * `client_seq_reused` (this data folder was restored from an older copy, so its sequence numbers
 * were used before by other commands) makes the outbox take a new client id and send its queue
 * again under it: the server never answers a new command with an old one's result.
 */
import { stmt } from '../cache/statements.js';
import { randomUUID } from 'node:crypto';
import { MAX_PUSH_COMMANDS, PushResponse, RETRY_REASONS, type Command, type CommandResult } from '../../../shared/sync/protocol.js';
import type { BackendClient, CacheDb, CoreFeature, DecidedResult, OutboxCommand } from '../features/types.js';
import { BackendError } from './http.js';
import { clientId, setState } from './state.js';

interface OutboxRow {
  seq: number;
  type: string;
  payload: string;
  created_at: string;
  status: OutboxCommand['status'];
  result: string | null;
  reason: string | null;
  message: string | null;
}

function toCommand(row: OutboxRow): OutboxCommand {
  return {
    seq: row.seq,
    type: row.type,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    createdAt: row.created_at,
    status: row.status,
    result: row.result ? (JSON.parse(row.result) as Record<string, unknown>) : null,
    reason: row.reason,
    message: row.message,
  };
}

export function enqueueCommand(
  db: CacheDb,
  type: string,
  payload: Record<string, unknown>,
  now: Date,
  localEffect?: (db: CacheDb) => void,
): OutboxCommand {
  return db.transaction(() => {
    const row = stmt(db, 'INSERT INTO core_outbox (type, payload, created_at) VALUES (?, ?, ?) RETURNING *')
      .get(type, JSON.stringify(payload), now.toISOString()) as OutboxRow;
    localEffect?.(db);
    return toCommand(row);
  })();
}

export function pendingCommands(db: CacheDb, limit = MAX_PUSH_COMMANDS): OutboxCommand[] {
  return (stmt(db, "SELECT * FROM core_outbox WHERE status = 'pending' ORDER BY seq LIMIT ?").all(limit) as OutboxRow[]).map(toCommand);
}

export function pendingCount(db: CacheDb): number {
  return (stmt(db, "SELECT count(*) AS n FROM core_outbox WHERE status = 'pending'").get() as { n: number }).n;
}

export function listCommands(db: CacheDb, options: { typePrefix?: string; type?: string; limit?: number }): OutboxCommand[] {
  const rows = stmt(db, 
      `SELECT * FROM core_outbox WHERE (@type IS NULL OR type = @type) AND (@prefix IS NULL OR substr(type, 1, length(@prefix)) = @prefix)
       ORDER BY seq DESC LIMIT @limit`,
    )
    .all({ type: options.type ?? null, prefix: options.typePrefix ?? null, limit: options.limit ?? 100 }) as OutboxRow[];
  return rows.map(toCommand);
}

export function featureOfCommand(features: readonly CoreFeature<never>[], type: string): CoreFeature<never> | undefined {
  return features.find((f) => type.startsWith(`${f.name}.`));
}

/** Store one answer of the server and let the owning feature react, in one transaction. */
export function storeResult(db: CacheDb, features: readonly CoreFeature<never>[], result: DecidedResult, now: Date): boolean {
  return db.transaction(() => {
    const row = stmt(db, "SELECT * FROM core_outbox WHERE seq = ? AND status = 'pending'").get(result.seq) as OutboxRow | undefined;
    if (!row) return false; // unknown or already answered: a replayed answer changes nothing
    if (result.status === 'applied') {
      stmt(db, "UPDATE core_outbox SET status = 'applied', result = ?, answered_at = ? WHERE seq = ?").run(
        JSON.stringify(result.result),
        now.toISOString(),
        result.seq,
      );
    } else {
      stmt(db, "UPDATE core_outbox SET status = 'rejected', reason = ?, message = ?, answered_at = ? WHERE seq = ?").run(
        result.reason,
        result.message,
        now.toISOString(),
        result.seq,
      );
    }
    const command = toCommand(row);
    featureOfCommand(features, command.type)?.onCommandResult?.(db, command, result);
    return true;
  })();
}

export interface PushOutcome {
  sent: number;
  answered: number;
  /** How often the client id was replaced because the server knew its sequence numbers. */
  newClientIds: number;
}

/**
 * Send pending commands (oldest first) until none is left or the server stops answering some.
 * `beforeStore` exists for the crash test: it runs after the server answered and before the answer
 * is stored.
 */
export async function pushOutbox(
  db: CacheDb,
  backend: BackendClient,
  features: readonly CoreFeature<never>[],
  now: () => Date,
  hooks: { beforeStore?: () => void | Promise<void> } = {},
): Promise<PushOutcome> {
  const outcome: PushOutcome = { sent: 0, answered: 0, newClientIds: 0 };
  let id = clientId(db);
  for (;;) {
    const pending = pendingCommands(db);
    if (pending.length === 0) return outcome;
    const commands: Command[] = pending.map((c) => ({ seq: c.seq, type: c.type, payload: c.payload, createdAt: c.createdAt }));
    const response = await backend.request('POST', '/api/v1/sync/push', { body: { clientId: id, commands }, schema: PushResponse });
    outcome.sent += commands.length;
    await hooks.beforeStore?.();
    const asked = new Set(commands.map((c) => c.seq));
    let answered = 0;
    let seqReused = false;
    let later: CommandResult | null = null;
    for (const result of response.results) {
      if (!asked.has(result.seq)) continue; // the server answered something we did not ask: ignore
      if (result.status === 'retry') {
        if (result.reason === RETRY_REASONS.clientSeqReused) seqReused = true;
        else later ??= result;
        continue;
      }
      if (storeResult(db, features, result, now())) answered += 1;
    }
    outcome.answered += answered;
    if (seqReused && outcome.newClientIds === 0) {
      // Restored from an older copy: our numbers name other commands on the server. What was
      // answered above was matched by content; the rest goes out again under a fresh id.
      id = randomUUID();
      setState(db, 'client_id', id);
      outcome.newClientIds += 1;
      continue;
    }
    if (later || seqReused) {
      // Not decided by the server (its database, a bug): keep the commands, try again with backoff.
      const why = later ?? response.results.find((r) => r.status === 'retry')!;
      throw new BackendError('server_error', why.status === 'retry' ? why.message : 'The server did not decide the queued actions', 200);
    }
    if (answered === 0) return outcome; // nothing moved: stop instead of looping (retried later)
  }
}

/** Another user signed in: the previous user's unsent commands can no longer be sent. */
export function abandonPending(db: CacheDb, reason: string, message: string, now: Date): number {
  return stmt(db, "UPDATE core_outbox SET status = 'rejected', reason = ?, message = ?, answered_at = ? WHERE status = 'pending'")
    .run(reason, message, now.toISOString()).changes;
}
