/**
 * The birthdays feature's strings in English: a lazy chunk, loaded when the language is chosen
 * (see ./index.ts).
 */
import type { Messages } from './nl-BE.js';

const messages: Messages = {
  birthdays: {
    nav: 'Birthdays',
    title: 'Birthdays',
    intro: 'Today and the next 7 days. Only colleagues who allowed it.',
    today: 'Today',
    tomorrow: 'Tomorrow',
    none: 'No birthdays this week.',
    todayCardTitle: 'Birthdays today',
    noneToday: 'Nobody has a birthday today.',
    all: 'All birthdays this week',
  },
};

export default messages;
