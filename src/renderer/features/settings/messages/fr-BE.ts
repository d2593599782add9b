/**
 * The settings feature's shell strings in French (Belgium): a lazy chunk, loaded when the language
 * is chosen (see ./index.ts).
 */
import type { Messages } from './nl-BE.js';

const messages: Messages = {
  settings: {
    nav: 'Paramètres',
    title: 'Paramètres',
    updates: {
      mustUpdate: 'Le serveur exige au moins la version {version}. Installez la mise à jour.',
      installNow: 'Installer et redémarrer',
      noticeTitle: 'Nouvelle version',
      more: 'Version et mises à jour',
      status: { ready: 'La version {version} est prête à être installée.' },
    },
  },
};

export default messages;
