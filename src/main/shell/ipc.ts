/**
 * The one IPC wrapper: every contract method is registered with ipcMain.handle on
 * `pop:<method>`; a call is answered only when it comes from the app's own main frame on
 * app://pop-index, then goes through `dispatch` (input validation, Envelope). Events from the core
 * go to the window on `pop:event:<name>`.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { EVENT_CHANNEL_PREFIX, METHODS, type EventName } from '../../shared/ipc/channels.js';
import type { Envelope } from '../../shared/ipc/contract.js';
import { dispatch, type Handlers } from '../core/dispatch.js';
import type { Logger } from '../core/logging/logger.js';
import { channelOf, isTrustedSender } from '../desktop/ipc-sender.js';

function senderOf(event: IpcMainInvokeEvent) {
  const frame = event.senderFrame;
  return { isMainFrame: frame !== null && frame === event.sender.mainFrame, frameUrl: frame?.url ?? null };
}

export function registerIpc(handlers: Handlers, log: Logger): () => void {
  for (const method of METHODS) {
    ipcMain.handle(channelOf(method), async (event, input: unknown): Promise<Envelope<unknown>> => {
      if (!isTrustedSender(senderOf(event))) {
        log.warn('IPC call from an untrusted frame refused', { method });
        return { ok: false, error: { code: 'forbidden', message: 'Call refused: not from the app window' } };
      }
      return dispatch(handlers, method, input, log);
    });
  }
  return () => {
    for (const method of METHODS) ipcMain.removeHandler(channelOf(method));
  };
}

export function sendEvent(win: BrowserWindow | null, event: EventName, payload: unknown): void {
  if (!win || win.isDestroyed() || win.webContents.isDestroyed()) return;
  win.webContents.send(EVENT_CHANNEL_PREFIX + event, payload);
}
