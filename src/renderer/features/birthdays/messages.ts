import type { LocaleMessages } from '../../i18n/locales.js';

export const birthdaysMessages: LocaleMessages = {
  'nl-BE': {
    birthdays: {
      nav: 'Verjaardagen',
      title: 'Verjaardagen',
      intro: 'Vandaag en de komende 7 dagen. Enkel collega’s die dat zelf toelaten.',
      today: 'Vandaag',
      tomorrow: 'Morgen',
      none: 'Geen verjaardagen deze week.',
      todayCardTitle: 'Jarig vandaag',
      noneToday: 'Vandaag is niemand jarig.',
      all: 'Alle verjaardagen van deze week',
    },
  },
  'fr-BE': {
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
  },
  en: {
    birthdays: {
      nav: 'Birthdays',
      title: 'Birthdays',
      intro: 'Today and the next 7 days. Only colleagues who allowed it.',
      today: 'Today',
      tomorrow: 'Tomorrow',
      none: 'No birthdays this week.',
      todayCardTitle: 'Birthdays today',
      noneToday: 'Nobody has a birthday today.',
      all: 'All birthdays this week',
    },
  },
};
