import type { FeatureMessages } from '../../../i18n/locales.js';
import nl from './nl-BE.js';

/**
 * The birthdays feature's strings: only `shell` (a Home card, the nav label and a few screen lines, too
 * few to be worth a lazy `screens` part per locale). nl-BE in the first load, French and English
 * loaded when chosen.
 */
export const birthdaysMessages: FeatureMessages = {
  shell: {
    'nl-BE': nl,
    'fr-BE': () => import('./fr-BE.js').then((m) => m.default),
    en: () => import('./en.js').then((m) => m.default),
  },
};
