/**
 * Shared test helpers for the backend: real servers on port 0, over SQLite files and over
 * PostgreSQL databases created for the test (random name, dropped at the end).
 * PostgreSQL unreachable: the PG suites skip with a printed reason, except under CI (then fail).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createServer, type PopServer, type ServerOptions } from '../../src/server/app.js';
import { directoryFeature } from '../../src/server/features/directory/index.js';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, type LoginResponse } from '../../src/shared/sync/protocol.js';

import { PG_ADMIN_URL, probePg } from '../pg-probe.js';

export { PG_ADMIN_URL };
export const TODAY = '2026-11-28';

const pgProblem = await probePg();
if (pgProblem) {
  if (process.env.CI) throw new Error(`PostgreSQL required in CI but unreachable at ${PG_ADMIN_URL}: ${pgProblem}`);
  console.log(`skipped: no PostgreSQL at ${PG_ADMIN_URL} (${pgProblem})`);
}
export const PG_AVAILABLE = pgProblem === null;

export type Kind = 'sqlite' | 'postgres';
export const KINDS: Kind[] = ['sqlite', 'postgres'];
export const skipKind = (kind: Kind): boolean => kind === 'postgres' && !PG_AVAILABLE;

export interface TestStore {
  kind: Kind;
  /** createServer options that point at this store. */
  options: Pick<ServerOptions, 'databaseUrl' | 'file'>;
  url: string | null;
  drop(): Promise<void>;
}

/** A fresh empty database: a SQLite file in a temp folder, or a new PostgreSQL database. */
export async function freshStore(kind: Kind): Promise<TestStore> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'pop-server-'));
    return { kind, options: { databaseUrl: null, file: join(dir, 'test.sqlite') }, url: null, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `pop_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = PG_ADMIN_URL.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
  return {
    kind,
    options: { databaseUrl: url },
    url,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestServer {
  server: PopServer;
  url: string;
  store: TestStore;
  stop(): Promise<void>;
}

/** A seeded server (directory only unless `features` given) listening on 127.0.0.1:0. */
export async function startServer(kind: Kind, options: ServerOptions = {}, store?: TestStore): Promise<TestServer> {
  const s = store ?? (await freshStore(kind));
  const server = await createServer({ features: [directoryFeature], seed: { size: 300, today: TODAY }, ...s.options, ...options });
  const url = await server.listen(0, '127.0.0.1');
  return {
    server,
    url,
    store: s,
    stop: async () => {
      await server.close();
      if (!store) await s.drop();
    },
  };
}

export interface Api {
  get(path: string, token?: string): Promise<{ status: number; body: unknown }>;
  post(path: string, body: unknown, token?: string): Promise<{ status: number; body: unknown }>;
  login(username: string, password?: string): Promise<LoginResponse>;
}

export function api(base: string): Api {
  const call = async (method: string, path: string, body: unknown, token?: string) => {
    const headers: Record<string, string> = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* non-JSON answer stays text */
    }
    return { status: res.status, body: parsed };
  };
  const self: Api = {
    get: (path, token) => call('GET', path, undefined, token),
    post: (path, body, token) => call('POST', path, body, token),
    async login(username, password = 'demo') {
      const res = await self.post('/api/v1/auth/login', { username, password });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as LoginResponse;
    },
  };
  return self;
}

/** Polls `probe` (every 25 ms, at most 10 s) until it gives a value: for what arrives asynchronously (a NOTIFY, a horizon). */
export async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`gave up waiting for ${what}`);
}
