/**
 * The admin feature's shell strings in English: a lazy chunk, loaded when the language is chosen
 * (see ./index.ts).
 */
import type { Messages } from './nl-BE.js';

const messages: Messages = {
  admin: { nav: 'Administration', title: 'Administration' },
};

export default messages;
