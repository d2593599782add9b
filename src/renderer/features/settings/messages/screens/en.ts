/**
 * The settings feature's screen strings in English: a lazy chunk, loaded with its routes once the
 * language is chosen (see ../index.ts).
 */
import type { Messages } from './nl-BE.js';

const messages: Messages = {
  settings: {
    density: { label: 'Display', comfortable: 'Comfortable', compact: 'Compact', hint: 'Compact shows more in a narrow window beside your work.' },
    save: 'Save',
    saved: 'Saved.',
    invalid: 'This value is not valid.',
    lockedByIt: 'Set by IT',
    sync: 'Synchronisation',
    general: 'General',
    startAtLogin: 'Start Pop Index when I sign in to this PC',
    startAtLoginUnsupported: 'Only possible in the installed desktop app.',
    account: { title: 'Account', signedInAs: 'Signed in as {name}', signedOut: 'Not signed in', signOut: 'Sign out' },
    backend: {
      title: 'Server',
      demo: 'Demo mode: the built-in server with fictional data.',
      current: 'Server address: {url}',
      url: 'Server address',
      hint: 'Leave empty for demo mode. An address starts with https://.',
      restart: 'The new server is used after Pop Index restarts.',
    },
    notifications: {
      title: 'Notifications',
      birthdays: 'Today’s birthdays (one notification a day)',
      approvals: 'New approvals',
      letters: 'Assigned letter numbers',
      time: 'Time of the birthdays notification',
    },
    updates: {
      title: 'Version and updates',
      version: 'Pop Index version {version}',
      lastCheck: 'Last checked: {time}',
      error: 'The last check failed; Pop Index will try again later.',
      install: 'Install the update',
      onQuit: 'when I quit',
      atTime: 'at a set time',
      time: 'Install time',
      checkNow: 'Check now',
      status: {
        disabled: 'Automatic updates are off.',
        idle: 'Pop Index is up to date.',
        checking: 'Checking…',
        available: 'Version {version} is available.',
        downloading: 'Downloading version {version} ({percent} %).',
        error: 'Updates could not be checked.',
      },
      disabled: { unpackaged: 'development build', test: 'test environment', policy: 'turned off by IT', web: 'browser version' },
    },
    diagnostics: {
      title: 'Helpdesk',
      intro: 'Copy technical details (versions, settings, recent log lines without personal data) for the helpdesk.',
      copy: 'Copy diagnostics',
      copied: 'The diagnostics are on the clipboard.',
      manual: 'Copying failed: select the text below and copy it.',
      text: 'Diagnostics',
    },
  },
};

export default messages;
