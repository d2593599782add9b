/** The machine policy file and the user's settings file on a real disk: valid, invalid, locked. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/main/core/logging/logger.js';
import { loadPolicy, policyPath, EMPTY_POLICY } from '../../src/main/desktop/policy.js';
import { BUILT_IN_SETTINGS, SettingsService } from '../../src/main/desktop/settings.js';
import { PopError } from '../../src/shared/ipc/contract.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'pop-policy-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

let logger: ReturnType<typeof createLogger> | null = null;
beforeEach(() => (logger = null));
/** One logger per test; logText waits for its lines (the logger writes asynchronously). */
const log = () => (logger ??= createLogger({ dir: join(dir, 'logs') }));
const logText = async () => (await logger?.flush?.(), existsSync(join(dir, 'logs', 'pop-index.log')) ? readFileSync(join(dir, 'logs', 'pop-index.log'), 'utf8') : '');
function writePolicy(content: unknown): string {
  const file = join(dir, 'policy.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('policy file', () => {
  it('lives where IT deploys it on each platform', () => {
    expect(policyPath('win32', { ProgramData: 'D:\\ProgramData' })).toBe('D:\\ProgramData\\PopIndex\\policy.json');
    expect(policyPath('win32', {})).toBe('C:\\ProgramData\\PopIndex\\policy.json');
    expect(policyPath('linux', {})).toBe('/etc/pop-index/policy.json');
    expect(policyPath('darwin', {})).toBe('/Library/Application Support/PopIndex/policy.json');
  });

  it('reads a valid policy', () => {
    const file = writePolicy({
      backendUrl: 'https://pop.westhoek.be',
      startAtLogin: true,
      birthdayNotificationTime: '09:15',
      updates: { enabled: false, feedUrl: 'https://pop.westhoek.be/updates', channel: 'beta' },
      allowedLinkHosts: ['intranet.poperinge.be'],
      locked: ['backendUrl', 'startAtLogin'],
    });
    const loaded = loadPolicy(file, log());
    expect(loaded.source).toBe('file');
    expect(loaded.policy.updates).toEqual({ enabled: false, feedUrl: 'https://pop.westhoek.be/updates', channel: 'beta' });
    expect(loaded.policy.locked).toEqual(['backendUrl', 'startAtLogin']);
  });

  it('no file: built-in defaults, nothing locked', () => {
    const loaded = loadPolicy(join(dir, 'absent.json'), log());
    expect(loaded).toMatchObject({ source: 'none', error: null, policy: EMPTY_POLICY });
    expect(EMPTY_POLICY.updates.enabled).toBe(true);
  });

  it.each([
    ['broken JSON', '{ "backendUrl": ', /not valid JSON/],
    ['plain http backend', { backendUrl: 'http://pop.westhoek.be' }, /backendUrl/],
    ['unknown key', { backendURL: 'https://x.be' }, /Unrecognized key/i],
    ['unknown locked key', { locked: ['everything'] }, /locked/],
    ['bad time', { birthdayNotificationTime: '25:00' }, /HH:MM/],
  ])('an invalid policy (%s) is logged clearly and ignored as a whole', async (_label, content, why) => {
    const file = writePolicy(content);
    const loaded = loadPolicy(file, log());
    expect(loaded.source).toBe('invalid');
    expect(loaded.error).toMatch(why);
    expect(loaded.policy).toEqual(EMPTY_POLICY);
    expect(await logText()).toMatch(/policy file .* is invalid and was ignored, using safe defaults/);
  });
});

describe('settings', () => {
  const policyWith = (content: unknown) => loadPolicy(writePolicy(content), log()).policy;

  it('starts from the built-in defaults and the policy values', () => {
    const s = new SettingsService({ dataDir: dir, policy: policyWith({ birthdayNotificationTime: '09:00' }), log: log(), startAtLoginSupported: true });
    expect(s.view()).toEqual({ values: { ...BUILT_IN_SETTINGS, birthdayNotificationTime: '09:00' }, locked: [], restartRequired: false, startAtLoginSupported: true });
  });

  it('keeps the user choice across restarts, atomically written', () => {
    const s = new SettingsService({ dataDir: dir, policy: EMPTY_POLICY, log: log(), startAtLoginSupported: true });
    const view = s.set({ language: 'fr-BE', notifyApprovals: false, backendUrl: 'https://pop.ieper.be' });
    expect(view.values).toMatchObject({ language: 'fr-BE', notifyApprovals: false });
    expect(view.restartRequired).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual({ language: 'fr-BE', notifyApprovals: false, backendUrl: 'https://pop.ieper.be' });
    const again = new SettingsService({ dataDir: dir, policy: EMPTY_POLICY, log: log(), startAtLoginSupported: true });
    expect(again.view().values.language).toBe('fr-BE');
    expect(again.view().restartRequired).toBe(false);
  });

  it('refuses locked keys and keeps the policy value over an older user choice', () => {
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ startAtLogin: false, language: 'en' }));
    const s = new SettingsService({ dataDir: dir, policy: policyWith({ startAtLogin: true, locked: ['startAtLogin'] }), log: log(), startAtLoginSupported: true });
    expect(s.view()).toMatchObject({ values: { startAtLogin: true, language: 'en' }, locked: ['startAtLogin'] });
    let error: unknown;
    try {
      s.set({ startAtLogin: false, language: 'nl-BE' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PopError);
    expect((error as PopError).code).toBe('forbidden');
    expect(s.view().values.language).toBe('en'); // nothing of the refused call was applied
  });

  it('refuses invalid values with a clear error and changes nothing', () => {
    const s = new SettingsService({ dataDir: dir, policy: EMPTY_POLICY, log: log(), startAtLoginSupported: true });
    expect(() => s.set({ birthdayNotificationTime: '8h' })).toThrow(/HH:MM/);
    expect(existsSync(join(dir, 'settings.json'))).toBe(false);
  });

  it('an unreadable settings file is set aside, not lost, and defaults are used', async () => {
    writeFileSync(join(dir, 'settings.json'), '{"language": "de"');
    const s = new SettingsService({ dataDir: dir, policy: EMPTY_POLICY, log: log(), startAtLoginSupported: false });
    expect(s.view().values).toEqual(BUILT_IN_SETTINGS);
    expect(readFileSync(join(dir, 'settings.json.invalid'), 'utf8')).toBe('{"language": "de"');
    expect(await logText()).toMatch(/settings file is invalid/);
  });

  it('tells listeners what changed', () => {
    const s = new SettingsService({ dataDir: dir, policy: EMPTY_POLICY, log: log(), startAtLoginSupported: true });
    const seen: boolean[] = [];
    s.onChange((v) => seen.push(v.startAtLogin));
    s.set({ startAtLogin: true });
    expect(seen).toEqual([true]);
  });
});
