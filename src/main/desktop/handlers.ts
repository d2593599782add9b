/**
 * The SETTINGS_METHODS handlers (settings, updates, diagnostics, renderer logs) the desktop host
 * serves; the host merges them with the core's (merge-handlers.ts).
 */
import type { SETTINGS_METHODS } from '../../shared/ipc/channels.js';
import { PopError } from '../../shared/ipc/contract.js';
import type { Handlers } from '../core/dispatch.js';
import type { Logger } from '../core/logging/logger.js';
import type { SettingsService } from './settings.js';
import type { UpdateService } from './updater.js';

export type DesktopMethod = (typeof SETTINGS_METHODS)[number];
export type DesktopHandlers = Pick<Handlers, DesktopMethod>;

/** A fixed window counter: at most `max` takes per `windowMs`. */
export class RateLimit {
  private windowStart = Number.NEGATIVE_INFINITY;
  private used = 0;
  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => Date,
  ) {}
  take(): boolean {
    const t = this.now().getTime();
    if (t - this.windowStart >= this.windowMs) {
      this.windowStart = t;
      this.used = 0;
    }
    return ++this.used <= this.max;
  }
}

export interface DesktopHandlerDeps {
  settings: SettingsService;
  updates: UpdateService;
  log: Logger;
  now: () => Date;
  diagnostics: () => Promise<string>;
  /** Electron's clipboard; without it the renderer copies the text itself. */
  clipboard?: (text: string) => void;
}

export function createDesktopHandlers(d: DesktopHandlerDeps): DesktopHandlers {
  // At most 120 renderer log lines a minute: a looping error cannot fill the disk.
  const rendererLogBudget = new RateLimit(120, 60_000, d.now);
  return {
    'settings.get': () => d.settings.view(),
    'settings.set': (patch) => d.settings.set(patch),
    'updates.state': () => d.updates.state(),
    'updates.check': () => d.updates.check(),
    'updates.installNow': () => {
      if (!d.updates.installNow()) throw new PopError('conflict', 'No downloaded update is ready to install');
      return { accepted: true };
    },
    'diagnostics.log': ({ level, scope, message }) => {
      if (!rendererLogBudget.take()) return { logged: false };
      d.log.scope(`renderer.${scope}`)[level](message);
      return { logged: true };
    },
    'diagnostics.copy': async () => {
      const text = await d.diagnostics();
      d.clipboard?.(text);
      d.log.info('diagnostics copied');
      return { text, copied: Boolean(d.clipboard) };
    },
  };
}
