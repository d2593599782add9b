import type { PartMessages } from '../../../i18n/locales.js';
import nl from './nl-BE.js';

/** The birthdays feature's strings: nl-BE in the first load, French and English loaded when chosen. */
export const birthdaysMessages: PartMessages = {
  'nl-BE': nl,
  'fr-BE': () => import('./fr-BE.js').then((m) => m.default),
  en: () => import('./en.js').then((m) => m.default),
};
