/**
 * The desktop's municipality sign-in end to end: a real OpenID Connect provider (oidc-provider 9),
 * the real backend on a port (OIDC verifier configured for two issuers), the real core; the
 * "system browser" is plain HTTP that fills in the provider's forms (test/oidc/browse.ts).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OidcSignInError } from '../../src/main/core/auth/errors.js';
import { OIDC_SECRET_KEY } from '../../src/main/core/auth/oidc-session.js';
import { refreshTokens, signInWithBrowser, type OidcTokens } from '../../src/main/core/auth/oidc-login.js';
import { createCore, createMemorySecretStore, type Core, type SecretStore } from '../../src/main/core/index.js';
import { createLogger } from '../../src/main/core/logging/logger.js';
import { enqueueCommand } from '../../src/main/core/sync/outbox.js';
import { createServer, type PopServer } from '../../src/server/app.js';
import { PopError } from '../../src/shared/ipc/contract.js';
import { ACCOUNTS, TID_IEPER, TID_POPERINGE } from '../oidc/accounts.js';
import { browse } from '../oidc/browse.js';
import { API_AUDIENCE, CLIENT_ID, SCOPES, startTestProvider, type TestProvider } from '../oidc/provider.js';
import { tempDir } from './helpers.js';

type Driver = (url: string) => Promise<unknown>;

const tmp = tempDir('pop-oidc-');
let provider: TestProvider;
/** A second issuer whose access tokens live 4 s: renewal and lapses happen within a test. */
let shortLived: TestProvider;
let server: PopServer;
let backendUrl: string;
const running: Core[] = [];

const loginAs = (sub: string): Driver => (url) => browse(url, { login: sub, password: ACCOUNTS[sub]!.password });

function issuerConfig(p: TestProvider) {
  return { issuer: p.issuer, audience: API_AUDIENCE, clientId: CLIENT_ID, scopes: SCOPES, tenant: { claim: 'tid', map: { [TID_POPERINGE]: 'poperinge', [TID_IEPER]: 'ieper' } } };
}

interface Desktop {
  core: Core;
  secrets: SecretStore;
  logDir: string;
  drive(driver: Driver): void;
  /** Waits for the browser of the last sign-in to finish (it runs on its own, like a real one). */
  browsed(): Promise<unknown>;
  stored(): Promise<OidcTokens | null>;
}

async function startDesktop(name: string, options: { secrets?: SecretStore; refreshSkewMs?: number } = {}): Promise<Desktop> {
  const secrets = options.secrets ?? createMemorySecretStore();
  const logDir = join(tmp.dir, name, 'logs');
  let driver: Driver = async () => undefined;
  let lastDrive: Promise<unknown> = Promise.resolve();
  const core = createCore({
    dataDir: join(tmp.dir, name),
    backend: { url: backendUrl },
    secretStore: secrets,
    log: createLogger({ dir: logDir, level: 'debug' }),
    live: false,
    pollMs: 3_600_000,
    // offline_access needs prompt=consent at oidc-provider (Entra ID and Keycloak do not ask for it)
    oidc: { openExternal: (url) => (lastDrive = driver(url)), extraParams: { prompt: 'consent' }, timeoutMs: 15_000, refreshSkewMs: options.refreshSkewMs, checkEveryMs: 200 },
  });
  running.push(core);
  await core.start();
  return {
    core,
    secrets,
    logDir,
    drive: (next) => {
      driver = next;
    },
    browsed: () => lastDrive,
    stored: async () => {
      const raw = await secrets.get(OIDC_SECRET_KEY);
      return raw ? (JSON.parse(raw) as OidcTokens) : null;
    },
  };
}

