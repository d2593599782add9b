/**
 * The citizens feature's shell strings in French (Belgium): a lazy chunk, loaded when the language
 * is chosen (see ./index.ts).
 */
import type { Messages } from './nl-BE.js';

const messages: Messages = {
  citizens: {
    nav: 'Recherche de citoyens',
    title: 'Recherche de citoyens',
    audit: { nav: 'Journal des consultations', title: 'Journal des consultations' },
  },
};

export default messages;
