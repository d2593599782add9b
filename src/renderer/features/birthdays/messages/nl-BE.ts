/** The birthdays feature's strings in Dutch (Belgium), the default language: in the first load. */
import type { MessageTree } from '../../../i18n/locales.js';

const messages = {
  birthdays: {
    nav: 'Verjaardagen',
    title: 'Verjaardagen',
    intro: 'Vandaag en de komende 7 dagen. Enkel collega’s die dat zelf toelaten.',
    today: 'Vandaag',
    tomorrow: 'Morgen',
    none: 'Geen verjaardagen deze week.',
    todayCardTitle: 'Jarig vandaag',
    noneToday: 'Vandaag is niemand jarig.',
    all: 'Alle verjaardagen van deze week',
  },
} satisfies MessageTree;

/** The shape the French and English strings must have (the same keys). */
export type Messages = typeof messages;
export default messages;
