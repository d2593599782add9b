/**
 * The one updater module: drives electron-updater (generic provider) through the small
 * `UpdaterEngine` interface, so the same code runs with the real `autoUpdater` in Electron and
 * with an `NsisUpdater` on a custom app adapter in Node tests. Checks on start and every few
 * hours, downloads in the background, installs on quit or at the user's chosen time, honours the
 * feed's stagingPercentage (bypassed when the backend requires a newer version), and never
 * throws: every failure is logged and shown as state.
 */
import type { UpdateState, UserSettings } from '../../shared/contract/settings.js';
import type { Logger } from '../core/logging/logger.js';
import { isOlderThan } from '../../shared/version.js';

export interface UpdateInfoLike {
  version: string;
  stagingPercentage?: number;
}

/** The part of electron-updater's AppUpdater this module uses. */
export interface UpdaterEngine {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  /** Method syntax on purpose (bivariant): electron-updater passes its full UpdateInfo. */
  isUserWithinRollout(info: UpdateInfoLike): boolean | Promise<boolean>;
  logger: { info(message?: unknown): void; warn(message?: unknown): void; error(message?: unknown): void } | null;
  setFeedURL(options: { provider: 'generic'; url: string; channel?: string }): void;
  checkForUpdates(): Promise<{ isUpdateAvailable: boolean; updateInfo: UpdateInfoLike } | null>;
  downloadUpdate(): Promise<string[]>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'download-progress', listener: (info: { percent: number }) => void): unknown;
}

export type DisabledReason = NonNullable<UpdateState['disabledReason']>;

export interface UpdateServiceOptions {
  /** null when updates are off (`disabledReason` says why). */
  engine: UpdaterEngine | null;
  disabledReason: DisabledReason | null;
  currentVersion: string;
  /** Feed and channel from the policy; omitted: the build's app-update.yml. */
  feedUrl?: string;
  channel?: string;
  log: Logger;
  intervalMs?: number;
  installPreference: () => Pick<UserSettings, 'updateInstall' | 'updateInstallTime'>;
  /** Asked before each check: the minimum client version the backend requires (null: none/unknown). */
  minVersionSource?: () => Promise<string | null>;
  now?: () => Date;
}

export const DEFAULT_CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000;

/** The next local time-of-day "HH:MM" strictly after `now`. */
export function nextTimeOfDay(now: Date, time: string): Date {
  const [h, m] = time.split(':').map(Number);
  const at = new Date(now);
  at.setHours(h ?? 0, m ?? 0, 0, 0);
  if (at.getTime() <= now.getTime()) at.setDate(at.getDate() + 1);
  return at;
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as Error & { code?: unknown }).code;
    const first = err.message.split('\n')[0]?.slice(0, 200) ?? '';
    return typeof code === 'string' ? `${code}: ${first}` : first;
  }
  return String(err).slice(0, 200);
}

export class UpdateService {
  private current: UpdateState;
  private readonly listeners = new Set<(state: UpdateState) => void>();
  private interval: ReturnType<typeof setInterval> | null = null;
  private installTimer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<UpdateState> | null = null;
  private readonly now: () => Date;

  constructor(private readonly options: UpdateServiceOptions) {
    this.now = options.now ?? (() => new Date());
    this.current = {
      status: options.engine ? 'idle' : 'disabled',
      disabledReason: options.engine ? null : (options.disabledReason ?? 'unpackaged'),
      currentVersion: options.currentVersion,
      availableVersion: null,
      percent: null,
      lastCheckAt: null,
      error: null,
      minVersion: null,
      mustUpdate: false,
      installAt: null,
    };
    const engine = options.engine;
    if (!engine) return;
    engine.autoDownload = false;
    engine.autoInstallOnAppQuit = true;
    engine.logger = { info: () => undefined, warn: (m) => options.log.warn(`updater: ${String(m).slice(0, 300)}`), error: (m) => options.log.error(`updater: ${String(m).slice(0, 300)}`) };
    if (options.feedUrl) engine.setFeedURL({ provider: 'generic', url: options.feedUrl, ...(options.channel ? { channel: options.channel } : {}) });
    const stagingMatch = engine.isUserWithinRollout.bind(engine);
    // A required minimum version overrides a staged rollout: that client must update now.
    engine.isUserWithinRollout = (info) => (this.current.mustUpdate ? true : stagingMatch(info));
    engine.on('download-progress', (info) => this.patch({ percent: Math.min(100, Math.max(0, Math.round(info.percent))) }));
  }

