/**
 * The approvals feature's shell strings in French (Belgium): a lazy chunk, loaded when the
 * language is chosen (see ./index.ts).
 */
import type { Messages } from './nl-BE.js';

const messages: Messages = {
  approvals: {
    nav: 'Approbations',
    badge: '{count} attendent votre décision | {count} attend votre décision | {count} attendent votre décision',
    title: 'Approbations',
    overdue: 'En retard',
    due: 'Au plus tard le {date}',
    cardTitle: 'Approbations',
    cardCount: 'Rien à décider | 1 demande vous attend | {count} demandes vous attendent',
    cardUrgent: 'La plus urgente :',
    cardAll: 'Vers mes approbations',
    absentUntil: "absent(e) jusqu'au {date}",
    form: { title: 'Nouvelle demande' },
  },
};

export default messages;
