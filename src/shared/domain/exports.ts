/**
 * The language of a file the user exports (CSV headers and values). The renderer passes its own
 * language; without one the server writes Dutch, the municipality's language.
 */
import { z } from 'zod';

export const ExportLang = z.enum(['nl', 'fr', 'en']);
export type ExportLang = z.infer<typeof ExportLang>;

/** The renderer's locale ("nl-BE", "fr-BE", "en") as an export language. */
export function exportLangOf(locale: string): ExportLang {
  return locale.startsWith('fr') ? 'fr' : locale.startsWith('en') ? 'en' : 'nl';
}