async function until<T>(what: string, probe: () => Promise<T | null | false> | T | null | false, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function failure(promise: unknown): Promise<PopError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof PopError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

const peopleCount = (core: Core) => (core.db.prepare('SELECT count(*) AS n FROM dir_people').get() as { n: number }).n;

beforeAll(async () => {
  [provider, shortLived] = await Promise.all([startTestProvider({ accounts: ACCOUNTS }), startTestProvider({ accounts: ACCOUNTS, accessTokenTtl: 4 })]);
  server = await createServer({ file: join(tmp.dir, 'server.sqlite'), seed: { size: 120 }, oidc: [issuerConfig(provider), issuerConfig(shortLived)] });
  backendUrl = await server.listen(0, '127.0.0.1');
});

afterAll(async () => {
  for (const core of running) await core.stop().catch(() => undefined);
  await server?.close();
  await Promise.all([provider?.close(), shortLived?.close()]);
  tmp.cleanup();
});

describe('municipality sign-in (desktop core)', () => {
  it('tells the renderer which issuers the backend trusts', async () => {
    const { core } = await startDesktop('methods');
    expect(await core.handlers['session.authMethods']({})).toEqual({
      password: true,
      oidc: [
        { issuer: provider.issuer, clientId: CLIENT_ID, scopes: SCOPES, label: null },
        { issuer: shortLived.issuer, clientId: CLIENT_ID, scopes: SCOPES, label: null },
      ],
    });
  });

  it('signs in through the browser; the backend accepts the access token; tokens stay in main and out of the logs', async () => {
    const desktop = await startDesktop('signin');
    let page = '';
    desktop.drive(async (url) => {
      const authorize = new URL(url);
      expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authorize.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
      expect(authorize.searchParams.get('nonce')).toBeTruthy();
      page = (await browse(url, { login: 'sub-demo', password: 'pw-demo' })).body;
    });
    const state = await desktop.core.handlers['session.signInOidc']({});
    expect(state).toMatchObject({ signedIn: true, user: { username: 'demo', municipalityId: 'poperinge' } });
    await desktop.browsed();
    expect(page).toContain('U kunt dit venster sluiten');

    const tokens = await desktop.stored();
    expect(tokens?.refreshToken).toBeTruthy();
    expect(JSON.stringify(state)).not.toContain(tokens!.accessToken);

    const status = await desktop.core.handlers['sync.now']({});
    expect(status).toMatchObject({ ready: true, error: null });
    expect(peopleCount(desktop.core)).toBeGreaterThan(50);

    const logs = readdirSync(desktop.logDir).map((f) => readFileSync(join(desktop.logDir, f), 'utf8')).join('\n');
    expect(logs).toContain('signed in with municipality account');
    expect(logs).not.toContain(tokens!.accessToken);
    expect(logs).not.toContain(tokens!.refreshToken!);

    expect(await desktop.core.handlers['session.signOut']({})).toMatchObject({ signedIn: false });
    expect(await desktop.stored()).toBeNull();
  });

  const CHROMIUM = '/usr/bin/chromium';
  it('signs in with a real browser (Chromium) as the system browser', async (ctx) => {
    if (!existsSync(CHROMIUM)) {
      console.log(`skipped: no Chromium at ${CHROMIUM}`);
      return ctx.skip();
    }
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
    });
    try {
      const page = await browser.newPage();
      const desktop = await startDesktop('chromium');
      desktop.drive(async (url) => {
        // what the user does in the browser window the app opened
        await page.goto(url);
        await page.fill('input[name="login"]', 'sub-ieper');
        await page.fill('input[name="password"]', ACCOUNTS['sub-ieper']!.password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('button', { name: 'Allow' }).click(); // consent
        await page.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/);
      });
      const state = await desktop.core.handlers['session.signInOidc']({});
      expect(state).toMatchObject({ signedIn: true, user: { username: 'ieper', municipalityId: 'ieper' } });
      await desktop.browsed();
      expect(await page.textContent('body')).toContain('You can close this window');
    } finally {
      await browser.close();
    }
  });

  it('refuses a callback whose state does not belong to the sign-in', async () => {
    const desktop = await startDesktop('state');
    let page = '';
    desktop.drive(async (url) => {
      const forged = new URL(url);
      forged.searchParams.set('state', 'state-of-an-attacker');
      page = (await browse(forged.toString(), { login: 'sub-demo', password: 'pw-demo' })).body;
    });
    const error = await failure(desktop.core.handlers['session.signInOidc']({}));
    expect(error.code).toBe('unauthenticated');
    expect(error.message).toMatch(/state mismatch/);
    await desktop.browsed();
    expect(page).toContain('Aanmelden is niet gelukt');
    expect(await desktop.core.handlers['session.get']({})).toMatchObject({ signedIn: false });
    expect(await desktop.stored()).toBeNull();
  });

  it('refuses provider accounts the backend does not know, or of another municipality', async () => {
    const desktop = await startDesktop('unknown');
    for (const sub of ['sub-mallory', 'sub-crossover']) {
      let page = '';
      desktop.drive(async (url) => {
        page = (await browse(url, { login: sub, password: ACCOUNTS[sub]!.password })).body;
      });
      const error = await failure(desktop.core.handlers['session.signInOidc']({}));
      expect(error.code).toBe('forbidden');
      expect(error.message).toMatch(/not linked to a Pop Index account/);
      // the browser is not told "signed in" before the backend agreed
      await desktop.browsed();
      expect(page).toContain('Signing in failed');
    }
    expect(await desktop.stored()).toBeNull();
    expect(await desktop.core.handlers['session.get']({})).toMatchObject({ signedIn: false });
  });

  it('renews the access token with the refresh token before it expires', async () => {
    // renew 299 s before a 300 s expiry: the first renewal is due after about one second
    const desktop = await startDesktop('refresh', { refreshSkewMs: 299_000 });
    desktop.drive(loginAs('sub-demo'));
    await desktop.core.handlers['session.signInOidc']({});
    const first = (await desktop.stored())!;
    const renewed = await until('a renewed access token', async () => {
      const now = await desktop.stored();
      return now && now.accessToken !== first.accessToken ? now : null;
    });
    expect(renewed.refreshToken).not.toBe(first.refreshToken); // public client: rotated
    expect(await desktop.core.handlers['session.get']({})).toMatchObject({ signedIn: true, user: { username: 'demo' } });
    expect(await desktop.core.handlers['sync.now']({})).toMatchObject({ error: null });
    await desktop.core.stop();
    // the replaced refresh token is spent
    await expect(refreshTokens(first)).rejects.toMatchObject({ code: 'refresh_failed' });
  });

  it('a refused renewal asks to sign in again, keeping the cache and the outbox', async () => {
    const desktop = await startDesktop('lapse', { refreshSkewMs: 1000 });
    desktop.drive(loginAs('sub-demo'));
    await desktop.core.handlers['session.signInOidc']({ issuer: shortLived.issuer });
    await desktop.core.handlers['sync.now']({});
    const cached = peopleCount(desktop.core);
    expect(cached).toBeGreaterThan(50);
    const queued = enqueueCommand(desktop.core.db, 'letters.reserve', { subject: 'test' }, new Date());
    const announced: boolean[] = [];
    desktop.core.on('session.changed', (s) => announced.push(s.signedIn));
    await shortLived.revoke((await desktop.stored())!.refreshToken!);

    await until('the session to lapse', async () => !(await desktop.core.handlers['session.get']({})).signedIn);
    expect(announced).toContain(false); // the renderer hears it and shows the sign-in screen
    expect(await desktop.stored()).toBeNull();
    expect(peopleCount(desktop.core)).toBe(cached);
    const outboxRow = () => desktop.core.db.prepare('SELECT status, reason FROM core_outbox WHERE seq = ?').get(queued.seq) as { status: string; reason: string | null };
    expect(outboxRow()).toEqual({ status: 'pending', reason: null });

    const again = await desktop.core.handlers['session.signInOidc']({ issuer: shortLived.issuer });
    expect(again).toMatchObject({ signedIn: true, user: { username: 'demo' } });
    expect(peopleCount(desktop.core)).toBe(cached);
    expect(outboxRow().reason).not.toBe('signed_out');
  });

  it('renews a session that lapsed while the app was closed, silently at start', async () => {
    const secrets = createMemorySecretStore();
    const first = await startDesktop('restart', { secrets });
    first.drive(loginAs('sub-demo'));
    await first.core.handlers['session.signInOidc']({ issuer: shortLived.issuer });
    const before = (await first.stored())!;
    await first.core.stop();
    await new Promise((r) => setTimeout(r, Math.max(0, before.expiresAt - Date.now()) + 300));

    const second = await startDesktop('restart', { secrets });
    const state = await until('a silently renewed session', async () => {
      const s = await second.core.handlers['session.get']({});
      return s.signedIn ? s : null;
    });
    expect(state.user?.username).toBe('demo');
    expect((await second.stored())!.accessToken).not.toBe(before.accessToken);
  });
});

