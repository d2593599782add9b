/**
 * The server-side and multi-desktop parts of the `sync` bench section:
 *   pullLoad        1,000 desktops pulling with a current cursor once per second (autocannon)
 *   incremental     a change committed on the server until it is in every connected cache (live stream)
 *   lettersLoad     concurrent letter-number reservations through the HTTP API: gaps, duplicates
 *   firstSyncMany   many desktops' first sync at once (pages fetched, not applied), bounded in time
 */
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createCore, createMemorySecretStore, type Core } from '../src/main/core/index.js';
import { features as coreFeatures } from '../src/main/core/features/index.js';
import { knownCollections } from '../src/main/core/sync/pull.js';
import { PULL_COLLECTIONS_PARAM } from '../src/shared/sync/protocol.js';
import { tempDir } from '../test/core/helpers.js';
import { login } from './sync-backend.js';

const HEADERS = { 'x-pop-protocol': '1' };

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export interface PullLoad {
  p50: number;
  p99: number;
  requestsPerS: number;
  errors: number;
  non2xx: number;
}

/**
 * The cursor of a desktop that has everything now: pulls on from `cursor` (the first sync's; the
 * live part of the bench committed changes after it) until nothing more and nothing held.
 */
export async function currentCursor(url: string, token: string, cursor: string): Promise<string> {
  for (let i = 0; i < 10_000; i++) {
    const res = await fetch(`${url}/api/v1/sync/pull?limit=2000&cursor=${encodeURIComponent(cursor)}`, { headers: { ...HEADERS, authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`pull: ${res.status} ${await res.text()}`);
    const page = (await res.json()) as { cursor: string; hasMore: boolean; held: boolean };
    cursor = page.cursor;
    if (!page.hasMore && !page.held) return cursor;
    if (page.held) await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('pull did not catch up');
}

export interface PullLoadOptions {
  /** Sessions the desktops use (round robin over the connections): each desktop signs in on its own. */
  tokens: readonly string[];
  /**
   * Groups of desktops whose once-a-second pulls start at different moments of the second (1: all
   * at once, autocannon's per-connection timers then fire together, 1,000 requests in one burst).
   */
  groups: number;
}

/**
 * `clients` connections, together `clients` requests per second (each desktop once a second), in
 * `groups` autocannon runs started 1/groups s apart (real desktops pull at their own moment of the
 * second). Every response's time is collected (autocannon's `response` event) and the percentiles are
 * taken over all groups together; responses of the first second (connections opening, the first look-up
 * of every session) are left out.
 */
export async function pullLoad(url: string, cursor: string, clients: number, seconds: number, options: PullLoadOptions): Promise<PullLoad> {
  const groups = Math.max(1, Math.min(options.groups, clients));
  const warmUntil = performance.now() + 1000 + 1000; // the last group starts within the first second
  const samples: number[] = [];
  let nextToken = 0;
  const run = (connections: number) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: `${url}/api/v1/sync/pull?limit=2000&cursor=${encodeURIComponent(cursor)}`,
          connections,
          overallRate: connections,
          duration: seconds + 1,
          timeout: 10,
          headers: HEADERS,
          requests: [
            {
              method: 'GET',
              setupRequest: (request: autocannon.Request, context: { token?: string }) => {
                context.token ??= options.tokens[nextToken++ % options.tokens.length]!;
                return { ...request, headers: { ...HEADERS, ...request.headers, authorization: `Bearer ${context.token}` } };
              },
            },
          ],
        },
        (err, result) => (err ? reject(err) : resolve(result)),
      );
      instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
        // Left out by when the request was SENT: a slow first request (the connection opening, the
        // session's first look-up) that ends after the warm-up would otherwise count.
        if (performance.now() - responseTime > warmUntil) samples.push(responseTime);
      });
    });
  const results = await Promise.all(
    Array.from({ length: groups }, async (_, g) => {
      await new Promise((r) => setTimeout(r, (g * 1000) / groups));
      return run(Math.floor(clients / groups) + (g < clients % groups ? 1 : 0));
    }),
  );
  samples.sort((x, y) => x - y);
  return {
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    requestsPerS: results.reduce((sum, r) => sum + r.requests.average, 0),
    errors: results.reduce((sum, r) => sum + r.errors + r.timeouts, 0),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
  };
}

async function push(url: string, token: string, clientId: string, seq: number, type: string, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}/api/v1/sync/push`, {
    method: 'POST',
    headers: { ...HEADERS, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ clientId, commands: [{ seq, type, payload, createdAt: new Date().toISOString() }] }),
  });
  if (!res.ok) throw new Error(`push: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { results: Record<string, unknown>[] }).results[0]!;
}

function letterDraft(departmentId: string): Record<string, unknown> {
  return { id: randomUUID(), subject: 'Bench', recipient: 'Bench', departmentId, handlingOfficer: 'Bench', dispatchMethod: 'email', yourReference: '', dossier: '' };
}

export interface Incremental {
  /** Per change: ms from the commit being acknowledged until the LAST cache has it. */
  samples: number[];
  caches: number;
}

/**
 * `caches` desktop cores (copies of one synced cache, each signed in, live stream on); each round
 * reserves a letter through the API and times until every core has it in its cache.
 */
