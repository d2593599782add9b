/**
 * The orders feature's shell strings in French (Belgium): a lazy chunk, loaded when the language
 * is chosen (see ./index.ts).
 */
import type { Messages } from './nl-BE.js';

const messages: Messages = {
  orders: {
    nav: 'Bons de commande',
    title: 'Bons de commande',
    cardTitle: 'Mes bons de commande en cours',
    cardNone: 'Aucun bon de commande en cours.',
    numberFollows: 'numéro à venir',
    finance: { nav: 'En attente des finances', title: 'En attente des finances' },
    form: { newTitle: 'Nouveau bon de commande', editTitleShort: 'Modifier le bon de commande' },
    cardAll: 'Tous les bons de commande',
    statuses: {
      ontwerp: 'Brouillon',
      ingediend: 'Introduit',
      goedgekeurd_diensthoofd: 'Approuvé par le chef de service',
      visum_financieel_directeur: 'Visa du directeur financier',
      goedgekeurd: 'Approuvé',
      besteld: 'Commandé',
      deels_geleverd: 'Livré en partie',
      geleverd: 'Livré',
      gefactureerd: 'Facturé',
      betaalbaar_gesteld: 'Mis en paiement',
      afgesloten: 'Clôturé',
      geweigerd: 'Refusé',
      geannuleerd: 'Annulé',
    },
  },
};

export default messages;
