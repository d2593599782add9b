/**
 * The agenda feature's shell strings in Dutch (Belgium), the default language: in the first load.
 * What the app shows before any agenda screen opens (navigation, window titles, Home card, badge,
 * components other features show); the rest is in ./screens/.
 */
import type { MessageTree } from '../../../i18n/locales.js';

const messages = {
  agenda: {
    nav: 'Vergaderingen',
    title: 'Vergaderingen',
    none: 'Geen zittingen in de komende weken.',
    cardTitle: 'Volgende vergaderingen',
    cardAll: 'Alle vergaderingen',
  },
} satisfies MessageTree;

/** The shape the French and English strings must have (the same keys). */
export type Messages = typeof messages;
export default messages;
