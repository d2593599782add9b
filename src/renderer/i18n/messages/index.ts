/**
 * Strings of the app shell (layout, sign-in, sync state, errors), one file per locale: nl-BE.ts is
 * in the first load, fr-BE.ts and en.ts are lazy chunks loaded when that language is chosen
 * (`loadLocale` in ../index.ts). Features bring their own (src/renderer/features/<id>/messages/),
 * merged into these. fr-BE.ts and en.ts are typed by nl-BE.ts's shape, and
 * test/renderer/i18n.test.ts checks keys, placeholders and plural forms in all three.
 * `languages` names each language in its own language, the same in all three.
 */
import type { PartMessages } from '../locales.js';
import nl from './nl-BE.js';

export const shellMessages: PartMessages = {
  'nl-BE': nl,
  'fr-BE': () => import('./fr-BE.js').then((m) => m.default),
  en: () => import('./en.js').then((m) => m.default),
};
