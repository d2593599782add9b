/**
 * Which IPC senders main answers: only the app's own top-level frame, loaded from the app's own
 * origin. Anything else (an iframe, a page that navigated away, another origin) is refused.
 */
import { CHANNEL_PREFIX, isMethodName, type MethodName } from '../../shared/ipc/channels.js';
import { APP_ORIGIN } from './app-protocol.js';

export interface SenderInfo {
  /** true when the sending frame is the window's main frame (frame === webContents.mainFrame). */
  isMainFrame: boolean;
  /** URL of the sending frame, or null when the frame is gone. */
  frameUrl: string | null;
}

export function isTrustedSender(sender: SenderInfo, origin: string = APP_ORIGIN): boolean {
  if (!sender.isMainFrame || !sender.frameUrl) return false;
  try {
    const url = new URL(sender.frameUrl);
    // For custom schemes URL.origin is 'null': compare scheme and host ourselves.
    return `${url.protocol}//${url.host}` === origin;
  } catch {
    return false;
  }
}

export function channelOf(method: MethodName): string {
  return CHANNEL_PREFIX + method;
}

export function methodOfChannel(channel: string): MethodName | null {
  if (!channel.startsWith(CHANNEL_PREFIX)) return null;
  const name = channel.slice(CHANNEL_PREFIX.length);
  return isMethodName(name) ? name : null;
}
