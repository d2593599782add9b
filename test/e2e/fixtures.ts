/**
 * End-to-end fixtures: the real backend (src/server/cli.ts) and the web harness (scripts/web.mjs)
 * as child processes on 127.0.0.1, Debian's Chromium on the harness URL, signed in as demo/demo.
 *
 *   import { test, expect } from './fixtures.js';
 *   test('...', async ({ app, stack, axe, shot }) => {
 *     await app.getByRole('link', { name: 'Collega’s' }).click();
 *     await axe('directory');            // fails on serious/critical violations
 *     await shot('directory');           // test-results/<test>/directory.png
 *     await stack.backend.stop();        // offline; the next test gets it running again
 *   });
 *
 * One stack per worker (workers: 1, so one per project): backend seeded into a temp data dir, harness
 * with its own temp data dir (its SQLite cache). After each test the backend is running again.
 *
 * The worker option `database` picks the backend's database: 'sqlite' (default: a file in the temp
 * data dir) or 'postgres' (the `postgres` project of playwright.config.ts: a fresh database
 * pop_test_e2e_<random> at POP_TEST_PG_URL, created before the stack starts and dropped after;
 * the backend seeds the demo data into it on its first start). PostgreSQL unreachable: the tests
 * of that project are skipped with the reason printed, except under CI=true (then they fail).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import pg from 'pg';
import type { MethodName } from '../../src/shared/ipc/channels.js';
import type { MethodOutput } from '../../src/shared/ipc/contract.js';
import { RPC_PATH, TOKEN_HEADER } from '../../src/shared/ipc/http.js';
import { PG_ADMIN_URL, probePg } from '../pg-probe.js';

const root = new URL('../..', import.meta.url).pathname;
const STARTUP_MS = 120_000;

/** The backend's database in this project (the worker option `database`). */
export type Database = 'sqlite' | 'postgres';
async function pgAdmin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A new empty PostgreSQL database for one stack; `drop` removes it (connections or not). */
async function freshPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `pop_test_e2e_${randomBytes(6).toString('hex')}`;
  await pgAdmin(`CREATE DATABASE ${name}`);
  return { url: PG_ADMIN_URL.replace(/\/[^/?]+(\?|$)/, `/${name}$1`), drop: () => pgAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** A child process whose output we keep (printed when a test fails) and scan for a line. */
class Child {
  private proc: ChildProcess | null = null;
  readonly log: string[] = [];

  constructor(private readonly name: string) {}

  get running(): boolean {
    return this.proc !== null && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** Spawns the command and resolves with the first match of `pattern` in its output. */
  start(command: string, args: string[], pattern: RegExp, env: Record<string, string> = {}): Promise<RegExpMatchArray> {
    const proc = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.proc = proc;
    return new Promise((resolve, reject) => {
      let buffer = '';
      const timer = setTimeout(() => reject(new Error(`${this.name} did not start within ${STARTUP_MS} ms:\n${this.tail()}`)), STARTUP_MS);
      const onData = (chunk: Buffer) => {
        const text = chunk.toString();
        buffer += text;
        this.log.push(...text.split('\n').filter(Boolean).map((l) => `[${this.name}] ${l}`));
        if (this.log.length > 2000) this.log.splice(0, this.log.length - 2000);
        const match = pattern.exec(buffer);
        if (match) {
          clearTimeout(timer);
          resolve(match);
        }
      };
      proc.stdout?.on('data', onData);
      proc.stderr?.on('data', onData);
      proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${this.name} exited (${code ?? signal}) before it was ready:\n${this.tail()}`));
      });
    });
  }

  /** Stops the process group we started (SIGTERM, then SIGKILL after 5 s). */
  async stop(): Promise<void> {
    const proc = this.proc;
    this.proc = null;
    if (!proc?.pid || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    const signal = (sig: NodeJS.Signals) => {
      try {
        process.kill(-proc.pid!, sig);
      } catch {
        // already gone
      }
    };
    signal('SIGTERM');
    const timer = setTimeout(() => signal('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }

  tail(lines = 60): string {
    return this.log.slice(-lines).join('\n');
  }
}

/** The municipal backend, restartable on the same port (the harness keeps its URL). */
export class Backend {
  private readonly child = new Child('backend');
  url = '';
  private port = 0;

  /** `databaseUrl`: postgres://… for PostgreSQL; null for the SQLite file in `dataDir`. */
  constructor(
    readonly dataDir: string,
    readonly databaseUrl: string | null = null,
  ) {}

  /** DATABASE_URL for the backend and the admin command line ('' = SQLite, whatever the runner's environment says). */
  private get env(): Record<string, string> {
    return { DATABASE_URL: this.databaseUrl ?? '' };
  }

  get log(): string {
    return this.child.tail();
  }

  get running(): boolean {
    return this.child.running;
  }

  async start(): Promise<string> {
    const match = await this.child.start(
      process.execPath,
      ['--import', 'tsx', 'src/server/cli.ts', '--port', String(this.port), '--host', '127.0.0.1', '--data-dir', this.dataDir],
      /(?:POP_SERVER_URL=)?(http:\/\/(?:127\.0\.0\.1|localhost):(\d+))/,
      this.env,
    );
    this.url = match[1]!;
    this.port = Number(match[2]);
    return this.url;
  }

  stop(): Promise<void> {
    return this.child.stop();
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /**
   * IT's command line on this backend's database, as documented: `npm run admin -- <args>` with
   * the backend's --data-dir (SQLite) or DATABASE_URL (PostgreSQL). Resolves with its exit code and output.
   */
  admin(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const where = this.databaseUrl ? [] : ['--data-dir', this.dataDir];
    const proc = spawn('npm', ['run', '--silent', 'admin', '--', ...args, ...where], { cwd: root, env: { ...process.env, ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d) => (stdout += String(d)));
    proc.stderr.on('data', (d) => (stderr += String(d)));
    return new Promise((resolve, reject) => {
      proc.once('error', reject);
      proc.once('close', (code) => resolve({ code, stdout, stderr }));
    });
  }
}

/** The web harness: the desktop core in Node serving the Vue screens and the contract over HTTP. */
export class Harness {
  private readonly child = new Child('web');
  /** The URL printed by the harness, with `#token=`. */
  url = '';
  origin = '';
  token = '';

  constructor(readonly dataDir: string) {}

  get log(): string {
    return this.child.tail();
  }

  /** With a backend URL the user signs in; without one the harness runs in demo mode (embedded backend). */
  async start(backendUrl: string | null): Promise<void> {
    const backend = backendUrl ? ['--backend', backendUrl] : [];
    const match = await this.child.start(
      process.execPath,
      ['scripts/web.mjs', ...backend, '--data-dir', this.dataDir, '--port', '0'],
      /POP_WEB_URL=(\S+)/,
    );
    this.url = match[1]!;
    const parsed = new URL(this.url);
    this.origin = parsed.origin;
    this.token = decodeURIComponent(/token=([^&]+)/.exec(parsed.hash)?.[1] ?? '');
  }

  stop(): Promise<void> {
    return this.child.stop();
  }

  /** Calls the contract from the test (outside the page), e.g. to wait for a sync. */
  async call<M extends MethodName>(method: M, input: unknown = {}): Promise<MethodOutput<M>> {
    const response = await fetch(`${this.origin}${RPC_PATH}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: this.token },
      body: JSON.stringify(input),
    });
    const body = (await response.json()) as { ok: boolean; value?: MethodOutput<M>; error?: { code: string; message: string } };
    if (!body.ok) throw new Error(`${method}: ${body.error?.code} ${body.error?.message}`);
    return body.value as MethodOutput<M>;
  }

  /** Waits until the cache holds a complete sync and no pull is running. */
  async waitForSync(timeoutMs = 60_000): Promise<MethodOutput<'sync.status'>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = await this.call('sync.status');
      if (status.ready && !status.syncing && status.lastSyncAt) return status;
      if (Date.now() > deadline) throw new Error(`no complete sync within ${timeoutMs} ms: ${JSON.stringify(status)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

export type Stack = { backend: Backend; harness: Harness; dataDir: string; database: Database };

const axeSource = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

type AxeViolation = { id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[]; failureSummary?: string }> };

/** Runs axe-core in the page (WCAG 2.1 A/AA rules); returns the serious and critical violations. */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  // page.evaluate runs through the DevTools protocol: the page's strict CSP stays on.
  const hasAxe = await page.evaluate(() => 'axe' in globalThis);
  if (!hasAxe) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Opens the harness URL and signs in as demo/demo when the sign-in screen shows. */
export async function openApp(page: Page, harness: Harness, username = 'demo', password = 'demo'): Promise<void> {
  await page.goto(harness.url);
  const nav = page.getByRole('navigation');
  const signIn = page.getByRole('heading', { level: 1, name: /Aanmelden|Connexion|Sign in/ });
  await expect(nav.or(signIn)).toBeVisible({ timeout: 30_000 });
  if (await signIn.isVisible()) {
    await page.getByLabel(/Gebruikersnaam|Nom d’utilisateur|Username/).fill(username);
    await page.getByLabel(/Wachtwoord|Mot de passe|Password/).fill(password);
    await page.getByRole('button', { name: /Aanmelden|Se connecter|Sign in/ }).click();
    await expect(nav).toBeVisible({ timeout: 30_000 });
  }
}

type TestFixtures = {
  /** The page, signed in (through the sign-in screen when the core has no session), cache synced. */
  app: Page;
  /** Runs axe on the page and fails on serious or critical violations (label names the screen). */
  axe: (label: string) => Promise<void>;
  /** Full-page screenshot kept in test-results/<test>/<name>.png. */
  shot: (name: string) => Promise<string>;
  /** Skips the test when its project's database is unreachable (PostgreSQL outside CI). */
  databaseGuard: void;
  /** Backend running again after each test, logs attached on failure. */
  stackGuard: void;
};

export type WorkerFixtures = {
  /** The backend's database: set per project in playwright.config.ts. */
  database: Database;
  /** Why the project's database cannot be used (PostgreSQL unreachable), or null. */
  databaseProblem: string | null;
  stack: Stack;
};

export const test = base.extend<TestFixtures, WorkerFixtures>({
  database: ['sqlite', { scope: 'worker', option: true }],

  databaseProblem: [
    async ({ database }, use) => {
      const problem = database === 'postgres' ? await probePg() : null;
      if (problem) {
        if (process.env.CI) throw new Error(`PostgreSQL required in CI but unreachable at ${PG_ADMIN_URL}: ${problem}`);
        console.log(`skipped: no PostgreSQL at ${PG_ADMIN_URL} (${problem})`);
      }
      await use(problem && `no PostgreSQL at ${PG_ADMIN_URL} (${problem})`);
    },
    { scope: 'worker' },
  ],

  stack: [
    async ({ database }, use) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'pop-e2e-'));
      const pgDatabase = database === 'postgres' ? await freshPgDatabase() : null;
      const backend = new Backend(join(dataDir, 'server'), pgDatabase?.url ?? null);
      const harness = new Harness(join(dataDir, 'web'));
      try {
        await backend.start();
        // The backend names its database when it starts: make sure the project got the one it asked for.
        if (!backend.log.includes(database === 'postgres' ? '(PostgreSQL ' : '(SQLite ')) throw new Error(`backend not on ${database}:\n${backend.log}`);
        await harness.start(backend.url);
        await use({ backend, harness, dataDir, database });
      } finally {
        await harness.stop();
        await backend.stop();
        await pgDatabase?.drop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 240_000 },
  ],

  // Registered before stackGuard: auto fixtures set up in this order, so a skipped test never starts
  // a stack on a database that is not there.
  databaseGuard: [
    async ({ databaseProblem }, use, testInfo) => {
      testInfo.skip(databaseProblem !== null, databaseProblem ?? '');
      await use();
    },
    { auto: true },
  ],

  stackGuard: [
    async ({ stack }, use, testInfo) => {
      await use();
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('backend.log', { body: stack.backend.log, contentType: 'text/plain' });
        await testInfo.attach('web.log', { body: stack.harness.log, contentType: 'text/plain' });
      }
      if (!stack.backend.running) await stack.backend.start();
    },
    { auto: true },
  ],

  app: async ({ page, stack }, use) => {
    await openApp(page, stack.harness);
    await stack.harness.waitForSync();
    await use(page);
  },

  axe: async ({ page }, use) => {
    await use(async (label: string) => {
      const violations = await runAxe(page);
      const summary = violations.map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.map((n) => JSON.stringify(n.target)).join('\n  ')}`).join('\n');
      expect(violations, `axe on ${label}:\n${summary}`).toEqual([]);
    });
  },

  shot: async ({ page }, use, testInfo) => {
    await use(async (name: string) => {
      const path = testInfo.outputPath(`${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    });
  },
});

export { expect };
