/**
 * The citizens feature's shell strings in Dutch (Belgium), the default language: in the first
 * load. What the app shows before any citizens screen opens (navigation, window titles, Home card,
 * badge, components other features show); the rest is in ./screens/.
 */
import type { MessageTree } from '../../../i18n/locales.js';

const messages = {
  citizens: {
    nav: 'Burgers opzoeken',
    title: 'Burgers opzoeken',
    audit: { nav: 'Raadplegingslog', title: 'Raadplegingslog' },
  },
} satisfies MessageTree;

/** The shape the French and English strings must have (the same keys). */
export type Messages = typeof messages;
export default messages;
