/**
 * Strings main shows itself (tray tooltip and menu, notifications), through vue-i18n like every
 * visible string, in nl-BE first, then fr-BE and en. Plural forms: "zero | one | many".
 */
import { createI18n } from 'vue-i18n';
import type { Language } from '../../shared/contract/settings.js';

const nl = {
  tray: {
    tooltip: 'Pop Index',
    approvals: 'geen goedkeuringen | 1 goedkeuring wacht | {n} goedkeuringen wachten',
    birthdays: 'geen verjaardagen vandaag | 1 verjaardag vandaag | {n} verjaardagen vandaag',
    offline: 'offline',
    updateReady: 'nieuwe versie klaar',
    open: 'Pop Index openen',
    menuApprovals: 'Goedkeuringen ({n})',
    menuBirthdays: 'Verjaardagen vandaag ({n})',
    syncNow: 'Nu synchroniseren',
    quit: 'Afsluiten',
  },
  notify: {
    birthdaysTitle: 'Verjaardagen vandaag',
    birthdaysBody: 'Niemand is jarig | 1 collega is vandaag jarig | {n} collega\'s zijn vandaag jarig',
    approvalsTitle: 'Nieuwe goedkeuringen',
    approvalsBody: 'Geen nieuwe aanvragen | 1 nieuwe aanvraag wacht op jou | {n} nieuwe aanvragen wachten op jou',
    letterTitle: 'Briefnummer ontvangen',
    letterBody: 'Geen briefnummers | Uw briefnummer {number} is toegekend | {n} briefnummers zijn toegekend',
    updateTitle: 'Nieuwe versie klaar',
    updateBody: 'Pop Index {version} wordt geïnstalleerd bij het afsluiten.',
  },
};
type Messages = typeof nl;

const fr: Messages = {
  tray: {
    tooltip: 'Pop Index',
    approvals: 'aucune approbation | 1 approbation en attente | {n} approbations en attente',
    birthdays: "aucun anniversaire aujourd'hui | 1 anniversaire aujourd'hui | {n} anniversaires aujourd'hui",
    offline: 'hors ligne',
    updateReady: 'nouvelle version prête',
    open: 'Ouvrir Pop Index',
    menuApprovals: 'Approbations ({n})',
    menuBirthdays: "Anniversaires aujourd'hui ({n})",
    syncNow: 'Synchroniser maintenant',
    quit: 'Quitter',
  },
  notify: {
    birthdaysTitle: "Anniversaires aujourd'hui",
    birthdaysBody: "Aucun anniversaire | 1 collègue fête son anniversaire aujourd'hui | {n} collègues fêtent leur anniversaire aujourd'hui",
    approvalsTitle: 'Nouvelles approbations',
    approvalsBody: 'Aucune nouvelle demande | 1 nouvelle demande vous attend | {n} nouvelles demandes vous attendent',
    letterTitle: 'Numéro de lettre reçu',
    letterBody: 'Aucun numéro | Votre numéro de lettre {number} est attribué | {n} numéros de lettre sont attribués',
    updateTitle: 'Nouvelle version prête',
    updateBody: 'Pop Index {version} sera installé à la fermeture.',
  },
};

const en: Messages = {
  tray: {
    tooltip: 'Pop Index',
    approvals: 'no approvals | 1 approval waiting | {n} approvals waiting',
    birthdays: 'no birthdays today | 1 birthday today | {n} birthdays today',
    offline: 'offline',
    updateReady: 'new version ready',
    open: 'Open Pop Index',
    menuApprovals: 'Approvals ({n})',
    menuBirthdays: 'Birthdays today ({n})',
    syncNow: 'Sync now',
    quit: 'Quit',
  },
  notify: {
    birthdaysTitle: 'Birthdays today',
    birthdaysBody: 'No birthdays | 1 colleague has a birthday today | {n} colleagues have a birthday today',
    approvalsTitle: 'New approvals',
    approvalsBody: 'No new requests | 1 new request is waiting for you | {n} new requests are waiting for you',
    letterTitle: 'Letter number received',
    letterBody: 'No letter numbers | Your letter number {number} was assigned | {n} letter numbers were assigned',
    updateTitle: 'New version ready',
    updateBody: 'Pop Index {version} will be installed when you quit.',
  },
};

export const DESKTOP_MESSAGES: Record<Language, Messages> = { 'nl-BE': nl, 'fr-BE': fr, en };

export type Translate = (key: string, params?: Record<string, string | number>, count?: number) => string;

export function createTranslator(language: Language): Translate {
  const i18n = createI18n({ legacy: false, locale: language, fallbackLocale: 'en', messages: DESKTOP_MESSAGES, missingWarn: false, fallbackWarn: false });
  return (key, params = {}, count) => (count === undefined ? i18n.global.t(key, params) : i18n.global.t(key, params, count));
}
