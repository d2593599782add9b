/**
 * The approvals feature's shell strings in Dutch (Belgium), the default language: in the first
 * load. What the app shows before any approvals screen opens (navigation, window titles, Home
 * card, badge, components other features show); the rest is in ./screens/.
 */
import type { MessageTree } from '../../../i18n/locales.js';

const messages = {
  approvals: {
    nav: 'Goedkeuringen',
    badge: '{count} wachten op uw beslissing | {count} wacht op uw beslissing | {count} wachten op uw beslissing',
    title: 'Goedkeuringen',
    overdue: 'Over tijd',
    due: 'Uiterlijk {date}',
    cardTitle: 'Goedkeuringen',
    cardCount: 'Niets te beslissen | 1 aanvraag wacht op u | {count} aanvragen wachten op u',
    cardUrgent: 'Dringendst:',
    cardAll: 'Naar mijn goedkeuringen',
    absentUntil: 'afwezig tot {date}',
    form: { title: 'Nieuwe aanvraag' },
  },
} satisfies MessageTree;

/** The shape the French and English strings must have (the same keys). */
export type Messages = typeof messages;
export default messages;
