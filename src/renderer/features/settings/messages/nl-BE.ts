/**
 * The settings feature's shell strings in Dutch (Belgium), the default language: in the first
 * load. What the app shows before any settings screen opens (navigation, window titles, Home card,
 * badge, components other features show); the rest is in ./screens/.
 */
import type { MessageTree } from '../../../i18n/locales.js';

const messages = {
  settings: {
    nav: 'Instellingen',
    title: 'Instellingen',
    updates: {
      mustUpdate: 'De server vraagt minstens versie {version}. Installeer de update.',
      installNow: 'Nu installeren en herstarten',
      noticeTitle: 'Nieuwe versie',
      more: 'Versie en updates',
      status: { ready: 'Versie {version} is klaar om te installeren.' },
    },
  },
} satisfies MessageTree;

/** The shape the French and English strings must have (the same keys). */
export type Messages = typeof messages;
export default messages;
