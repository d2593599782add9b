/**
 * vue-i18n set-up (Composition API, `legacy: false`): the shell's strings plus every registered
 * feature's. Only what the shell shows before a feature's route opens is in the first load, in
 * nl-BE (issue 12: first chunk under 100 kB gzip): the app shell's strings and each feature's
 * `shell` part. fr-BE and en are lazy chunks, loaded by `loadLocale` when chosen: at start (before
 * the app mounts, so a French user sees no Dutch first) and by the language switch. A feature's
 * `screens` part (every locale lazy) is loaded by `loadScreens` when one of its routes opens (the
 * router's `beforeResolve` waits for it), and again for each language switched to later.
 * `setLocale` loads, then switches the language everywhere and keeps <html lang> in step; the
 * choice is remembered in localStorage and, where the core has settings, also saved there by the
 * language switcher.
 */
import { createI18n } from 'vue-i18n';
import { api } from '../api/index.js';
import { DEFAULT_LOCALE, isLocale, type FeatureMessages, type Locale, type MessageTree } from './locales.js';
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

/** A registered feature's id and strings (a `Feature` is one). */
export type FeatureStrings = { readonly id: string; readonly messages: FeatureMessages };

/** The app shell's strings and each feature's `shell` part. */
const shellParts = (features: readonly FeatureStrings[]) => [shellMessages, ...features.map((f) => f.messages.shell)];

/** The nl-BE shell strings, merged: in the first load, no await. */
const defaultShellTree = (features: readonly FeatureStrings[]): MessageTree => mergeTrees(shellParts(features).map((part) => part[DEFAULT_LOCALE]));

/** The first-load part of one locale: the app shell's strings and each feature's `shell` part, merged. */
export async function loadShellMessages(features: readonly FeatureStrings[], locale: Locale): Promise<MessageTree> {
  if (locale === DEFAULT_LOCALE) return defaultShellTree(features);
  return mergeTrees(await Promise.all(shellParts(features).map((part) => part[locale]())));
}

/** All strings of one locale, every feature's screens too (the tests; the app loads screens per route). */
export async function loadMessages(features: readonly FeatureStrings[], locale: Locale): Promise<MessageTree> {
  const screens = await Promise.all(features.map((f) => f.messages.screens?.[locale]() ?? {}));
  return mergeTrees([await loadShellMessages(features, locale), ...screens]);
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

/**
 * What an instance knows: its features; each locale's merged strings so far; the features whose
 * screens were asked for (a route of theirs opened), which every locale switched to loads too; and
 * the loads of parts (`shell` or a feature id) per locale, done or under way.
 */
type State = {
  features: ReadonlyMap<string, FeatureMessages>;
  trees: Map<Locale, MessageTree>;
  screensWanted: Set<string>;
  loads: Map<string, { done: boolean; promise: Promise<void> }>;
};
const states = new WeakMap<AppI18n, State>();

/**
 * The i18n instance, in nl-BE with the nl-BE strings of the shell and the `shell` parts of
 * `features` (the other locales come with `loadLocale`, or `setLocale` once the instance is
 * active; a feature's screens with `loadScreens`, which the router calls before a route renders).
 */
export function createAppI18n(features: readonly FeatureStrings[]) {
  const nl = defaultShellTree(features);
  const i18n = createI18n({
    legacy: false,
    locale: DEFAULT_LOCALE as Locale,
    fallbackLocale: DEFAULT_LOCALE,
    messages: { [DEFAULT_LOCALE]: nl } as Record<Locale, MessageTree>,
    missingWarn: import.meta.env.DEV,
    fallbackWarn: false,
  });
  const done = { done: true, promise: Promise.resolve() };
  states.set(i18n, {
    features: new Map(features.map((f) => [f.id, f.messages])),
    trees: new Map([[DEFAULT_LOCALE, nl]]),
    screensWanted: new Set(),
    loads: new Map([[`${DEFAULT_LOCALE} shell`, done]]),
  });
  document.documentElement.lang = DEFAULT_LOCALE;
  return i18n;
}

export type AppI18n = ReturnType<typeof createAppI18n>;

function stateOf(i18n: AppI18n): State {
  const state = states.get(i18n);
  if (!state) throw new Error('i18n instance not made by createAppI18n');
  return state;
}

/**
 * Loads one part (`shell`: the app's and every feature's shell strings; else a feature's screens)
 * of one locale into `i18n`, once; merged into what is there (a key defined twice is an error). A
 * failed load may be retried.
 */
function loadPart(i18n: AppI18n, locale: Locale, part: string): Promise<void> {
  const state = stateOf(i18n);
  const key = `${locale} ${part}`;
  const known = state.loads.get(key);
  if (known) return known.promise;
  const fetched =
    part === 'shell'
      ? loadShellMessages([...state.features].map(([id, messages]) => ({ id, messages })), locale)
      : (state.features.get(part)?.screens?.[locale]() ?? Promise.resolve({}));
  const entry = { done: false, promise: Promise.resolve() };
  entry.promise = fetched.then(
    (tree) => {
      // A fresh tree each time (vue-i18n sees a new object), the parts of this locale so far plus this one.
      const merged = mergeTrees([state.trees.get(locale) ?? {}, tree]);
      state.trees.set(locale, merged);
      i18n.global.setLocaleMessage(locale, merged);
      entry.done = true;
    },
    (error: unknown) => {
      state.loads.delete(key);
      throw error;
    },
  );
  state.loads.set(key, entry);
  return entry.promise;
}

/** The parts a locale needs now: the shell's, and the screens of every feature asked for so far. */
function partsNeeded(state: State): string[] {
  return ['shell', ...[...state.screensWanted].filter((id) => state.features.get(id)?.screens)];
}

/** True when everything `locale` needs now is in (then switching to it shows no missing string). */
function isLoaded(i18n: AppI18n, locale: Locale): boolean {
  const state = stateOf(i18n);
  return partsNeeded(state).every((part) => state.loads.get(`${locale} ${part}`)?.done === true);
}

/**
 * Loads a locale's strings into `i18n`: the shell's (once; nl-BE is there from the start) and the
 * screens of every feature whose route opened already, also those asked for while this loads.
 */
export async function loadLocale(i18n: AppI18n, locale: Locale): Promise<void> {
  const state = stateOf(i18n);
  while (!isLoaded(i18n, locale)) await Promise.all(partsNeeded(state).map((part) => loadPart(i18n, locale, part)));
}

/**
 * Loads the screen strings of `featureIds` in the current locale (the router, before a feature's
 * route renders), and remembers them: a language switched to later loads them too.
 */
export async function loadScreens(i18n: AppI18n, featureIds: readonly string[]): Promise<void> {
  const state = stateOf(i18n);
  const ids = featureIds.filter((id) => state.features.get(id)?.screens);
  for (const id of ids) state.screensWanted.add(id);
  await Promise.all(ids.map((id) => loadPart(i18n, i18n.global.locale.value, id)));
}

let active: AppI18n | null = null;
export function setActiveI18n(i18n: AppI18n): void {
  active = i18n;
}

/** `loadScreens` on the active instance (the router's guard; nothing to do without one). */
export function loadScreenStrings(featureIds: readonly string[]): Promise<void> {
  return active && featureIds.length ? loadScreens(active, featureIds) : Promise.resolve();
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
  // Until all is in at the moment of the switch: a route may open (and ask for its screens) meanwhile.
  while (active && !isLoaded(active, locale)) {
    await loadLocale(active, locale);
    if (asked !== lastAsked) return;
  }
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
