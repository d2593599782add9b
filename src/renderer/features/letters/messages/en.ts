/**
 * The letters feature's shell strings in English: a lazy chunk, loaded when the language is chosen
 * (see ./index.ts).
 */
import type { Messages } from './nl-BE.js';

const messages: Messages = {
  letters: { nav: 'Letter numbers', registerNav: 'Letter register', title: 'Letter numbers', registerTitle: 'Letter register' },
};

export default messages;
