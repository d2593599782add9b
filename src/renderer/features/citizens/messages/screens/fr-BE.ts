/**
 * The citizens feature's screen strings in French (Belgium): a lazy chunk, loaded with its routes
 * once the language is chosen (see ../index.ts).
 */
import type { Messages } from './nl-BE.js';

const messages: Messages = {
  citizens: {
    intro: 'Uniquement pour les missions de la commune. Chaque recherche est journalisée : qui, quand, quoi et pourquoi. Rien n’est conservé sur cet ordinateur.',
    needsConnection: 'La recherche dans le registre de la population nécessite une connexion au serveur.',
    searchTitle: 'Rechercher',
    searchBy: 'Rechercher par',
    by: { name: 'Nom', address: 'Adresse', nationalNumber: 'Numéro de registre national' },
    fields: {
      lastName: 'Nom de famille',
      firstName: 'Prénom',
      birthDate: 'Date de naissance',
      street: 'Rue',
      houseNumber: 'Numéro',
      postcode: 'Code postal',
      nationalNumber: 'Numéro de registre national',
      purpose: 'Finalité de la recherche',
      dossier: 'Numéro de dossier',
      sex: 'Sexe',
      nationality: 'Nationalité',
      address: 'Résidence principale',
      civilStatus: 'État civil',
      household: 'Ménage',
      occupation: 'Profession',
      deathDate: 'Date de décès',
    },
    purposeHint: 'Obligatoire : une finalité ou un numéro de dossier.',
    search: 'Rechercher',
    results: 'Résultats',
    count: 'Aucun résultat | 1 résultat | {n} résultats',
    truncated: 'Il y a d’autres résultats : affinez votre recherche.',
    rateLimited: 'Trop de recherches en peu de temps. Patientez un peu et réessayez.',
    forbidden: 'Vous n’avez pas accès au registre de la population.',
    alone: 'Isolé',
    box: 'boîte',
    sex: { M: 'Homme', F: 'Femme', X: 'X' },
    civil: { single: 'Célibataire', married: 'Marié(e)', legal_cohabitation: 'Cohabitant(e) légal(e)', divorced: 'Divorcé(e)', widowed: 'Veuf/veuve' },
    relation: { reference: 'Personne de référence', partner: 'Partenaire', child: 'Enfant', parent: 'Parent', other: 'Autre' },
    errors: {
      fix: 'Corrigez les champs indiqués.',
      lastName: 'Indiquez au moins 2 lettres du nom de famille.',
      street: 'Indiquez au moins 2 lettres de la rue.',
      postcode: 'Un code postal a 4 chiffres.',
      purpose: 'Indiquez la finalité (au moins 3 caractères) ou un numéro de dossier.',
    },
    insz: {
      empty: 'Indiquez un numéro de registre national.',
      invalid_characters: 'Un numéro de registre national ne contient que des chiffres (points, tirets et espaces permis).',
      wrong_length: 'Un numéro de registre national a 11 chiffres.',
      bad_serial: 'Le numéro d’ordre (chiffres 7 à 9) doit être compris entre 001 et 998.',
      bad_check_digits: 'Le nombre de contrôle ne correspond pas : probablement une faute de frappe.',
      impossible_date: 'La date de naissance de ce numéro n’existe pas.',
    },
    audit: {
      who: 'Qui a consulté ce citoyen ?',
      show: 'Afficher',
      results: 'Aucune consultation | 1 consultation | {n} consultations',
      action: { search: 'recherche', view: 'fiche ouverte' },
      exportTitle: 'Exporter le journal',
      from: 'Du',
      to: 'Au',
      export: 'Exporter (CSV)',
    },
  },
};

export default messages;
