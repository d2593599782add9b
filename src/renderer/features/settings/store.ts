/** Settings, update state and diagnostics of the desktop host (src/main/desktop), for /settings. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { SettingKey, SettingsView, UpdateState, UserSettings } from '../../../shared/contract/settings.js';
import { PopError } from '../../../shared/ipc/errors.js';
import { api, errorMessageKey } from '../../api/index.js';

export const useSettingsStore = defineStore('settings', () => {
  const view = ref<SettingsView | null>(null);
  const updates = ref<UpdateState | null>(null);
  const loaded = ref(false);
  /** i18n key of the last failure, or null. */
  const error = ref<string | null>(null);
  /** i18n key of the last confirmation ("saved", "copied"), or null. */
  const notice = ref<string | null>(null);
  const diagnostics = ref<string | null>(null);
  let unsubscribe: (() => void) | null = null;

  async function load() {
    unsubscribe ??= api.on('updates.state', (state) => (updates.value = state));
    try {
      [view.value, updates.value] = await Promise.all([api['settings.get'](), api['updates.state']()]);
      error.value = null;
    } catch (e) {
      error.value = errorMessageKey(e);
    } finally {
      loaded.value = true;
    }
  }

  function locked(key: SettingKey): boolean {
    return view.value?.locked.includes(key) ?? false;
  }

  async function save(patch: Partial<UserSettings>): Promise<boolean> {
    notice.value = null;
    try {
      view.value = await api['settings.set'](patch);
      error.value = null;
      notice.value = 'settings.saved';
      return true;
    } catch (e) {
      error.value = e instanceof PopError && e.code === 'invalid_input' ? 'settings.invalid' : errorMessageKey(e);
      return false;
    }
  }

  async function checkUpdates() {
    try {
      updates.value = await api['updates.check']();
    } catch (e) {
      error.value = errorMessageKey(e);
    }
  }

  async function installNow() {
    try {
      await api['updates.installNow']();
    } catch (e) {
      error.value = errorMessageKey(e);
    }
  }

  /** Main copies it to the clipboard in Electron; in a browser the page copies it (or shows it). */
  async function copyDiagnostics() {
    notice.value = null;
    diagnostics.value = null;
    try {
      const { text, copied } = await api['diagnostics.copy']();
      if (!copied) await navigator.clipboard.writeText(text);
      notice.value = 'settings.diagnostics.copied';
    } catch (e) {
      if (e instanceof PopError) error.value = errorMessageKey(e);
      else {
        // The browser refused the clipboard: show the text so it can be copied by hand.
        diagnostics.value = (await api['diagnostics.copy']().catch(() => null))?.text ?? null;
        notice.value = 'settings.diagnostics.manual';
      }
    }
  }

  return { view, updates, loaded, error, notice, diagnostics, load, locked, save, checkUpdates, installNow, copyDiagnostics };
});
