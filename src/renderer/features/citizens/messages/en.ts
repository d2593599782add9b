/**
 * The citizens feature's shell strings in English: a lazy chunk, loaded when the language is
 * chosen (see ./index.ts).
 */
import type { Messages } from './nl-BE.js';

const messages: Messages = {
  citizens: {
    nav: 'Citizen lookup',
    title: 'Citizen lookup',
    audit: { nav: 'Lookup log', title: 'Lookup log' },
  },
};

export default messages;