  state(): UpdateState {
    return { ...this.current };
  }

  onState(listener: (state: UpdateState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Check now and every `intervalMs` (only the minimum version when updates are off); never throws. */
  start(): void {
    if (this.interval) return;
    void this.check();
    this.interval = setInterval(() => void this.check(), this.options.intervalMs ?? DEFAULT_CHECK_INTERVAL_MS);
    this.interval.unref?.();
  }

  stop(): void {
    if (this.interval) clearInterval(this.interval);
    if (this.installTimer) clearTimeout(this.installTimer);
    this.interval = null;
    this.installTimer = null;
  }

  setMinVersion(minVersion: string | null): void {
    const mustUpdate = isOlderThan(this.options.currentVersion, minVersion);
    if (mustUpdate && !this.current.mustUpdate) this.options.log.warn('backend requires a newer client', { minVersion: minVersion ?? '' });
    this.patch({ minVersion, mustUpdate });
  }

  check(): Promise<UpdateState> {
    const engine = this.options.engine;
    if (!engine || this.current.status === 'ready') return this.refreshMinVersion().then(() => this.state());
    this.running ??= this.run(engine).finally(() => (this.running = null));
    return this.running;
  }

  /** Asks the backend for its minimum client version; a failure keeps the last known value. */
  private async refreshMinVersion(): Promise<void> {
    if (!this.options.minVersionSource) return;
    try {
      this.setMinVersion(await this.options.minVersionSource());
    } catch (err) {
      this.options.log.info(`minimum version unknown: ${describe(err)}`);
    }
  }

  /** Quit and install a downloaded update; false when none is ready. */
  installNow(): boolean {
    if (!this.options.engine || this.current.status !== 'ready') return false;
    this.options.log.info('installing update now', { version: this.current.availableVersion ?? '' });
    this.options.engine.quitAndInstall(true, true);
    return true;
  }

  /** Re-plans the install time after the user changed the preference. */
  rescheduleInstall(): void {
    if (this.current.status === 'ready') this.scheduleInstall();
  }

  private async run(engine: UpdaterEngine): Promise<UpdateState> {
    try {
      await this.refreshMinVersion();
      this.patch({ status: 'checking', error: null });
      const result = await engine.checkForUpdates();
      const lastCheckAt = this.now().toISOString();
      if (!result || !result.isUpdateAvailable) {
        this.patch({ status: 'idle', availableVersion: null, lastCheckAt });
        return this.state();
      }
      const version = result.updateInfo.version;
      this.options.log.info('update available, downloading', { version });
      this.patch({ status: 'downloading', availableVersion: version, percent: 0, lastCheckAt });
      await engine.downloadUpdate();
      this.patch({ status: 'ready', percent: 100 });
      this.options.log.info('update downloaded', { version });
      this.scheduleInstall();
    } catch (err) {
      const error = describe(err);
      this.options.log.warn(`update check failed: ${error}`);
      this.patch({ status: 'error', error, percent: null, lastCheckAt: this.now().toISOString() });
    }
    return this.state();
  }

  private scheduleInstall(): void {
    if (this.installTimer) clearTimeout(this.installTimer);
    this.installTimer = null;
    const pref = this.options.installPreference();
    if (pref.updateInstall !== 'atTime') {
      this.patch({ installAt: null });
      return;
    }
    const at = nextTimeOfDay(this.now(), pref.updateInstallTime);
    this.installTimer = setTimeout(() => this.installNow(), at.getTime() - this.now().getTime());
    this.installTimer.unref?.();
    this.patch({ installAt: at.toISOString() });
  }

  private patch(change: Partial<UpdateState>): void {
    this.current = { ...this.current, ...change };
    const snapshot = this.state();
    for (const listener of this.listeners) listener(snapshot);
  }
}
