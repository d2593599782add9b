/**
 * The Electron entry (src/main/index.ts + src/main/shell) wired for real around the real core in
 * demo mode (embedded backend, SQLite, sync) and the real desktop host — with Electron's own APIs
 * replaced by a recording stand-in, because no Electron binary runs here. Proves the wiring:
 * secure window options, app:// served with CSP and the traversal guard, every contract method on
 * IPC with the sender check, links through the core's check, permissions denied, events forwarded,
 * tray rendered from the host's model, secrets never persisted without OS encryption.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { METHODS } from '../../src/shared/ipc/channels.js';

type Fn = (...args: never[]) => unknown;
const e = vi.hoisted(() => {
  const state = {
    root: '',
    dirs: {} as Record<string, string>,
    appEvents: new Map<string, Fn>(),
    windows: [] as Array<{ options: Record<string, unknown>; url: string; openHandler: Fn | null; wcEvents: Map<string, Fn>; sent: Array<[string, unknown]> }>,
    protocolHandler: null as null | ((request: Request) => Promise<Response>),
    ipc: new Map<string, Fn>(),
    permissionHandler: null as null | Fn,
    opened: [] as string[],
    tooltips: [] as string[],
    exitCode: null as number | null,
    /** utilityProcess.fork calls: the module Electron would start and the stand-in child. */
    forks: [] as Array<{ modulePath: string; options: Record<string, unknown>; child: { crash(): void } }>,
  };
  return state;
});

vi.mock('electron', () => {
  class BrowserWindow {
    webContents: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      const win = { options, url: '', openHandler: null as Fn | null, wcEvents: new Map<string, Fn>(), sent: [] as Array<[string, unknown]> };
      e.windows.push(win);
      const mainFrame = { url: 'app://pop-index/index.html' };
      this.webContents = {
        mainFrame,
        setWindowOpenHandler: (fn: Fn) => (win.openHandler = fn),
        on: (name: string, fn: Fn) => win.wcEvents.set(name, fn),
        send: (channel: string, payload: unknown) => win.sent.push([channel, payload]),
        isDestroyed: () => false,
      };
      this.loadURL = async (url: string) => {
        win.url = url;
      };
    }
    loadURL: (url: string) => Promise<void>;
    on() {}
    once() {}
    show() {}
    hide() {}
    focus() {}
    restore() {}
    isMinimized() {
      return false;
    }
    isDestroyed() {
      return false;
    }
  }
  class Tray {
    setImage() {}
    setToolTip(text: string) {
      e.tooltips.push(text);
    }
    setContextMenu() {}
    on() {}
    destroy() {}
  }
  class Notification {
    static isSupported() {
      return true;
    }
    on() {}
    show() {}
  }
  // Electron's utilityProcess, stood in by a real worker thread running the core worker's source
  // (the same entry and channel; Electron would start out/main/core-worker.js in its own process).
  const utilityProcess = {
    fork: (modulePath: string, _args: string[], options: Record<string, unknown>) => {
      const entry = new URL('../../src/main/core-host/core-worker.ts', import.meta.url).href;
      const worker = new Worker(`import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(entry)}); })`, { eval: true });
      worker.on('error', () => undefined);
      const child = {
        pid: 4242,
        postMessage: (message: unknown) => worker.postMessage(message),
        on(event: string, listener: (...args: unknown[]) => void) {
          if (event === 'message') worker.on('message', listener);
          else if (event === 'exit') worker.on('exit', listener);
          else if (event === 'spawn') worker.once('online', listener);
          return child;
        },
        kill: () => void worker.terminate(),
        crash: () => void worker.terminate(),
      };
      e.forks.push({ modulePath, options, child });
      return child;
    },
  };
  const app = {
    isPackaged: false,
    getAppPath: () => e.root,
    getPath: (name: string) => e.dirs[name] ?? join(e.dirs.userData ?? '/nonexistent', name),
    setPath: (name: string, value: string) => (e.dirs[name] = value),
    getVersion: () => '0.1.0',
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    on: (name: string, fn: Fn) => e.appEvents.set(name, fn),
    quit: () => undefined,
    exit: (code: number) => (e.exitCode = code),
    setLoginItemSettings: () => undefined,
  };
  return {
    app,
    utilityProcess,
    BrowserWindow,
    Tray,
    Notification,
    Menu: { buildFromTemplate: (t: unknown) => t },
    nativeImage: { createFromPath: (p: string) => p },
    protocol: { registerSchemesAsPrivileged: () => undefined, handle: (_s: string, fn: (r: Request) => Promise<Response>) => (e.protocolHandler = fn) },
    session: { defaultSession: { setPermissionRequestHandler: (fn: Fn) => (e.permissionHandler = fn), setPermissionCheckHandler: () => undefined } },
    ipcMain: { handle: (channel: string, fn: Fn) => e.ipc.set(channel, fn), removeHandler: (channel: string) => e.ipc.delete(channel) },
    safeStorage: { isEncryptionAvailable: () => false, getSelectedStorageBackend: () => 'basic_text' },
    clipboard: { writeText: () => undefined },
    shell: { openExternal: async (url: string) => void e.opened.push(url) },
  };
});

