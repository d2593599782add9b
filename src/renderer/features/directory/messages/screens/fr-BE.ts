/**
 * The directory feature's screen strings in French (Belgium): a lazy chunk, loaded with its routes
 * once the language is chosen (see ../index.ts).
 */
import type { Messages } from './nl-BE.js';

const messages: Messages = {
  directory: {
    searchLabel: 'Rechercher un collègue',
    searchPlaceholder: 'Nom, fonction, service ou numéro de téléphone',
    searchHint: 'Les résultats s’affichent pendant la saisie. Flèches pour choisir, Entrée pour ouvrir.',
    municipality: 'Commune',
    department: 'Service',
    allMunicipalities: 'Toutes les communes',
    ownMunicipality: '{name} (votre commune)',
    allDepartments: 'Tous les services',
    results: 'Aucun collègue trouvé | 1 collègue trouvé | {formatted} collègues trouvés',
    resultsCapped: 'Plus de {count} collègues trouvés : affinez votre recherche',
    resultsLabel: 'Résultats de la recherche',
    noResults: 'Personne trouvé. Essayez une partie du nom ou une autre orthographe.',
    backToSearch: '← Retour à la recherche',
    notFoundTitle: 'Collègue introuvable',
    notFoundText: 'Cette personne ne figure pas (plus) dans l’annuaire.',
    contact: 'Contact',
    deskPhone: 'Téléphone',
    mobilePhone: 'GSM',
    extension: 'Numéro interne',
    email: 'E-mail',
    teams: 'Teams',
    teamsChat: 'Discuter avec {name}',
    vcard: 'Télécharger la fiche de contact (vCard)',
    work: 'Travail',
    office: 'Bureau',
    birthday: 'Anniversaire',
    organisation: 'Organisation',
    manager: 'Responsable',
    noManager: 'Pas de responsable',
    reports: 'Collaborateurs | Collaborateur (1) | Collaborateurs ({n})',
    noReports: 'Pas de collaborateurs',
  },
};

export default messages;
