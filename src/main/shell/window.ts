/**
 * The one window, locked down: context isolation, sandbox, no Node integration, web security,
 * the UI only from app://pop-index/, navigation and new windows denied (links that pass the core's
 * shell.openExternal check open in the system browser / phone / mail / Teams), every permission
 * request denied. Closing the window hides it to the tray; quitting is done from the tray.
 */
import { BrowserWindow, session } from 'electron';
import { APP_ORIGIN, APP_START_URL } from '../desktop/app-protocol.js';
import type { Logger } from '../core/logging/logger.js';

export interface WindowOptions {
  preload: string;
  icon?: string;
  log: Logger;
  /** Called with a URL the page tried to open: the core decides (tel:, mailto:, msteams:, allowed https). */
  openExternal: (url: string) => void;
  /** true while the app is quitting: closing then really closes. */
  isQuitting: () => boolean;
}

export function lockDownSession(log: Logger): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback) => {
    log.info('permission request denied', { permission });
    callback(false);
  });
  ses.setPermissionCheckHandler(() => false);
}

export function createMainWindow(options: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Pop Index',
    ...(options.icon ? { icon: options.icon } : {}),
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });

  win.webContents.setWindowOpenHandler(({ url }) => {
    options.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (url.startsWith(`${APP_ORIGIN}/`)) return; // in-app route changes
    event.preventDefault();
    options.openExternal(url);
  });
  win.webContents.on('will-redirect', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  win.webContents.on('render-process-gone', (_event, details) => options.log.error('renderer gone', { reason: details.reason }));
  win.on('close', (event) => {
    if (options.isQuitting()) return;
    event.preventDefault();
    win.hide();
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_START_URL);
  return win;
}

export function showWindow(win: BrowserWindow | null): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
