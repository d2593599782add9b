/** Helpers of the ops tests: the admin CLI in-process, table dumps for row-for-row comparison. */
import { createServer as createHttpServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import pg from 'pg';
import { runAdmin } from '../../../src/server/admin/cli.js';
import { freshStore, type Kind, type TestStore } from '../helpers.js';

/** A fresh empty store whose SQLite file is named as the admin CLI's --data-dir expects. */
export async function opsStore(kind: Kind): Promise<TestStore> {
  const store = await freshStore(kind);
  if (kind === 'sqlite') store.options = { ...store.options, file: store.options.file!.replace(/test\.sqlite$/, 'pop-index.sqlite') };
  return store;
}

export interface AdminRun {
  code: number;
  out: string;
  err: string;
}

/** `npm run admin -- ...args` against a test store (DATABASE_URL or --data-dir). */
export async function admin(store: TestStore, ...args: string[]): Promise<AdminRun> {
  const out: string[] = [];
  const err: string[] = [];
  const where = store.kind === 'sqlite' ? ['--data-dir', store.options.file!.replace(/\/[^/]+$/, '')] : [];
  const code = await runAdmin([...args, ...where], { out: (l) => out.push(l), err: (l) => err.push(l) }, { databaseUrl: store.url });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

export function sqliteFileOf(store: TestStore): string {
  return store.options.file!;
}

type Rows = Record<string, string[]>;

function canonical(row: Record<string, unknown>): string {
  return JSON.stringify(Object.keys(row).sort().map((k) => [k, row[k] instanceof Date ? (row[k] as Date).toISOString() : row[k]]));
}

/**
 * Every table as sorted canonical rows. `omit` drops columns (table.column) and `skipRow` rows that
 * a restore changes on purpose (the epoch; PostgreSQL transaction ids of the change log).
 */
export async function dumpTables(store: TestStore, options: { omit?: string[]; skipRow?: (table: string, row: Record<string, unknown>) => boolean } = {}): Promise<Rows> {
  const out: Rows = {};
  const clean = (table: string, rows: Record<string, unknown>[]) =>
    rows
      .filter((r) => !options.skipRow?.(table, r))
      .map((r) => {
        const copy = { ...r };
        for (const o of options.omit ?? []) if (o.startsWith(`${table}.`)) delete copy[o.slice(table.length + 1)];
        return canonical(copy);
      })
      .sort();
  if (store.kind === 'sqlite') {
    const db = new Database(sqliteFileOf(store), { readonly: true });
    try {
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((r) => r.name);
      for (const t of tables) out[t] = clean(t, db.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[]);
    } finally {
      db.close();
    }
    return out;
  }
  const c = new pg.Client({ connectionString: store.url! });
  await c.connect();
  try {
    const tables = (await c.query<{ name: string }>('SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()')).rows.map((r) => r.name);
    for (const t of tables) out[t] = clean(t, (await c.query(`SELECT * FROM "${t}"`)).rows as Record<string, unknown>[]);
  } finally {
    await c.end();
  }
  return out;
}

/** A fixed address in front of whichever backend is current (the reverse proxy of a real site). */
export interface Proxy {
  url: string;
  target: string | null;
  /** Forward pushes but destroy the connection before the answer reaches the desktop. */
  losePushAnswers: boolean;
  close(): Promise<void>;
}

export async function startProxy(): Promise<Proxy> {
  const state = { target: null as string | null, losePushAnswers: false };
  const server: Server = createHttpServer((req, res) => {
    if (!state.target) return void req.socket.destroy();
    const target = new URL(req.url ?? '/', state.target);
    const upstream = httpRequest(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
      if (state.losePushAnswers && req.url === '/api/v1/sync/push') {
        answer.resume();
        answer.on('end', () => req.socket.destroy());
        return;
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  }) as Proxy;
}
