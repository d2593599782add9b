/**
 * Helpers of the letters and citizens server tests: a real backend on SQLite or PostgreSQL (own
 * random database, dropped afterwards), sign-in, push, and JSON/text requests.
 * A PostgreSQL suite is skipped with a printed reason when no server is reachable, except in CI.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createServer, type PopServer } from '../../src/server/app.js';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, type CommandResult, type PullResponse } from '../../src/shared/sync/protocol.js';
import { PG_ADMIN_URL, probePg } from '../pg-probe.js';
import { pullLoop, pullQuery } from './pull-loop.js';

export { PG_ADMIN_URL };

/** null when PostgreSQL answers; otherwise the reason (throws in CI: unreachable PG is a failure there). */
export async function postgresUnavailable(): Promise<string | null> {
  const problem = await probePg();
  if (problem === null) return null;
  const reason = `skipped: no PostgreSQL at ${PG_ADMIN_URL.replace(/\/\/[^@]*@/, '//')} (${problem})`;
  if (process.env.CI) throw new Error(`PostgreSQL is required in CI: ${reason}`);
  return reason;
}

export interface TestBackend {
  server: PopServer;
  url: string;
  close(): Promise<void>;
}

export async function startBackend(dialect: 'sqlite' | 'postgres', options: { now?: () => Date; size?: number } = {}): Promise<TestBackend> {
  const dir = mkdtempSync(join(tmpdir(), 'pop-guarded-'));
  let databaseUrl: string | null = null;
  let dbName: string | null = null;
  if (dialect === 'postgres') {
    dbName = `pop_guarded_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const u = new URL(PG_ADMIN_URL);
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
  }
  const server = await createServer({ databaseUrl, dataDir: dir, seed: { size: options.size ?? 120 }, now: options.now, updatesDir: null });
  const url = await server.listen(0, '127.0.0.1');
  return {
    server,
    url,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
      if (dbName) {
        const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
        await admin.end();
      }
    },
  };
}

export async function call(url: string, token: string | null, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown; text: string; headers: Headers }> {
  const headers: Record<string, string> = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, json, text, headers: res.headers };
}

export async function login(url: string, username: string): Promise<string> {
  const r = await call(url, null, 'POST', '/api/v1/auth/login', { username, password: 'demo' });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${r.text}`);
  return (r.json as { token: string }).token;
}

/** When each (client, seq) was made: a replay carries the same time, as the desktop outbox's does. */
const madeAt = new Map<string, string>();

export async function push(url: string, token: string, clientId: string, commands: { seq: number; type: string; payload: Record<string, unknown> }[]): Promise<CommandResult[]> {
  const createdAt = (seq: number) => {
    const key = `${clientId}:${seq}`;
    if (!madeAt.has(key)) madeAt.set(key, new Date().toISOString());
    return madeAt.get(key)!;
  };
  const r = await call(url, token, 'POST', '/api/v1/sync/push', {
    clientId,
    commands: commands.map((c) => ({ ...c, createdAt: createdAt(c.seq) })),
  });
  if (r.status !== 200) throw new Error(`push: ${r.status} ${r.text}`);
  return (r.json as { results: CommandResult[] }).results;
}

/** Every row of a collection this user receives (pulls until done). */
export async function pullAll(url: string, token: string, collection: string): Promise<Map<string, Record<string, unknown>>> {
  const rows = new Map<string, Record<string, unknown>>();
  await pullLoop(async (cursor) => {
    const r = await call(url, token, 'GET', pullQuery(cursor, 2000));
    if (r.status !== 200) throw new Error(`pull: ${r.status} ${r.text}`);
    const page = r.json as PullResponse;
    for (const c of page.changes) {
      if (c.collection !== collection) continue;
      if (c.op === 'upsert') rows.set(c.id, c.data);
      else rows.delete(c.id);
    }
    return page;
  });
  return rows;
}

/** Parse our CSV (";" separated, quoted cells, BOM, CRLF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ';') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && s[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
