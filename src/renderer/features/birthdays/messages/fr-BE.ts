/**
 * The birthdays feature's strings in French (Belgium): a lazy chunk, loaded when the language is
 * chosen (see ./index.ts).
 */
import type { Messages } from './nl-BE.js';

const messages: Messages = {
  birthdays: {
    nav: 'Anniversaires',
    title: 'Anniversaires',
    intro: 'Aujourd’hui et les 7 prochains jours. Uniquement les collègues qui l’ont autorisé.',
    today: 'Aujourd’hui',
    tomorrow: 'Demain',
    none: 'Pas d’anniversaire cette semaine.',
    todayCardTitle: 'Anniversaires du jour',
    noneToday: 'Personne ne fête son anniversaire aujourd’hui.',
    all: 'Tous les anniversaires de la semaine',
  },
};

export default messages;
