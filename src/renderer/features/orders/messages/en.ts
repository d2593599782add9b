/**
 * The orders feature's shell strings in English: a lazy chunk, loaded when the language is chosen
 * (see ./index.ts).
 */
import type { Messages } from './nl-BE.js';

const messages: Messages = {
  orders: {
    nav: 'Purchase orders',
    title: 'Purchase orders',
    cardTitle: 'My open purchase orders',
    cardNone: 'No open purchase orders.',
    numberFollows: 'number to follow',
    finance: { nav: 'Waiting for finance', title: 'Waiting for finance' },
    form: { newTitle: 'New purchase order', editTitleShort: 'Edit purchase order' },
    cardAll: 'All purchase orders',
    statuses: {
      ontwerp: 'Draft',
      ingediend: 'Submitted',
      goedgekeurd_diensthoofd: 'Approved by head of department',
      visum_financieel_directeur: "Financial director's visum",
      goedgekeurd: 'Approved',
      besteld: 'Ordered',
      deels_geleverd: 'Partly delivered',
      geleverd: 'Delivered',
      gefactureerd: 'Invoiced',
      betaalbaar_gesteld: 'Payment authorised',
      afgesloten: 'Closed',
      geweigerd: 'Refused',
      geannuleerd: 'Cancelled',
    },
  },
};

export default messages;