export async function incremental(url: string, syncedCache: string, departmentId: string, caches: number, rounds: number): Promise<Incremental> {
  const tmp = tempDir('pop-bench-live-');
  const cores: Core[] = [];
  try {
    for (let i = 0; i < caches; i++) {
      const dataDir = join(tmp.dir, `d${i}`);
      mkdirSync(dataDir);
      copyFileSync(syncedCache, join(dataDir, 'cache.sqlite'));
      const core = createCore({ dataDir, backend: { url }, secretStore: createMemorySecretStore(), live: true, pollMs: 3_600_000 });
      await core.start();
      await core.handlers['session.signIn']({ username: 'demo', password: 'demo' });
      await core.handlers['sync.now']({});
      cores.push(core);
    }
    // Let every live stream open.
    await new Promise((r) => setTimeout(r, 500));
    const token = await login(url, 'demo');
    const clientId = randomUUID();
    const has = cores.map((core) => core.db.prepare('SELECT 1 FROM letters WHERE id = ?'));
    const samples: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const draft = letterDraft(departmentId);
      const seen = new Array<number | null>(cores.length).fill(null);
      const waits = cores.map(
        (core, i) =>
          new Promise<void>((resolve) => {
            const check = () => {
              if (seen[i] === null && has[i]!.get(draft.id)) {
                seen[i] = performance.now();
                off();
                resolve();
              }
            };
            const off = core.on('data.changed', check);
          }),
      );
      await push(url, token, clientId, round + 1, 'letters.reserve', draft);
      const committed = performance.now();
      await Promise.race([Promise.all(waits), new Promise((r) => setTimeout(r, 5_000))]);
      const last = Math.max(...seen.map((t) => t ?? Infinity));
      samples.push(last - committed);
      await new Promise((r) => setTimeout(r, 50));
    }
    return { samples, caches };
  } finally {
    for (const core of cores) await core.stop();
    tmp.cleanup();
  }
}

export interface LettersLoad {
  perS: number;
  reserved: number;
  gaps: number;
  duplicates: number;
  failed: number;
}

/** `clients` desktops (own client ids, a few accounts) reserving `each` numbers one after the other, all at once. */
export async function lettersLoad(url: string, departmentId: string, clients: number, each: number): Promise<LettersLoad> {
  const tokens = [await login(url, 'demo'), await login(url, 'secretariaat'), await login(url, 'financien'), await login(url, 'admin')];
  const sequences: number[] = [];
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      const clientId = randomUUID();
      const token = tokens[c % tokens.length]!;
      for (let seq = 1; seq <= each; seq++) {
        const result = await push(url, token, clientId, seq, 'letters.reserve', letterDraft(departmentId)).catch(() => null);
        if (result?.status === 'applied') sequences.push(Number((result.result as { sequence: number }).sequence));
        else failed += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const sorted = [...sequences].sort((a, b) => a - b);
  const unique = new Set(sorted).size;
  // Numbers handed out in this run: one contiguous range when nothing is lost or given twice.
  const gaps = sorted.length ? sorted[sorted.length - 1]! - sorted[0]! + 1 - unique : 0;
  return { perS: sequences.length / seconds, reserved: sequences.length, gaps, duplicates: sorted.length - unique, failed };
}

export interface FirstSyncMany {
  desktops: number;
  done: number;
  pages: number;
  seconds: number;
  errors: number;
  /** All done: the real duration; otherwise projected from the pages per second reached. */
  projectedSeconds: number;
}

/**
 * `desktops` first syncs at once (each pulls its pages one after the other, as the desktop asks for
 * them: its collections, gzip accepted and unpacked; pages are read and dropped, not applied),
 * stopped after `budgetS` seconds: how far they got.
 */
export async function firstSyncMany(url: string, desktops: number, pagesPerSync: number, budgetS: number): Promise<FirstSyncMany> {
  const tokens = await Promise.all(['demo', 'secretariaat', 'financien', 'burgerzaken', 'bevolking.hoofd', 'dpo', 'admin'].map((u) => login(url, u)));
  // What this build's desktop sends with every pull (and it accepts gzip: Node's fetch does).
  const known = encodeURIComponent(knownCollections(coreFeatures));
  const started = performance.now();
  const deadline = started + budgetS * 1000;
  let pages = 0;
  let done = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: desktops }, async (_, d) => {
      let cursor: string | null = null;
      const token = tokens[d % tokens.length]!;
      while (performance.now() < deadline) {
        try {
          const res: Response = await fetch(`${url}/api/v1/sync/pull?limit=2000&${PULL_COLLECTIONS_PARAM}=${known}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
            headers: { ...HEADERS, authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' },
            signal: AbortSignal.timeout(Math.max(1, Math.ceil(deadline - performance.now()))),
          });
          const text = await res.text();
          if (!res.ok) throw new Error(String(res.status));
          pages += 1;
          const m = /"cursor":"([^"]+)"/.exec(text);
          cursor = m ? m[1]! : cursor;
          if (/"hasMore":false/.test(text)) {
            done += 1;
            return;
          }
        } catch (err) {
          if (performance.now() < deadline) {
            if (errors === 0) console.log(`  first error of a desktop's first sync: ${(err as Error).message} ${String((err as Error).cause ?? '')}`);
            errors += 1;
          }
          if ((err as Error).name === 'TimeoutError') return;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const needed = desktops * pagesPerSync;
  return { desktops, done, pages, seconds, errors, projectedSeconds: done === desktops ? seconds : (seconds * needed) / Math.max(1, pages) };
}

export { percentile };
