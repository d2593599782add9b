/** Handlers of the core's own contract methods: app, session, sync, shell. */
import type { APP_METHODS } from '../../shared/ipc/channels.js';
import { PopError, type SessionState } from '../../shared/ipc/contract.js';
import type { Handlers } from './dispatch.js';
import type { Logger } from './logging/logger.js';
import { isAllowedExternalUrl, type LinkPolicy } from './links.js';
import type { Session } from './session/session.js';
import type { SyncEngine } from './sync/engine.js';
import { BackendError } from './sync/http.js';

export type CoreMethod = (typeof APP_METHODS)[number];

export interface CoreHandlerDeps {
  version: string;
  shell: 'electron' | 'web';
  demo: boolean;
  backendUrl(): string | null;
  session: Session;
  engine: SyncEngine;
  log: Logger;
  linkPolicy: LinkPolicy;
  openExternal?(url: string): Promise<void> | void;
}

export function coreHandlers(d: CoreHandlerDeps): Pick<Handlers, CoreMethod> {
  const state = (): SessionState => {
    const user = d.session.user();
    return { signedIn: user !== null, user, demo: d.demo };
  };
  return {
    'app.info': () => ({ version: d.version, demo: d.demo, backendUrl: d.backendUrl(), shell: d.shell, platform: process.platform }),
    'session.get': state,
    'session.signIn': async ({ username, password }) => {
      try {
        await d.session.signIn(username, password);
      } catch (err) {
        if (err instanceof BackendError && err.reason === 'unauthenticated') {
          throw new PopError('unauthenticated', 'Wrong username or password');
        }
        throw err;
      }
      d.engine.kick();
      return state();
    },
    'session.signOut': async () => {
      await d.session.signOut();
      return state();
    },
    'sync.status': () => d.engine.status(),
    'sync.now': () => d.engine.syncNow(),
    'shell.openExternal': async ({ url }) => {
      if (!isAllowedExternalUrl(url, d.linkPolicy)) {
        d.log.warn('external link refused', { scheme: url.split(':')[0]?.slice(0, 20) });
        throw new PopError('forbidden', 'Only phone, e-mail, Teams and approved https links can be opened');
      }
      if (!d.openExternal) return { opened: false };
      await d.openExternal(url);
      return { opened: true };
    },
  };
}
