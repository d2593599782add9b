/**
 * The settings feature's shell strings in English: a lazy chunk, loaded when the language is
 * chosen (see ./index.ts).
 */
import type { Messages } from './nl-BE.js';

const messages: Messages = {
  settings: {
    nav: 'Settings',
    title: 'Settings',
    updates: {
      mustUpdate: 'The server requires at least version {version}. Please install the update.',
      installNow: 'Install and restart now',
      noticeTitle: 'New version',
      more: 'Version and updates',
      status: { ready: 'Version {version} is ready to install.' },
    },
  },
};

export default messages;
