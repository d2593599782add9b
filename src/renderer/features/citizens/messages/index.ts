import type { PartMessages } from '../../../i18n/locales.js';
import nl from './nl-BE.js';

/** The citizens feature's strings: nl-BE in the first load, French and English loaded when chosen. */
export const citizensMessages: PartMessages = {
  'nl-BE': nl,
  'fr-BE': () => import('./fr-BE.js').then((m) => m.default),
  en: () => import('./en.js').then((m) => m.default),
};
