/**
 * The letters feature's screen strings in French (Belgium): a lazy chunk, loaded with its routes
 * once the language is chosen (see ../index.ts).
 */
import type { Messages } from './nl-BE.js';

const messages: Messages = {
  letters: {
    intro: 'Demandez un numéro pour un courrier sortant. Chaque numéro est attribué une seule fois et jamais réutilisé.',
    offlineHint: 'Vous êtes hors ligne. Votre demande est conservée et envoyée dès que la connexion revient ; le numéro suivra.',
    mine: 'Mes courriers',
    none: 'Vous n’avez encore demandé aucun numéro.',
    numberFollows: 'en cours, le numéro suit',
    arrived: 'Le numéro {number} a été attribué.',
    refused: 'Demande refusée : {message}',
    actions: 'Actions',
    markSent: 'Marquer comme envoyé',
    year: 'Année',
    allStates: 'Tous',
    export: 'Exporter (CSV)',
    exportOffline: 'L’export nécessite une connexion.',
    registerCount: 'Aucun numéro | 1 numéro | {n} numéros',
    gaps: 'Numéros manquants dans la copie locale (pas encore synchronisés) : {list}',
    fields: {
      number: 'Numéro',
      date: 'Date',
      subject: 'Objet',
      recipient: 'Destinataire',
      department: 'Service',
      handlingOfficer: 'Agent traitant (personne de contact)',
      dispatchMethod: 'Mode d’envoi',
      yourReference: 'Votre référence',
      dossier: 'Dossier lié',
      requestedBy: 'Demandé par',
      state: 'Statut',
    },
    dispatch: { post: 'Poste', registered: 'Recommandé', email: 'E-mail' },
    state: { pending: 'En cours, le numéro suit', reserved: 'Réservé', sent: 'Envoyé', cancelled: 'Annulé', rejected: 'Refusé' },
    pendingAction: { cancel: 'Annulation en cours d’envoi', markSent: 'Signalé comme envoyé' },
    form: {
      title: 'Nouveau numéro de courrier',
      submit: 'Demander un numéro',
      fix: 'Complétez les champs obligatoires.',
      chooseDepartment: 'Choisissez un service',
      handlingOfficerHint: 'La loi exige une personne de contact sur chaque courrier.',
      required: {
        subject: 'Indiquez un objet.',
        recipient: 'Indiquez un destinataire.',
        departmentId: 'Choisissez un service.',
        handlingOfficer: 'Indiquez un agent traitant (personne de contact).',
      },
    },
    result: {
      label: 'Votre numéro de courrier',
      pendingTitle: 'Demande conservée, le numéro suit',
      pendingOnline: 'Le numéro est demandé au serveur et s’affichera ici dès sa réponse.',
      pendingOffline: 'Vous êtes hors ligne. La demande sera envoyée dès que la connexion revient ; le numéro s’affichera alors ici et vous recevrez une notification.',
      refused: 'Demande refusée :',
      copy: 'Copier le numéro',
      copied: 'Copié dans le presse-papiers.',
      copyFailed: 'La copie a échoué : le numéro est sélectionné, appuyez sur Ctrl+C.',
    },
    cancel: {
      open: 'Annuler',
      reason: 'Motif de l’annulation',
      reasonRequired: 'Indiquez un motif (au moins 3 caractères).',
      confirm: 'Annuler le numéro',
      back: 'Retour',
    },
  },
};

export default messages;
