/**
 * The desktop host in plain Node: policy, settings, updater, tray model and notifications around
 * the core, shared by Electron main (src/main/index.ts) and the web harness. It serves the
 * SETTINGS_METHODS handlers, which the host merges with the core's: `{ ...core.handlers, ...host.handlers }`.
 * The shell only renders what it computes (tray, notifications) and gives it Electron's pieces.
 */
import { join } from 'node:path';
import type { EventPayload } from '../../shared/ipc/contract.js';
import type { SyncStatus } from '../../shared/ipc/contract.js';
import type { Logger } from '../core/logging/logger.js';
import { fetchMinClientVersion } from './backend-health.js';
import { approvalsFromCore, decidedFromCore, lettersFromCore, type ArrivedLettersSource, type CoreLink, type DecidedRequestsSource, type PendingApprovalsSource } from './core-sources.js';
import { diagnosticsText } from './diagnostics.js';
import { createDesktopHandlers, type DesktopHandlers } from './handlers.js';
import { readJsonFile, writeJsonAtomic } from './json-file.js';
import { createTranslator } from './strings.js';
import { EMPTY_MEMORY, planNotifications, PlannerMemory, type PlannedNotification } from './notification-planner.js';
import { loadPolicy, type LoadedPolicy } from './policy.js';
import { SettingsService } from './settings.js';
import { trayModel, type TrayModel } from './tray-model.js';
import { UpdateService, type DisabledReason, type UpdaterEngine } from './updater.js';

export type { DesktopHandlers } from './handlers.js';

export interface DesktopHostOptions {
  dataDir: string;
  logDir: string | null;
  policyFile: string;
  log: Logger;
  appVersion: string;
  shell: 'electron' | 'web';
  platform: string;
  runtime?: Record<string, string>;
  startAtLoginSupported: boolean;
  updater: { engine: UpdaterEngine | null; disabledReason: DisabledReason | null };
  /** Electron's clipboard; without it the renderer copies the diagnostics text itself. */
  clipboard?: (text: string) => void;
  /** Default: taken from the core's approvals/letters features in attachCore. */
  approvals?: PendingApprovalsSource;
  letters?: ArrivedLettersSource;
  decided?: DecidedRequestsSource;
  notificationIntervalMs?: number;
  now?: () => Date;
}

type HostEvent = 'updates.state' | 'app.navigate';

export type { CoreLink } from './core-sources.js';



export class DesktopHost {
  readonly policy: LoadedPolicy;
  readonly settings: SettingsService;
  readonly updates: UpdateService;
  readonly handlers: DesktopHandlers;
  private core: CoreLink | null = null;
  private approvals: PendingApprovalsSource | undefined;
  private letters: ArrivedLettersSource | undefined;
  private decided: DecidedRequestsSource | undefined;
  private lastSync: SyncStatus | null = null;
  private tray: TrayModel;
  private memory: PlannerMemory;
  private readonly memoryFile: string;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly unsubscribe: Array<() => void> = [];
  private readonly trayListeners = new Set<(model: TrayModel) => void>();
  private readonly notifyListeners = new Set<(n: PlannedNotification) => void>();
  private readonly eventListeners = new Set<(event: HostEvent, payload: EventPayload<HostEvent>) => void>();
  private readonly log: Logger;

  constructor(private readonly o: DesktopHostOptions) {
    this.log = o.log.scope('desktop');
    this.approvals = o.approvals;
    this.letters = o.letters;
    this.decided = o.decided;
    this.policy = loadPolicy(o.policyFile, this.log.scope('policy'));
    this.settings = new SettingsService({ dataDir: o.dataDir, policy: this.policy.policy, log: this.log.scope('settings'), startAtLoginSupported: o.startAtLoginSupported });
    const updatesOn = this.policy.policy.updates.enabled;
    this.updates = new UpdateService({
      engine: updatesOn ? o.updater.engine : null,
      disabledReason: updatesOn ? o.updater.disabledReason : 'policy',
      currentVersion: o.appVersion,
      ...(this.policy.policy.updates.feedUrl ? { feedUrl: this.policy.policy.updates.feedUrl } : {}),
      ...(this.policy.policy.updates.channel ? { channel: this.policy.policy.updates.channel } : {}),
      log: this.log.scope('updates'),
      installPreference: () => this.settings.values(),
      minVersionSource: () => this.minClientVersion(),
      ...(o.now ? { now: o.now } : {}),
    });
    this.memoryFile = join(o.dataDir, 'notifications.json');
    const stored = readJsonFile(this.memoryFile, PlannerMemory);
    this.memory = stored.ok && stored.value ? stored.value : EMPTY_MEMORY;
    this.tray = trayModel({ pendingApprovals: 0, birthdaysToday: 0, online: true, updateReady: false }, this.t());
    let lastStatus = this.updates.state().status;
    this.updates.onState((state) => {
      this.emit('updates.state', state);
      if (state.status === 'ready' && lastStatus !== 'ready') {
        const t = this.t();
        this.notify({ kind: 'update', title: t('notify.updateTitle'), body: t('notify.updateBody', { version: state.availableVersion ?? '' }), route: '/settings' });
      }
      lastStatus = state.status;
      void this.refreshTray();
    });
    this.settings.onChange(() => {
      this.updates.rescheduleInstall();
      void this.refreshTray();
    });
    this.handlers = this.createHandlers();
  }

  /** The backend the core should use: null means the embedded demo backend. */
  backendUrl(): string | null {
    return this.settings.values().backendUrl;
  }

  /** Extra https hosts external links may open (policy). */
  allowedLinkHosts(): string[] {
    return this.policy.policy.allowedLinkHosts;
  }

