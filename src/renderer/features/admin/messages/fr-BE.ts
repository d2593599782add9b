/**
 * The admin feature's shell strings in French (Belgium): a lazy chunk, loaded when the language is
 * chosen (see ./index.ts).
 */
import type { Messages } from './nl-BE.js';

const messages: Messages = {
  admin: { nav: 'Gestion', title: 'Gestion' },
};

export default messages;
