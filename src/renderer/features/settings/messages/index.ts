import type { FeatureMessages } from '../../../i18n/locales.js';
import nl from './nl-BE.js';

/**
 * The settings feature's strings. `shell` (./nl-BE.ts, ./fr-BE.ts, ./en.ts): what the app shows before a
 * settings screen opens (nav, window titles, Home card, badge); nl-BE in the first load, French and
 * English loaded when chosen. `screens` (./screens/): everything else, loaded with the feature's
 * routes in the current language (the router waits for them).
 */
export const settingsMessages: FeatureMessages = {
  shell: {
    'nl-BE': nl,
    'fr-BE': () => import('./fr-BE.js').then((m) => m.default),
    en: () => import('./en.js').then((m) => m.default),
  },
  screens: {
    'nl-BE': () => import('./screens/nl-BE.js').then((m) => m.default),
    'fr-BE': () => import('./screens/fr-BE.js').then((m) => m.default),
    en: () => import('./screens/en.js').then((m) => m.default),
  },
};