  attachCore(core: CoreLink): void {
    this.core = core;
    this.approvals ??= approvalsFromCore(core.handlers);
    this.letters ??= lettersFromCore(core);
    this.decided ??= decidedFromCore(core);
    this.unsubscribe.push(
      core.on('sync.status', (status) => {
        const wasOnline = this.lastSync?.online;
        this.lastSync = status;
        if (wasOnline !== status.online) void this.refreshTray();
      }),
      core.on('data.changed', () => void this.refresh()),
      core.on('approvals.decided', () => setImmediate(() => void this.runNotifications())),
    );
  }

  start(): void {
    this.updates.start();
    void this.refresh();
    this.timer = setInterval(() => void this.runNotifications(), this.o.notificationIntervalMs ?? 60_000);
    this.timer.unref?.();
  }

  stop(): void {
    this.updates.stop();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const off of this.unsubscribe.splice(0)) off();
  }

  trayModel(): TrayModel {
    return this.tray;
  }
  onTray(listener: (model: TrayModel) => void): () => void {
    this.trayListeners.add(listener);
    return () => this.trayListeners.delete(listener);
  }
  onNotification(listener: (n: PlannedNotification) => void): () => void {
    this.notifyListeners.add(listener);
    return () => this.notifyListeners.delete(listener);
  }
  on(listener: (event: HostEvent, payload: EventPayload<HostEvent>) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Ask the UI to show a screen (tray menu item, notification click). */
  navigate(route: string): void {
    this.emit('app.navigate', { route });
  }

  async syncNow(): Promise<void> {
    await this.core?.handlers['sync.now']({});
  }

  /** Recompute tray and notifications now (data changed, or tests). */
  async refresh(): Promise<void> {
    await this.refreshTray();
    await this.runNotifications();
  }

  private t() {
    return createTranslator(this.settings.values().language);
  }

  private notify(n: PlannedNotification): void {
    for (const listener of this.notifyListeners) listener(n);
  }

  private emit(event: HostEvent, payload: EventPayload<HostEvent>): void {
    for (const listener of this.eventListeners) listener(event, payload);
  }

  private async facts(): Promise<{ birthdaysToday: number | null; approvals: string[] | null }> {
    let birthdaysToday: number | null = null;
    let approvals: string[] | null = null;
    // Each fact on its own: approvals refused (signed out, offline) must not hide today's birthdays.
    try {
      if (this.core) {
        this.lastSync = await this.core.handlers['sync.status']({});
        birthdaysToday = this.lastSync.ready ? (await this.core.handlers['birthdays.upcoming']({ days: 0 })).length : null;
      }
    } catch (err) {
      this.log.warn('birthdays for tray unavailable', { error: err instanceof Error ? err.name : 'unknown' });
    }
    try {
      if (this.approvals) approvals = await this.approvals.pendingIds();
    } catch (err) {
      this.log.debug('approvals for tray unavailable', { error: err instanceof Error ? err.name : 'unknown' });
    }
    return { birthdaysToday, approvals };
  }

  private async refreshTray(): Promise<void> {
    const { birthdaysToday, approvals } = await this.facts();
    this.tray = trayModel(
      { pendingApprovals: approvals?.length ?? 0, birthdaysToday: birthdaysToday ?? 0, online: this.lastSync?.online ?? true, updateReady: this.updates.state().status === 'ready' },
      this.t(),
    );
    for (const listener of this.trayListeners) listener(this.tray);
  }

  private async runNotifications(): Promise<void> {
    const { birthdaysToday, approvals } = await this.facts();
    const arrivedLetterNumbers = this.letters ? await this.letters.takeArrived().catch(() => []) : [];
    const decidedRequests = this.decided ? await this.decided.takeDecided().catch(() => []) : [];
    const now = this.o.now?.() ?? new Date();
    const plan = planNotifications({ now, birthdaysToday, pendingApprovalIds: approvals, arrivedLetterNumbers, decidedRequests }, this.settings.values(), this.memory, this.t());
    if (JSON.stringify(plan.memory) !== JSON.stringify(this.memory)) {
      this.memory = plan.memory;
      try {
        writeJsonAtomic(this.memoryFile, this.memory);
      } catch (err) {
        this.log.warn('notification memory not saved', { error: err instanceof Error ? err.name : 'unknown' });
      }
    }
    for (const n of plan.notifications) this.notify(n);
  }

  private async minClientVersion(): Promise<string | null> {
    const info = this.core ? await this.core.handlers['app.info']({}) : null;
    const url = info?.backendUrl ?? this.backendUrl();
    return url ? fetchMinClientVersion(url, this.o.appVersion) : null;
  }

  private createHandlers(): DesktopHandlers {
    return createDesktopHandlers({
      settings: this.settings,
      updates: this.updates,
      log: this.log,
      now: () => this.o.now?.() ?? new Date(),
      diagnostics: () => this.diagnosticsText(),
      ...(this.o.clipboard ? { clipboard: this.o.clipboard } : {}),
    });
  }

  private async diagnosticsText(): Promise<string> {
    await this.log.flush?.(); // the last lines are in the file before they are read
    const info = this.core ? await this.core.handlers['app.info']({}) : null;
    const sync = this.core ? await this.core.handlers['sync.status']({}) : null;
    return diagnosticsText({
      appVersion: this.o.appVersion,
      shell: this.o.shell,
      platform: this.o.platform,
      runtime: this.o.runtime ?? { node: process.versions.node },
      demo: info?.demo ?? this.backendUrl() === null,
      backendHost: info?.backendUrl ? new URL(info.backendUrl).host : null,
      policy: this.policy,
      settings: this.settings.view(),
      sync,
      updates: this.updates.state(),
      logDir: this.o.logDir,
    });
  }
}
