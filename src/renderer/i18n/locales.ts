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
