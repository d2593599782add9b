/**
 * vue-i18n set-up (Composition API, `legacy: false`): the shell's strings plus every registered
 * feature's, nl-BE first with fr-BE and en. `setLocale` switches the language everywhere and keeps
 * <html lang> in step; the choice is remembered in localStorage and, where the core has settings,
 * also saved there by the language switcher.
 */
import { createI18n } from 'vue-i18n';
import { api } from '../api/index.js';
import { DEFAULT_LOCALE, LOCALES, isLocale, type Locale, type LocaleMessages, type MessageTree } from './locales.js';
import { shellMessages } from './messages.js';

export const LOCALE_STORAGE_KEY = 'pop-locale';

function isTree(value: unknown): value is MessageTree {
  return typeof value === 'object' && value !== null;
}

/** Deep merge of message trees; a key defined twice with different values is a programming error. */
export function mergeMessages(target: MessageTree, source: MessageTree, path = ''): MessageTree {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (isTree(existing) && isTree(value)) mergeMessages(existing, value, `${path}${key}.`);
    else if (existing !== undefined && existing !== value) throw new Error(`i18n key defined twice: ${path}${key}`);
    else target[key] = isTree(value) ? mergeMessages({}, value, `${path}${key}.`) : value;
  }
  return target;
}

export function buildMessages(parts: readonly LocaleMessages[]): LocaleMessages {
  const result = { 'nl-BE': {}, 'fr-BE': {}, en: {} } as LocaleMessages;
  for (const part of [shellMessages, ...parts]) for (const locale of LOCALES) mergeMessages(result[locale], part[locale]);
  return result;
}

export function initialLocale(): Locale {
  try {
    const stored = window.localStorage.getItem(LOCALE_STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // storage unavailable: keep the default
  }
  return DEFAULT_LOCALE;
}

export function createAppI18n(parts: readonly LocaleMessages[], locale: Locale = initialLocale()) {
  const i18n = createI18n({
    legacy: false,
    locale,
    fallbackLocale: DEFAULT_LOCALE,
    messages: buildMessages(parts),
    missingWarn: import.meta.env.DEV,
    fallbackWarn: false,
  });
  document.documentElement.lang = locale;
  return i18n;
}

export type AppI18n = ReturnType<typeof createAppI18n>;

let active: AppI18n | null = null;
export function setActiveI18n(i18n: AppI18n): void {
  active = i18n;
}

/** Switch the UI language (also from other features, e.g. the settings screen). */
export function setLocale(locale: Locale): void {
  if (active) active.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // storage unavailable: the choice lasts for this session
  }
}

/** Where the core keeps settings (desktop app), its language wins over this browser's memory. */
export async function applySavedLanguage(): Promise<void> {
  try {
    const view = await api['settings.get']();
    if (isLocale(view.values.language) && active && active.global.locale.value !== view.values.language) setLocale(view.values.language);
  } catch {
    // no settings in this host: keep the remembered choice
  }
}
