/**
 * The machine-wide policy file IT deploys (see docs/IT.md). Values set here are the defaults of
 * every user on the PC; keys listed in `locked` cannot be changed by the user. An invalid file is
 * logged with a clear line and ignored as a whole (built-in defaults, nothing locked).
 */
import { posix, win32 } from 'node:path';
import { z } from 'zod';
import { SETTING_KEYS, UserSettings, type SettingKey } from '../../shared/contract/settings.js';
import type { Logger } from '../core/logging/logger.js';
import { readJsonFile } from './json-file.js';

const LockableKey = z.enum(SETTING_KEYS as [SettingKey, ...SettingKey[]]);

export const Policy = UserSettings.partial()
  .extend({
    updates: z
      .object({
        /** false for fleets updated by MSI/Intune: the app never checks or downloads. */
        enabled: z.boolean().default(true),
        /** Generic feed (folder with latest.yml, latest-linux.yml, ...); default: the build's feed. */
        feedUrl: z.string().url().max(500).refine((u) => u.startsWith('https://') || /^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(u), 'Expected an https:// address').optional(),
        channel: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/).optional(),
      })
      .strict()
      .default({ enabled: true }),
    /** Extra https hosts external links may open (besides tel:, mailto:, msteams:). */
    allowedLinkHosts: z.array(z.string().regex(/^[a-z0-9.-]+$/i).max(253)).max(50).default([]),
    locked: z.array(LockableKey).default([]),
  })
  .strict();
export type Policy = z.output<typeof Policy>;

export const EMPTY_POLICY: Policy = Policy.parse({});

export interface LoadedPolicy {
  policy: Policy;
  path: string;
  /** 'none' when no file exists, 'invalid' when it was refused (see `error`). */
  source: 'file' | 'none' | 'invalid';
  error: string | null;
}

export function policyPath(platform: NodeJS.Platform, env: Record<string, string | undefined>): string {
  if (platform === 'win32') return win32.join(env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData', 'PopIndex', 'policy.json');
  if (platform === 'darwin') return posix.join('/Library', 'Application Support', 'PopIndex', 'policy.json');
  return '/etc/pop-index/policy.json';
}

export function loadPolicy(path: string, log: Logger): LoadedPolicy {
  const result = readJsonFile(path, Policy);
  if (!result.ok) {
    log.error(`policy file ${path} is invalid and was ignored, using safe defaults: ${result.error}`);
    return { policy: EMPTY_POLICY, path, source: 'invalid', error: result.error };
  }
  if (!result.value) return { policy: EMPTY_POLICY, path, source: 'none', error: null };
  log.info('policy file loaded', { path, locked: result.value.locked.join(',') });
  return { policy: result.value, path, source: 'file', error: null };
}
