/**
 * The Electron entry: a thin shell around the plain-Node core (src/main/core) and the desktop host
 * (src/main/desktop). It owns only what needs Electron: the single instance, the window, the
 * app:// protocol, IPC registration, tray, notifications, safeStorage, login item, autoUpdater.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app, clipboard, shell, type BrowserWindow } from 'electron';
import { EVENTS } from '../shared/ipc/channels.js';
import { createCoreHost } from './core-host/host.js';
import { dispatch } from './core/dispatch.js';
import { createLogger } from './core/logging/logger.js';
import { DesktopHost } from './desktop/host.js';
import { mergeHandlers } from './desktop/merge-handlers.js';
import { policyPath } from './desktop/policy.js';
import { utilityProcessTransport } from './shell/core-process.js';
import { registerIpc, sendEvent } from './shell/ipc.js';
import { registerAppScheme, serveRenderer } from './shell/protocol.js';
import { createSafeSecretStore } from './shell/secret-store.js';
import { showNotification } from './shell/notifications.js';
import { createTray } from './shell/tray.js';
import { createUpdaterEngine } from './shell/updater.js';
import { createMainWindow, lockDownSession, showWindow } from './shell/window.js';

registerAppScheme();
// Tests and unpackaged runs may use their own profile (POP_INDEX_USER_DATA); a packaged app always uses the OS location.
if (!app.isPackaged && process.env.POP_INDEX_USER_DATA) app.setPath('userData', process.env.POP_INDEX_USER_DATA);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void main().catch((err: unknown) => {
    console.error('Pop Index failed to start', err);
    app.exit(1);
  });
}

async function main(): Promise<void> {
  await app.whenReady();
  const root = app.getAppPath();
  const dataDir = app.getPath('userData');
  const logDir = app.getPath('logs');
  const log = createLogger({ dir: logDir, level: 'info', console: !app.isPackaged });
  // A bug in main must leave a trace (name and code, never the message: it can quote personal
  // data) and must not silently kill the tray app; Electron's own dialog is not shown to staff.
  process.on('uncaughtException', (err) => log.error('uncaught exception in main', { error: err.name, code: (err as { code?: unknown }).code }));
  process.on('unhandledRejection', (reason) =>
    log.error('unhandled rejection in main', { error: reason instanceof Error ? reason.name : typeof reason }),
  );
  const dev = !app.isPackaged;
  let win: BrowserWindow | null = null;
  let quitting = false;

  const host = new DesktopHost({
    dataDir,
    logDir,
    // A test or an unpackaged run may point at another policy file; a packaged app reads only the machine's.
    policyFile: (dev && process.env.POP_INDEX_POLICY) || policyPath(process.platform, process.env),
    log,
    appVersion: app.getVersion(),
    shell: 'electron',
    platform: `${process.platform} ${process.arch}`,
    runtime: { electron: process.versions.electron ?? '?', chrome: process.versions.chrome ?? '?', node: process.versions.node },
    startAtLoginSupported: !dev && process.platform !== 'linux',
    updater: createUpdaterEngine(process.env),
    clipboard: (text) => clipboard.writeText(text),
  });

  const backendUrl = (dev && process.env.POP_INDEX_BACKEND_URL) || host.backendUrl();
  // npm start prepares an Electron-ABI build of better-sqlite3 here; a packaged app has its own.
  const nativeBinding = join(root, '.electron-native', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  // The core (cache, sync, outbox, search, demo backend) runs in its own utility process so a first
  // sync never blocks this process's windows, tray and IPC. Secrets and links stay here.
  const core = createCoreHost({
    spawn: utilityProcessTransport(join(root, 'out', 'main', 'core-worker.js'), log.scope('core-process')),
    core: {
      dataDir,
      backend: backendUrl ? { url: backendUrl } : { demo: true },
      linkPolicy: { httpsHosts: host.allowedLinkHosts() },
      version: app.getVersion(),
      shell: 'electron',
      ...(dev && existsSync(nativeBinding) ? { nativeBinding } : {}),
    },
    secretStore: createSafeSecretStore(dataDir, log.scope('secrets')),
    openExternal: (url) => shell.openExternal(url),
    log,
  });
  host.attachCore(core);
  const handlers = mergeHandlers(core.handlers, host.handlers);

  lockDownSession(log.scope('window'));
  serveRenderer(join(root, 'out', 'renderer'), log.scope('protocol'));
  registerIpc(handlers, log.scope('ipc'));
  for (const event of EVENTS) core.on(event, (payload) => sendEvent(win, event, payload));
  host.on((event, payload) => sendEvent(win, event, payload));

  const open = () => {
    if (!win || win.isDestroyed()) win = makeWindow();
    showWindow(win);
  };
  const navigate = (route: string) => {
    open();
    host.navigate(route);
  };
  const makeWindow = () =>
    createMainWindow({
      preload: join(root, 'out', 'preload', 'index.cjs'),
      icon: join(root, 'resources', 'icon.png'),
      log: log.scope('window'),
      // The core's shell.openExternal checks the link (tel:, mailto:, msteams:, allowed https hosts).
      openExternal: (url) => void dispatch(handlers, 'shell.openExternal', { url }, log),
      isQuitting: () => quitting,
    });

  const tray = createTray(join(root, 'resources', 'tray'), host.trayModel(), {
    open,
    navigate,
    sync: () => void host.syncNow(),
    quit: () => app.quit(),
  });
  host.onTray((model) => tray.update(model));
  host.onNotification((n) => showNotification(n, navigate));

  const applyLoginItem = (openAtLogin: boolean) => {
    if (host.settings.view().startAtLoginSupported) app.setLoginItemSettings({ openAtLogin });
  };
  applyLoginItem(host.settings.values().startAtLogin);
  host.settings.onChange((values) => applyLoginItem(values.startAtLogin));

  app.on('second-instance', open);
  app.on('activate', open);
  app.on('window-all-closed', () => {
    // Stay in the tray: quitting is done from the tray menu.
  });
  app.on('before-quit', () => {
    quitting = true;
  });
  let stopped = false;
  app.on('will-quit', (event) => {
    if (stopped) return; // second pass: let Electron quit (and electron-updater install on 'quit')
    event.preventDefault();
    host.stop();
    tray.destroy();
    void core
      .stop()
      .catch((err: unknown) => log.error('core stop failed', { error: err instanceof Error ? err.name : 'unknown' }))
      .then(() => log.flush?.())
      .finally(() => {
        stopped = true;
        app.quit();
      });
  });

  win = makeWindow();
  await core.start();
  host.start();
  log.info('started', { version: app.getVersion(), demo: backendUrl === null });
}
