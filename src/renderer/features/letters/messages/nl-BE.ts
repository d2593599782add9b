/**
 * The letters feature's shell strings in Dutch (Belgium), the default language: in the first load.
 * What the app shows before any letters screen opens (navigation, window titles, Home card, badge,
 * components other features show); the rest is in ./screens/.
 */
import type { MessageTree } from '../../../i18n/locales.js';

const messages = {
  letters: { nav: 'Briefnummers', registerNav: 'Briefregister', title: 'Briefnummers', registerTitle: 'Briefregister' },
} satisfies MessageTree;

/** The shape the French and English strings must have (the same keys). */
export type Messages = typeof messages;
export default messages;
