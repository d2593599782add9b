/**
 * The user's settings: a JSON file in userData holding only what the user changed, merged with the
 * machine policy and the built-in defaults. Locked keys come from the policy and are refused on
 * set. Written atomically; an unreadable file is kept aside (settings.json.invalid) and logged.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { PopError } from '../../shared/ipc/contract.js';
import { SETTING_KEYS, UserSettings, type SettingKey, type SettingsView } from '../../shared/contract/settings.js';
import type { Logger } from '../core/logging/logger.js';
import { readJsonFile, writeJsonAtomic } from './json-file.js';
import type { Policy } from './policy.js';

export const BUILT_IN_SETTINGS: UserSettings = {
  backendUrl: null,
  language: 'nl-BE',
  startAtLogin: false,
  notifyBirthdays: true,
  notifyApprovals: true,
  notifyLetters: true,
  birthdayNotificationTime: '08:30',
  updateInstall: 'onQuit',
  updateInstallTime: '12:30',
};

/** Unknown keys (from a newer version) are dropped, not fatal. */
const StoredSettings = z.object(UserSettings.partial().shape);
type Overrides = Partial<UserSettings>;

export function resolveSettings(policy: Policy, overrides: Overrides): { values: UserSettings; locked: SettingKey[] } {
  const locked = SETTING_KEYS.filter((key) => policy.locked.includes(key));
  const values = {} as Record<SettingKey, unknown>;
  for (const key of SETTING_KEYS) {
    const fromUser = locked.includes(key) ? undefined : overrides[key];
    values[key] = fromUser !== undefined ? fromUser : policy[key] !== undefined ? policy[key] : BUILT_IN_SETTINGS[key];
  }
  return { values: values as UserSettings, locked };
}

export interface SettingsServiceOptions {
  dataDir: string;
  policy: Policy;
  log: Logger;
  startAtLoginSupported: boolean;
}

export class SettingsService {
  readonly file: string;
  private overrides: Overrides;
  private readonly startBackendUrl: string | null;
  private readonly listeners = new Set<(values: UserSettings) => void>();

  constructor(private readonly options: SettingsServiceOptions) {
    this.file = join(options.dataDir, 'settings.json');
    const read = readJsonFile(this.file, StoredSettings);
    if (read.ok) this.overrides = read.value ?? {};
    else {
      options.log.warn(`settings file is invalid and was set aside as settings.json.invalid: ${read.error}`);
      copyFileSync(this.file, `${this.file}.invalid`);
      this.overrides = {};
    }
    this.startBackendUrl = this.values().backendUrl;
  }

  values(): UserSettings {
    return resolveSettings(this.options.policy, this.overrides).values;
  }

  view(): SettingsView {
    const { values, locked } = resolveSettings(this.options.policy, this.overrides);
    return {
      values,
      locked,
      restartRequired: values.backendUrl !== this.startBackendUrl,
      startAtLoginSupported: this.options.startAtLoginSupported,
    };
  }

  set(patch: Partial<UserSettings>): SettingsView {
    const checked = UserSettings.partial().strict().safeParse(patch);
    if (!checked.success) throw new PopError('invalid_input', `Invalid settings: ${checked.error.issues[0]?.message ?? 'invalid'}`);
    const { locked } = resolveSettings(this.options.policy, this.overrides);
    const refused = Object.keys(checked.data).filter((key) => locked.includes(key as SettingKey));
    if (refused.length) throw new PopError('forbidden', `Set by IT, cannot be changed: ${refused.join(', ')}`);
    this.overrides = { ...this.overrides, ...checked.data };
    writeJsonAtomic(this.file, this.overrides);
    this.options.log.info('settings changed', { keys: Object.keys(checked.data).join(',') });
    const values = this.values();
    for (const listener of this.listeners) listener(values);
    return this.view();
  }

  onChange(listener: (values: UserSettings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
