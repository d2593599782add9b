/**
 * The settings feature's screen strings in French (Belgium): a lazy chunk, loaded with its routes
 * once the language is chosen (see ../index.ts).
 */
import type { Messages } from './nl-BE.js';

const messages: Messages = {
  settings: {
    density: {
      label: 'Affichage',
      comfortable: 'Aéré',
      compact: 'Compact',
      hint: 'Compact affiche davantage dans une fenêtre étroite à côté de votre travail.',
    },
    save: 'Enregistrer',
    saved: 'Enregistré.',
    invalid: 'Cette valeur n’est pas valide.',
    lockedByIt: 'Défini par l’informatique',
    sync: 'Synchronisation',
    general: 'Général',
    startAtLogin: 'Démarrer Pop Index à l’ouverture de session sur ce PC',
    startAtLoginUnsupported: 'Possible uniquement dans l’application de bureau installée.',
    account: { title: 'Compte', signedInAs: 'Connecté en tant que {name}', signedOut: 'Non connecté', signOut: 'Se déconnecter' },
    backend: {
      title: 'Serveur',
      demo: 'Mode démo : le serveur intégré avec des données fictives.',
      current: 'Adresse du serveur : {url}',
      url: 'Adresse du serveur',
      hint: 'Laisser vide pour le mode démo. Une adresse commence par https://.',
      restart: 'Le nouveau serveur sera utilisé après le redémarrage de Pop Index.',
    },
    notifications: {
      title: 'Notifications',
      birthdays: 'Anniversaires du jour (une notification par jour)',
      approvals: 'Nouvelles approbations',
      letters: 'Numéros de lettre attribués',
      time: 'Heure de la notification des anniversaires',
    },
    updates: {
      title: 'Version et mises à jour',
      version: 'Pop Index version {version}',
      lastCheck: 'Dernière vérification : {time}',
      error: 'La dernière vérification a échoué ; Pop Index réessaiera plus tard.',
      install: 'Installer la mise à jour',
      onQuit: 'à la fermeture',
      atTime: 'à une heure fixe',
      time: 'Heure d’installation',
      checkNow: 'Vérifier maintenant',
      status: {
        disabled: 'Les mises à jour automatiques sont désactivées.',
        idle: 'Pop Index est à jour.',
        checking: 'Vérification…',
        available: 'La version {version} est disponible.',
        downloading: 'Téléchargement de la version {version} ({percent} %).',
        error: 'Impossible de vérifier les mises à jour.',
      },
      disabled: {
        unpackaged: 'version de développement',
        test: 'environnement de test',
        policy: 'désactivées par l’informatique',
        web: 'version navigateur',
      },
    },
    diagnostics: {
      title: 'Aide du helpdesk',
      intro: 'Copiez les données techniques (versions, paramètres, lignes de journal récentes sans données personnelles) pour le helpdesk.',
      copy: 'Copier le diagnostic',
      copied: 'Le diagnostic est dans le presse-papiers.',
      manual: 'La copie a échoué : sélectionnez le texte ci-dessous et copiez-le.',
      text: 'Diagnostic',
    },
  },
};

export default messages;
