/**
 * The orders feature's shell strings in Dutch (Belgium), the default language: in the first load.
 * What the app shows before any orders screen opens (navigation, window titles, Home card, badge,
 * components other features show); the rest is in ./screens/.
 */
import type { MessageTree } from '../../../i18n/locales.js';

const messages = {
  orders: {
    nav: 'Bestelbonnen',
    title: 'Bestelbonnen',
    cardTitle: 'Mijn lopende bestelbonnen',
    cardNone: 'Geen lopende bestelbonnen.',
    numberFollows: 'nummer volgt',
    finance: { nav: 'Wacht op financiën', title: 'Wacht op financiën' },
    form: { newTitle: 'Nieuwe bestelbon', editTitleShort: 'Bestelbon bewerken' },
    cardAll: 'Alle bestelbonnen',
    statuses: {
      ontwerp: 'Ontwerp',
      ingediend: 'Ingediend',
      goedgekeurd_diensthoofd: 'Goedgekeurd door diensthoofd',
      visum_financieel_directeur: 'Visum financieel directeur',
      goedgekeurd: 'Goedgekeurd',
      besteld: 'Besteld',
      deels_geleverd: 'Deels geleverd',
      geleverd: 'Geleverd',
      gefactureerd: 'Gefactureerd',
      betaalbaar_gesteld: 'Betaalbaar gesteld',
      afgesloten: 'Afgesloten',
      geweigerd: 'Geweigerd',
      geannuleerd: 'Geannuleerd',
    },
  },
} satisfies MessageTree;

/** The shape the French and English strings must have (the same keys). */
export type Messages = typeof messages;
export default messages;