describe('browser sign-in details (oidc-login + loopback)', () => {
  const settings = () => ({ issuer: provider.issuer, clientId: CLIENT_ID, scopes: SCOPES });

  it('times out when the browser never comes back, and closes the loopback port', async () => {
    let redirect = '';
    const error = await signInWithBrowser(settings(), {
      openExternal: (url) => {
        redirect = new URL(url).searchParams.get('redirect_uri')!;
      },
      timeoutMs: 300,
    }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OidcSignInError);
    expect((error as OidcSignInError).code).toBe('timeout');
    await expect(fetch(redirect)).rejects.toThrow();
  });

  it('answers only GET /callback on 127.0.0.1, and reports a refusal by the provider', async () => {
    const error = await signInWithBrowser(settings(), {
      openExternal: async (url) => {
        const authorize = new URL(url);
        const callback = new URL(authorize.searchParams.get('redirect_uri')!);
        expect(callback.hostname).toBe('127.0.0.1');
        expect((await fetch(new URL('/other', callback))).status).toBe(404);
        expect((await fetch(callback, { method: 'POST' })).status).toBe(404);
        callback.searchParams.set('state', authorize.searchParams.get('state')!);
        callback.searchParams.set('error', 'access_denied');
        expect((await fetch(callback)).status).toBe(400);
      },
      timeoutMs: 5000,
    }).catch((err: unknown) => err);
    expect((error as OidcSignInError).code).toBe('denied');
  });

  it('reports a browser that cannot be opened', async () => {
    const error = await signInWithBrowser(settings(), {
      openExternal: () => {
        throw new Error('no browser');
      },
    }).catch((err: unknown) => err);
    expect((error as OidcSignInError).code).toBe('cancelled');
  });
});
