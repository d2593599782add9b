/**
 * The "copy diagnostics" text for the helpdesk: versions, platform, policy and settings state,
 * sync and update state, and the last lines of the log (already masked by the logger). Nothing
 * personal: no user name, no search terms, no citizen data.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SettingsView, UpdateState } from '../../shared/contract/settings.js';
import type { SyncStatus } from '../../shared/ipc/contract.js';
import type { LoadedPolicy } from './policy.js';

export interface DiagnosticsInput {
  appVersion: string;
  shell: 'electron' | 'web';
  platform: string;
  runtime: Record<string, string>;
  demo: boolean;
  backendHost: string | null;
  policy: LoadedPolicy;
  settings: SettingsView;
  sync: SyncStatus | null;
  updates: UpdateState;
  logDir: string | null;
  logLines?: number;
}

export function lastLogLines(logDir: string | null, count: number): string[] {
  if (!logDir) return [];
  const file = join(logDir, 'pop-index.log');
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  return lines.slice(-count);
}

export function diagnosticsText(input: DiagnosticsInput): string {
  const { values, locked } = input.settings;
  const lines = [
    `Pop Index ${input.appVersion} (${input.shell}) on ${input.platform}`,
    `Runtime: ${Object.entries(input.runtime).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    `Generated: ${new Date().toISOString()}`,
    `Backend: ${input.demo ? 'demo (embedded)' : (input.backendHost ?? 'none')}`,
    `Policy: ${input.policy.source} (${input.policy.path})${input.policy.error ? ` ERROR: ${input.policy.error}` : ''}`,
    `Locked by IT: ${locked.length ? locked.join(', ') : 'nothing'}`,
    `Settings: language ${values.language}, start at login ${values.startAtLogin}, notifications birthdays ${values.notifyBirthdays} at ${values.birthdayNotificationTime}, approvals ${values.notifyApprovals}, letters ${values.notifyLetters}, updates ${values.updateInstall}${values.updateInstall === 'atTime' ? ` ${values.updateInstallTime}` : ''}`,
    input.sync
      ? `Sync: ${input.sync.online ? 'online' : 'offline'}, last ${input.sync.lastSyncAt ?? 'never'}, ready ${input.sync.ready}, outbox ${input.sync.pendingCommands}${input.sync.error ? `, error ${input.sync.error.code}` : ''}`
      : 'Sync: unknown',
    `Updates: ${input.updates.status}${input.updates.disabledReason ? ` (${input.updates.disabledReason})` : ''}, available ${input.updates.availableVersion ?? '-'}, minimum ${input.updates.minVersion ?? '-'}${input.updates.error ? `, error ${input.updates.error}` : ''}`,
    '',
    `Last log lines:`,
    ...lastLogLines(input.logDir, input.logLines ?? 100),
  ];
  return lines.join('\n');
}