const root = join(import.meta.dirname, '..', '..');
let tmp: string;
const invoke = (method: string, input: unknown, frameUrl = 'app://pop-index/index.html', mainFrame = true) => {
  const handler = e.ipc.get(`pop:${method}`) as unknown as (event: unknown, input: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>;
  const frame = { url: frameUrl };
  const sender = { mainFrame: mainFrame ? frame : { url: 'app://pop-index/index.html' } };
  return handler({ sender, senderFrame: frame }, input);
};

beforeAll(async () => {
  if (!['out/renderer/index.html', 'out/preload/index.cjs'].every((f) => existsSync(join(root, f))))
    spawnSync(join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], { cwd: root, stdio: 'inherit' });
  tmp = mkdtempSync(join(tmpdir(), 'pop-shell-'));
  e.root = root;
  e.dirs = { logs: join(tmp, 'logs') };
  process.env.POP_INDEX_TEST = '1';
  process.env.POP_INDEX_USER_DATA = join(tmp, 'userData');
  process.env.POP_INDEX_POLICY = join(tmp, 'no-policy.json');
  await import('../../src/main/index.js');
  // main() runs on import: wait until the core has started and synced the demo data.
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (e.exitCode !== null) throw new Error(`main exited with ${e.exitCode}`);
    if (e.ipc.size > 0) {
      const status = await invoke('sync.status', {});
      if (status.ok && (status.value as { ready: boolean }).ready) break;
    }
    if (Date.now() > deadline) throw new Error('demo core did not sync in time');
    await new Promise((r) => setTimeout(r, 250));
  }
}, 180_000);

afterAll(async () => {
  const willQuit = e.appEvents.get('will-quit') as unknown as ((event: { preventDefault(): void }) => void) | undefined;
  willQuit?.({ preventDefault: () => undefined });
  await new Promise((r) => setTimeout(r, 1_000));
  rmSync(tmp, { recursive: true, force: true });
  delete process.env.POP_INDEX_TEST;
  delete process.env.POP_INDEX_USER_DATA;
  delete process.env.POP_INDEX_POLICY;
});

describe('Electron entry wiring (Electron APIs stood in)', () => {
  it('opens one locked-down window on app://pop-index/ with the sandboxed preload', () => {
    expect(e.windows).toHaveLength(1);
    const win = e.windows[0]!;
    expect(win.url).toBe('app://pop-index/index.html');
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(String((win.options.webPreferences as { preload: string }).preload)).toBe(join(root, 'out', 'preload', 'index.cjs'));
  });

  it('serves the renderer with the CSP header and refuses traversal', async () => {
    const ok = await e.protocolHandler!(new Request('app://pop-index/index.html'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await ok.text()).toContain('<div id="app">');
    expect((await e.protocolHandler!(new Request('app://pop-index/assets/%2e%2e%2f%2e%2e%2fpackage.json'))).status).toBe(404);
  });

  it('registers every contract method and answers only the app main frame', async () => {
    for (const method of METHODS) expect(e.ipc.has(`pop:${method}`)).toBe(true);
    expect(await invoke('app.info', {})).toMatchObject({ ok: true, value: { demo: true, shell: 'electron' } });
    expect(await invoke('app.info', {}, 'https://evil.example/')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await invoke('app.info', {}, 'app://pop-index/index.html', false)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await invoke('directory.search', { limit: 'all' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await invoke('settings.get', {})).toMatchObject({ ok: true, value: { locked: [] } });
  });

  it('denies new windows, navigation away and permissions; links go through the core check', async () => {
    const win = e.windows[0]!;
    expect((win.openHandler as unknown as (d: { url: string }) => unknown)({ url: 'tel:+3257346578' })).toEqual({ action: 'deny' });
    expect((win.openHandler as unknown as (d: { url: string }) => unknown)({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    let prevented = false;
    (win.wcEvents.get('will-navigate') as unknown as (ev: { preventDefault(): void }, url: string) => void)({ preventDefault: () => (prevented = true) }, 'https://evil.example/');
    expect(prevented).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(e.opened).toEqual(['tel:+3257346578']);
    let granted: boolean | null = null;
    (e.permissionHandler as unknown as (wc: unknown, p: string, cb: (g: boolean) => void) => void)({}, 'media', (g) => (granted = g));
    expect(granted).toBe(false);
  });

  it('forwards core events to the window and renders the tray from the host', async () => {
    await invoke('sync.now', {});
    const sent = e.windows[0]!.sent.map(([channel]) => channel);
    expect(sent).toContain('pop:event:sync.status');
    expect(e.tooltips.at(-1)).toMatch(/^Pop Index: .*verjaardag/);
  });

  it('runs the core in a utility process and restarts it when it dies; the window is told', async () => {
    expect(e.forks).toHaveLength(1);
    expect(e.forks[0]!.modulePath).toBe(join(root, 'out', 'main', 'core-worker.js'));
    expect(e.forks[0]!.options).toMatchObject({ serviceName: 'Pop Index core' });
    const win = e.windows[0]!;
    const sentBefore = win.sent.length;
    e.forks[0]!.child.crash();
    for (const deadline = Date.now() + 60_000; e.forks.length < 2 || !(await invoke('sync.status', {})).ok; ) {
      if (Date.now() > deadline) throw new Error('core was not restarted');
      await new Promise((r) => setTimeout(r, 100));
    }
    const statuses = win.sent.slice(sentBefore).filter(([channel]) => channel === 'pop:event:sync.status').map(([, payload]) => payload as { error: { code: string } | null });
    expect(statuses[0]?.error?.code).toBe('core_restarting');
    expect(await invoke('sync.now', {})).toMatchObject({ ok: true, value: { ready: true, error: null } });
    expect(win.sent.slice(sentBefore).map(([channel]) => channel)).toContain('pop:event:data.changed');
  });

  it('keeps no secrets on disk when the OS offers no encryption', () => {
    expect(existsSync(join(tmp, 'userData', 'secrets.json'))).toBe(false);
  });
});
