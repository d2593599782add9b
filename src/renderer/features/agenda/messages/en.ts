/**
 * The agenda feature's shell strings in English: a lazy chunk, loaded when the language is chosen
 * (see ./index.ts).
 */
import type { Messages } from './nl-BE.js';

const messages: Messages = {
  agenda: { nav: 'Meetings', title: 'Meetings', none: 'No meetings in the coming weeks.', cardTitle: 'Next meetings', cardAll: 'All meetings' },
};

export default messages;
