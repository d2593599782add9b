/**
 * The admin feature's shell strings in Dutch (Belgium), the default language: in the first load.
 * What the app shows before any admin screen opens (navigation, window titles, Home card, badge,
 * components other features show); the rest is in ./screens/.
 */
import type { MessageTree } from '../../../i18n/locales.js';

const messages = {
  admin: { nav: 'Beheer', title: 'Beheer' },
} satisfies MessageTree;

/** The shape the French and English strings must have (the same keys). */
export type Messages = typeof messages;
export default messages;
