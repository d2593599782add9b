/**
 * The app's languages and how each maps onto Intl. Dutch (Belgium) first.
 * English uses British conventions (day before month, 24-hour clock) to match the Belgian forms.
 */
export const LOCALES = ['nl-BE', 'fr-BE', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE = 'nl-BE' satisfies Locale;

export const INTL_LOCALE: Record<Locale, string> = { 'nl-BE': 'nl-BE', 'fr-BE': 'fr-BE', en: 'en-GB' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** A tree of translated strings, as each feature provides it per locale. */
export type MessageTree = { [key: string]: string | MessageTree };
export type LocaleMessages = Record<Locale, MessageTree>;

/** The locales whose strings are lazy chunks, loaded when chosen; the default one is in the first load. */
export type LazyLocale = Exclude<Locale, typeof DEFAULT_LOCALE>;

/**
 * The strings of one part of the app (the shell or a feature): the default locale's tree itself,
 * the others as loaders of their chunk (`() => import('./fr-BE.js').then((m) => m.default)`).
 */
export type PartMessages = { [DEFAULT_LOCALE]: MessageTree } & { [L in LazyLocale]: () => Promise<MessageTree> };

/** Strings that are lazy in every locale (a feature's screens): a loader of each locale's chunk. */
export type LazyMessages = { [L in Locale]: () => Promise<MessageTree> };

/**
 * A feature's strings, in two parts (issue 12: the first load carries only what the shell shows).
 * `shell`: what the app shows before any of the feature's screens opens (navigation labels, window
 * titles, Home card, badge label, and the strings of its components that other features show);
 * nl-BE in the first load, like the app shell's own. `screens`: everything else, loaded with the
 * feature's routes (the router waits for them, in the current language) and, once loaded, again
 * for any language switched to. A feature with only a few lines of screen strings may keep them
 * all in `shell` and have no `screens`.
 */
export type FeatureMessages = { shell: PartMessages; screens?: LazyMessages };
