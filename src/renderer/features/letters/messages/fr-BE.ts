/**
 * The letters feature's shell strings in French (Belgium): a lazy chunk, loaded when the language
 * is chosen (see ./index.ts).
 */
import type { Messages } from './nl-BE.js';

const messages: Messages = {
  letters: { nav: 'Numéros de courrier', registerNav: 'Registre du courrier', title: 'Numéros de courrier', registerTitle: 'Registre du courrier' },
};

export default messages;
