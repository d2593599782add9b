/**
 * vue-i18n set-up (Composition API, `legacy: false`): the shell's strings plus every registered
 * feature's. nl-BE is in the first load; fr-BE and en are lazy chunks (issue 12: first chunk under
 * 100 kB gzip), loaded by `loadLocale` when chosen: at start (before the app mounts, so a French
 * user sees no Dutch first) and by the language switch. `setLocale` loads, then switches the
 * language everywhere and keeps <html lang> in step; the choice is remembered in localStorage and,
 * where the core has settings, also saved there by the language switcher.
 */
import { createI18n } from 'vue-i18n';
import { api } from '../api/index.js';
import { DEFAULT_LOCALE, isLocale, type Locale, type MessageTree, type PartMessages } from './locales.js';
import { shellMessages } from './messages/index.js';

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

/** One locale's trees (the shell's first, then the features') merged into one. */
export function mergeTrees(trees: readonly MessageTree[]): MessageTree {
  const result: MessageTree = {};
  for (const tree of trees) mergeMessages(result, tree);
  return result;
}

/** The shell's and the parts' strings of one locale, merged; fr-BE and en load their chunks first. */
export async function loadMessages(parts: readonly PartMessages[], locale: Locale): Promise<MessageTree> {
  const all = [shellMessages, ...parts];
  if (locale === DEFAULT_LOCALE) return mergeTrees(all.map((part) => part[DEFAULT_LOCALE]));
  return mergeTrees(await Promise.all(all.map((part) => part[locale]())));
}

/** The remembered choice, else nl-BE. */
export function initialLocale(): Locale {
  try {
    const stored = window.localStorage.getItem(LOCALE_STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // storage unavailable: keep the default
  }
  return DEFAULT_LOCALE;
}

/** The parts of each instance, and the locales being loaded into it. */
const partsOf = new WeakMap<AppI18n, readonly PartMessages[]>();
const loading = new WeakMap<AppI18n, Map<Locale, Promise<void>>>();

/**
 * The i18n instance, in nl-BE with the nl-BE strings of the shell and `parts` (the other locales
 * come with `loadLocale`, or `setLocale` once the instance is active).
 */
export function createAppI18n(parts: readonly PartMessages[]) {
  const i18n = createI18n({
    legacy: false,
    locale: DEFAULT_LOCALE as Locale,
    fallbackLocale: DEFAULT_LOCALE,
    messages: { [DEFAULT_LOCALE]: mergeTrees([shellMessages, ...parts].map((part) => part[DEFAULT_LOCALE])) } as Record<Locale, MessageTree>,
    missingWarn: import.meta.env.DEV,
    fallbackWarn: false,
  });
  partsOf.set(i18n, parts);
  document.documentElement.lang = DEFAULT_LOCALE;
  return i18n;
}

export type AppI18n = ReturnType<typeof createAppI18n>;

/** Loads a locale's strings into `i18n` once (nl-BE is there from the start); a failed load may be retried. */
export function loadLocale(i18n: AppI18n, locale: Locale): Promise<void> {
  if (i18n.global.availableLocales.includes(locale)) return Promise.resolve();
  let pending = loading.get(i18n);
  if (!pending) loading.set(i18n, (pending = new Map()));
  const known = pending.get(locale);
  if (known) return known;
  const load = loadMessages(partsOf.get(i18n) ?? [], locale).then(
    (messages) => i18n.global.setLocaleMessage(locale, messages),
    (error: unknown) => {
      pending.delete(locale);
      throw error;
    },
  );
  pending.set(locale, load);
  return load;
}

let active: AppI18n | null = null;
export function setActiveI18n(i18n: AppI18n): void {
  active = i18n;
}

let lastAsked = 0;

/**
 * Switch the UI language (also from other features, e.g. the settings screen): loads its strings
 * first, so the screen never shows keys or a mix. When switched again before the strings came, the
 * last choice wins. Rejects (and leaves the language as it was) when its chunk cannot be loaded.
 * `remember: false` switches without storing the choice (the start, from the remembered one).
 */
export async function setLocale(locale: Locale, { remember = true }: { remember?: boolean } = {}): Promise<void> {
  const asked = ++lastAsked;
  if (active) await loadLocale(active, locale);
  if (asked !== lastAsked) return;
  if (active) active.global.locale.value = locale;
  document.documentElement.lang = locale;
  if (!remember) return;
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
    if (isLocale(view.values.language) && active && active.global.locale.value !== view.values.language) await setLocale(view.values.language);
  } catch {
    // no settings in this host (or the language's strings could not load): keep the remembered choice
  }
}
