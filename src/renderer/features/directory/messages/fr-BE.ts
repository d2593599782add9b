/**
 * The directory feature's shell strings in French (Belgium): a lazy chunk, loaded when the
 * language is chosen (see ./index.ts).
 */
import type { Messages } from './nl-BE.js';

const messages: Messages = {
  directory: { nav: 'Collègues', title: 'Rechercher un collègue', photoOf: 'Photo de {name}' },
};

export default messages;
