/**
 * The settings feature's screen strings in Dutch (Belgium), the default language: a lazy chunk,
 * loaded with its routes (see ../index.ts).
 */
import type { MessageTree } from '../../../../i18n/locales.js';

const messages = {
  settings: {
    density: { label: 'Weergave', comfortable: 'Ruim', compact: 'Compact', hint: 'Compact toont meer op een smal venster naast uw werk.' },
    save: 'Bewaren',
    saved: 'Bewaard.',
    invalid: 'Deze waarde is niet geldig.',
    lockedByIt: 'Ingesteld door ICT',
    sync: 'Synchronisatie',
    general: 'Algemeen',
    startAtLogin: 'Pop Index starten bij het aanmelden op deze pc',
    startAtLoginUnsupported: 'Dit kan alleen in de geïnstalleerde desktop-app.',
    account: { title: 'Account', signedInAs: 'Aangemeld als {name}', signedOut: 'Niet aangemeld', signOut: 'Afmelden' },
    backend: {
      title: 'Server',
      demo: 'Demomodus: de ingebouwde server met fictieve gegevens.',
      current: 'Serveradres: {url}',
      url: 'Adres van de server',
      hint: 'Leeg laten voor de demomodus. Een adres begint met https://.',
      restart: 'De nieuwe server wordt gebruikt na het herstarten van Pop Index.',
    },
    notifications: {
      title: 'Meldingen',
      birthdays: 'Verjaardagen van vandaag (één melding per dag)',
      approvals: 'Nieuwe goedkeuringen',
      letters: 'Toegekende briefnummers',
      time: 'Uur van de verjaardagsmelding',
    },
    updates: {
      title: 'Versie en updates',
      version: 'Pop Index versie {version}',
      lastCheck: 'Laatst gecontroleerd: {time}',
      error: 'De laatste controle is mislukt; Pop Index probeert het later opnieuw.',
      install: 'Update installeren',
      onQuit: 'bij het afsluiten',
      atTime: 'op een vast uur',
      time: 'Uur van installatie',
      checkNow: 'Nu controleren',
      status: {
        disabled: 'Automatische updates staan uit.',
        idle: 'Pop Index is up-to-date.',
        checking: 'Bezig met controleren…',
        available: 'Versie {version} is beschikbaar.',
        downloading: 'Versie {version} wordt gedownload ({percent} %).',
        error: 'Updates konden niet gecontroleerd worden.',
      },
      disabled: { unpackaged: 'ontwikkelversie', test: 'testomgeving', policy: 'uitgeschakeld door ICT', web: 'browserversie' },
    },
    diagnostics: {
      title: 'Hulp van de helpdesk',
      intro: 'Kopieer technische gegevens (versies, instellingen, recente logregels zonder persoonsgegevens) voor de helpdesk.',
      copy: 'Diagnose kopiëren',
      copied: 'De diagnose staat op het klembord.',
      manual: 'Kopiëren lukte niet: selecteer de tekst hieronder en kopieer ze.',
      text: 'Diagnose',
    },
  },
} satisfies MessageTree;

/** The shape the French and English strings must have (the same keys). */
export type Messages = typeof messages;
export default messages;
