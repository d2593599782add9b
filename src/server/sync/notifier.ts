/**
 * Tells subscribers which tenants have new changes.
 *   PostgreSQL: LISTEN pop_changes on a dedicated connection (recordChange NOTIFYs with the tenant;
 *               PostgreSQL delivers at commit to every backend process on the database).
 *   SQLite:     in-process: watches the change counter (a primary-key read every `intervalMs`) and
 *               reads the tenants of the new log rows; also sees writes of other processes.
 */
import pg from 'pg';
import type { ServerDatabase } from '../db/open.js';
import { CHANGES_CHANNEL, SQLITE_SEQ_KEY } from './changes.js';

export type ChangeListener = (tenants: ReadonlySet<string>) => void;

export interface ChangeNotifier {
  subscribe(listener: ChangeListener): () => void;
  /**
   * A write of this process has committed (a push): look now instead of at the next poll
   * (SQLite; PostgreSQL's NOTIFY already arrives at commit). Only ever early, never instead of the poll.
   */
  poke(): void;
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
  const watcher = database.dialect === 'postgres' ? { stop: await listenPostgres(database.url!, emit, options), poke: () => undefined } : await watchSqlite(database, emit, options);
  const stop = watcher.stop;
  return {
    subscribe,
    poke: watcher.poke,
    close: async () => {
      listeners.clear();
      await stop();
    },
  };
}

async function listenPostgres(url: string, emit: (t: ReadonlySet<string>) => void, options: NotifierOptions): Promise<() => Promise<void>> {
  let closed = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (msg) => {
      if (msg.channel === CHANGES_CHANNEL && msg.payload) emit(new Set([msg.payload]));
    });
    c.on('error', (err) => {
      options.onError?.(err);
      client = null;
      c.end().catch(() => undefined);
      if (!closed) retry = setTimeout(() => void connect().catch(options.onError), 1000);
    });
    await c.connect();
    await c.query(`LISTEN ${CHANGES_CHANNEL}`);
    if (closed) {
      await c.end();
      return;
    }
    client = c;
    // Whatever was committed while we were not listening: let every client check once.
    emit(new Set(['*']));
  };
  await connect();
  return async () => {
    closed = true;
    if (retry) clearTimeout(retry);
    await client?.end().catch(() => undefined);
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
