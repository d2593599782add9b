/**
 * Settings, updates and diagnostics: contract types and methods (renderer <-> desktop host).
 * Handlers live in src/main/desktop/handlers.ts; the host (Electron main or the web harness)
 * merges them with the core's handlers.
 */
import { z } from 'zod';

export const Language = z.enum(['nl-BE', 'fr-BE', 'en']);
export type Language = z.infer<typeof Language>;

/** "HH:MM", 24-hour. */
export const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Expected a time as HH:MM (24-hour)');

/** An https URL, or http on loopback (development, demo). */
export const BackendUrl = z
  .string()
  .max(500)
  .url()
  .refine((value) => {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname));
  }, 'Expected an https:// address (http only on this computer)');

/** What the user may set (and IT may preset or lock through the policy file). */
export const UserSettings = z
  .object({
    /** null: the embedded demo backend. Takes effect on the next start. */
    backendUrl: BackendUrl.nullable(),
    language: Language,
    startAtLogin: z.boolean(),
    notifyBirthdays: z.boolean(),
    notifyApprovals: z.boolean(),
    notifyLetters: z.boolean(),
    /** Time of the morning birthdays notification. */
    birthdayNotificationTime: TimeOfDay,
    /** When a downloaded update is installed: when the app quits, or at a time of day. */
    updateInstall: z.enum(['onQuit', 'atTime']),
    updateInstallTime: TimeOfDay,
  })
  .strict();
export type UserSettings = z.infer<typeof UserSettings>;
export type SettingKey = keyof UserSettings;
export const SETTING_KEYS = Object.keys(UserSettings.shape) as SettingKey[];

export const SettingsView = z.object({
  values: UserSettings,
  /** Keys IT set in the policy file and locked: shown as "set by IT", refused by settings.set. */
  locked: z.array(z.enum(SETTING_KEYS as [SettingKey, ...SettingKey[]])),
  /** true when a changed value (backend) only applies after a restart. */
  restartRequired: z.boolean(),
  /** Start at login can only be changed in the packaged desktop app. */
  startAtLoginSupported: z.boolean(),
});
export type SettingsView = z.infer<typeof SettingsView>;

export const UpdateStatus = z.enum(['disabled', 'idle', 'checking', 'available', 'downloading', 'ready', 'error']);
export type UpdateStatus = z.infer<typeof UpdateStatus>;

export const UpdateState = z.object({
  status: UpdateStatus,
  /** Why updates are off: 'unpackaged', 'test', 'policy' (IT turned them off), or null. */
  disabledReason: z.enum(['unpackaged', 'test', 'policy', 'web']).nullable(),
  currentVersion: z.string(),
  availableVersion: z.string().nullable(),
  /** Download progress 0..100 while downloading. */
  percent: z.number().min(0).max(100).nullable(),
  lastCheckAt: z.string().nullable(),
  /** Readable reason of the last failure (logged too), cleared by the next success. */
  error: z.string().nullable(),
  /** The backend requires at least this version; `mustUpdate` when this client is older. */
  minVersion: z.string().nullable(),
  mustUpdate: z.boolean(),
  /** Installed at this ISO time when `updateInstall` is 'atTime', else null (installed on quit). */
  installAt: z.string().nullable(),
});
export type UpdateState = z.infer<typeof UpdateState>;

const None = z.object({}).strict();

export const settingsContract = {
  'settings.get': { input: None, output: SettingsView },
  'settings.set': { input: UserSettings.partial().strict(), output: SettingsView },
  'updates.state': { input: None, output: UpdateState },
  'updates.check': { input: None, output: UpdateState },
  /** Quit and install a downloaded update now (refused with `conflict` when none is ready). */
  'updates.installNow': { input: None, output: z.object({ accepted: z.boolean() }) },
  /** Helpdesk text: versions, settings, sync and update state, recent log lines (already masked). */
  'diagnostics.copy': { input: None, output: z.object({ text: z.string(), copied: z.boolean() }) },
  /** Renderer logs go to main's log file over this one method (masked, rate-limited there). */
  'diagnostics.log': {
    input: z
      .object({
        level: z.enum(['info', 'warn', 'error']),
        scope: z.string().regex(/^[a-z][a-z0-9.-]{0,39}$/).default('ui'),
        message: z.string().min(1).max(1000),
      })
      .strict(),
    output: z.object({ logged: z.boolean() }),
  },
} as const;
