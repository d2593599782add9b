/**
 * The approvals feature's shell strings in English: a lazy chunk, loaded when the language is
 * chosen (see ./index.ts).
 */
import type { Messages } from './nl-BE.js';

const messages: Messages = {
  approvals: {
    nav: 'Approvals',
    badge: '{count} waiting for your decision | {count} waiting for your decision | {count} waiting for your decision',
    title: 'Approvals',
    overdue: 'Overdue',
    due: 'Due {date}',
    cardTitle: 'Approvals',
    cardCount: 'Nothing to decide | 1 request is waiting for you | {count} requests are waiting for you',
    cardUrgent: 'Most urgent:',
    cardAll: 'Go to my approvals',
    absentUntil: 'away until {date}',
    form: { title: 'New request' },
  },
};

export default messages;
