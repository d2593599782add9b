/**
 * The directory feature's shell strings in English: a lazy chunk, loaded when the language is
 * chosen (see ./index.ts).
 */
import type { Messages } from './nl-BE.js';

const messages: Messages = {
  directory: { nav: 'Colleagues', title: 'Find a colleague', photoOf: 'Photo of {name}' },
};

export default messages;
