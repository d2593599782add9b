/**
 * The directory feature's shell strings in Dutch (Belgium), the default language: in the first
 * load. What the app shows before any directory screen opens (navigation, window titles, Home
 * card, badge, components other features show); the rest is in ./screens/.
 */
import type { MessageTree } from '../../../i18n/locales.js';

const messages = {
  directory: { nav: 'Collega’s', title: 'Collega’s zoeken', photoOf: 'Foto van {name}' },
} satisfies MessageTree;

/** The shape the French and English strings must have (the same keys). */
export type Messages = typeof messages;
export default messages;
