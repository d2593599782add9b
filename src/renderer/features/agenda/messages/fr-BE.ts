/**
 * The agenda feature's shell strings in French (Belgium): a lazy chunk, loaded when the language
 * is chosen (see ./index.ts).
 */
import type { Messages } from './nl-BE.js';

const messages: Messages = {
  agenda: {
    nav: 'Réunions',
    title: 'Réunions',
    none: 'Aucune séance dans les prochaines semaines.',
    cardTitle: 'Prochaines réunions',
    cardAll: 'Toutes les réunions',
  },
};

export default messages;
