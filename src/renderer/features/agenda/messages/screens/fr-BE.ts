/**
 * The agenda feature's screen strings in French (Belgium): a lazy chunk, loaded with its routes
 * once the language is chosen (see ../index.ts).
 */
import type { Messages } from './nl-BE.js';

const messages: Messages = {
  agenda: {
    intro: 'Prochaines séances des organes de gestion, par jour.',
    filterBody: 'Organe',
    allBodies: 'Tous les organes',
    search: "Rechercher dans les points de l'ordre du jour",
    searchHint: 'Rechercher par titre ou numéro',
    searchResults: 'Points trouvés',
    noResults: 'Aucun point trouvé.',
    items: '{count} points | {count} point | {count} points',
    meetingLink: '{body} à {time}',
    hiddenItems: 'Les points à huis clos que vous ne pouvez pas consulter ne sont pas affichés : certains numéros manquent donc.',
    location: 'Lieu',
    chair: 'Président',
    secretary: 'Secrétaire',
    status: 'Statut',
    agendaTitle: 'Ordre du jour',
    noItems: 'Cette séance ne comporte (encore) aucun point que vous pouvez voir.',
    department: 'Service',
    draftDecision: 'Projet de décision',
    outcome: 'Résultat',
    votes: 'Vote : {for} pour, {against} contre, {abstain} abstentions',
    attachments: 'Annexes',
    back: 'Retour aux réunions',
    notFound: "Cette séance n'est pas (plus) disponible.",
    visibility: { public: 'Public', closed: 'Huis clos' },
    kind: { planned: 'Prévu', supplementary: 'Complémentaire', urgent: 'Urgent' },
    meetingStatus: {
      ontwerp: 'Projet',
      agenda_gepubliceerd: 'Ordre du jour publié',
      gehouden: 'Tenue',
      besluitenlijst_gepubliceerd: 'Liste des décisions publiée',
      notulen_goedgekeurd: 'Procès-verbal approuvé',
    },
    outcomes: { approved: 'Approuvé', rejected: 'Rejeté', amended: 'Amendé', postponed: 'Reporté', withdrawn: 'Retiré', noted: 'Pris acte' },
  },
};

export default messages;
