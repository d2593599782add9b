/**
 * Tells subscribers which tenants have new changes.
 *   PostgreSQL: LISTEN pop_changes on a dedicated connection (recordChange NOTIFYs with the tenant;
 *               PostgreSQL delivers at commit to every backend process on the database). `barrier()`
 *               waits until every notification committed before the call has arrived (up-to-date.ts).
 *   SQLite:     in-process: watches the change counter (a primary-key read every `intervalMs`) and
 *               reads the tenants of the new log rows; also sees writes of other processes.
 */
import pg from 'pg';
import type { ServerDatabase } from '../db/open.js';
import { CHANGES_CHANNEL, SQLITE_SEQ_KEY } from './changes.js';

/** A barrier round trip taking longer than this counts as a lost LISTEN connection. */
const BARRIER_TIMEOUT_MS = 5_000;

/** application_name of the LISTEN connection. */
export const NOTIFIER_APPLICATION_NAME = 'pop-index-notifier';

export type ChangeListener = (tenants: ReadonlySet<string>) => void;

export interface ChangeNotifier {
  subscribe(listener: ChangeListener): () => void;
  /**
   * A write of this process has committed (a push): look now instead of at the next poll
   * (SQLite; PostgreSQL's NOTIFY already arrives at commit). Only ever early, never instead of the poll.
   */
  poke(): void;
  /**
   * PostgreSQL: resolves true once every notification of a transaction that committed before this
   * call has reached the subscribers: one round trip on the LISTEN connection (PostgreSQL sends a
   * listener its pending notifications before it answers a query; shared by all callers waiting at
   * that moment). False when not listening (connection lost, reconnecting, closed). SQLite: always
   * false (the watcher sees other processes' writes only at its next poll).
   */
  barrier(): Promise<boolean>;
  /** Changes whenever the LISTEN connection is lost or listening again: what a subscriber learnt before may be incomplete. */
  connection(): number;
  close(): Promise<void>;
}

export interface NotifierOptions {
  /** SQLite poll interval (default 200 ms). */
  intervalMs?: number;
  onError?(err: unknown): void;
}

export async function startNotifier(database: ServerDatabase, options: NotifierOptions = {}): Promise<ChangeNotifier> {
  const listeners = new Set<ChangeListener>();
  const emit = (tenants: ReadonlySet<string>) => {
    for (const l of listeners) l(tenants);
  };
  const subscribe = (l: ChangeListener) => {
    listeners.add(l);
    return () => void listeners.delete(l);
  };
  const watcher = database.dialect === 'postgres' ? { ...(await listenPostgres(database.url!, emit, options)), poke: () => undefined } : { ...(await watchSqlite(database, emit, options)), barrier: async () => false, connection: () => 0 };
  const stop = watcher.stop;
  return {
    subscribe,
    poke: watcher.poke,
    barrier: watcher.barrier,
    connection: watcher.connection,
    close: async () => {
      listeners.clear();
      await stop();
    },
  };
}

async function listenPostgres(
  url: string,
  emit: (t: ReadonlySet<string>) => void,
  options: NotifierOptions,
): Promise<{ stop(): Promise<void>; barrier(): Promise<boolean>; connection(): number }> {
  let closed = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  let generation = 0;
  const lost = (c: pg.Client, err?: unknown) => {
    if (client !== c && client !== null) return;
    if (err) options.onError?.(err);
    if (client === c) {
      client = null;
      generation += 1;
    }
    c.end().catch(() => undefined);
    if (!closed && !retry) {
      retry = setTimeout(() => {
        retry = null;
        void connect().catch((e: unknown) => {
          options.onError?.(e);
          if (!closed && !client && !retry) retry = setTimeout(() => ((retry = null), void connect().catch(options.onError)), 1000);
        });
      }, 1000);
    }
  };
  const connect = async (): Promise<void> => {
    // Named, so an operator (and the tests) can tell it in pg_stat_activity.
    const c = new pg.Client({ connectionString: url, application_name: NOTIFIER_APPLICATION_NAME });
    c.on('notification', (msg) => {
      if (msg.channel === CHANGES_CHANNEL && msg.payload) emit(new Set([msg.payload]));
    });
    c.on('error', (err) => lost(c, err));
    c.on('end', () => lost(c));
    await c.connect();
    await c.query(`LISTEN ${CHANGES_CHANNEL}`);
    if (closed) {
      await c.end();
      return;
    }
    client = c;
    generation += 1;
    // Whatever was committed while we were not listening: let every client check once.
    emit(new Set(['*']));
  };
  await connect();

  // One round trip at a time; a caller arriving while one runs waits for the NEXT one (which starts
  // after its call, so it covers every commit before it).
  let running: Promise<boolean> | null = null;
  let queued: Promise<boolean> | null = null;
  const roundTrip = (): Promise<boolean> => {
    const c = client;
    if (!c) return Promise.resolve(false);
    const at = generation;
    let timer: NodeJS.Timeout | undefined;
    running = new Promise<boolean>((resolve) => {
      // A connection that silently stopped answering must not stall every pull: give up on it
      // (pulls run their statement meanwhile) and connect again.
      timer = setTimeout(() => {
        resolve(false);
        lost(c, new Error(`The LISTEN connection did not answer within ${BARRIER_TIMEOUT_MS} ms`));
      }, BARRIER_TIMEOUT_MS);
      c.query('SELECT 1').then(
        () => resolve(client === c && generation === at),
        () => resolve(false),
      );
    });
    void running.finally(() => {
      clearTimeout(timer);
      running = null;
    });
    return running;
  };
  const barrier = (): Promise<boolean> => {
    if (!running) return roundTrip();
    queued ??= running.then(() => {
      queued = null;
      return roundTrip();
    });
    return queued;
  };
  return {
    barrier,
    connection: () => generation,
    stop: async () => {
      closed = true;
      generation += 1;
      if (retry) clearTimeout(retry);
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}

async function watchSqlite(database: ServerDatabase, emit: (t: ReadonlySet<string>) => void, options: NotifierOptions): Promise<{ stop(): Promise<void>; poke(): void }> {
  const db = database.kysely;
  const counter = async () => Number((await db.selectFrom('server_meta').select('value').where('key', '=', SQLITE_SEQ_KEY).executeTakeFirst())?.value ?? 0);
  let last = await counter();
  let busy = false;
  let again = false;
  const check = () => {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    void (async () => {
      const now = await counter();
      if (now === last) return;
      const rows = await db.selectFrom('sync_changes').select('tenant').distinct().where('xid', '=', 0).where('seq', '>', last).execute();
      last = now;
      if (rows.length) emit(new Set(rows.map((r) => r.tenant)));
    })()
      .catch((err: unknown) => options.onError?.(err))
      .finally(() => {
        busy = false;
        if (again) {
          again = false;
          check();
        }
      });
  };
  const timer = setInterval(check, options.intervalMs ?? 200);
  timer.unref();
  return { stop: async () => clearInterval(timer), poke: check };
}
