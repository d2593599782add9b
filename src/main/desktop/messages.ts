/**
 * Strings main shows itself (tray tooltip and menu, notifications), in nl-BE first, then fr-BE and
 * en, with the renderer's message syntax: `{name}` placeholders and plural forms "zero | one | many"
 * (or "one | many"), chosen with Intl.PluralRules — no Vue in the main process.
 */
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
    approvalsBody: 'Geen nieuwe aanvragen | 1 nieuwe aanvraag wacht op u | {n} nieuwe aanvragen wachten op u',
    letterTitle: 'Briefnummer ontvangen',
    letterBody: 'Geen briefnummers | Uw briefnummer {number} is toegekend | {n} briefnummers zijn toegekend',
    updateTitle: 'Nieuwe versie klaar',
    updateBody: 'Pop Index {version} wordt geïnstalleerd bij het afsluiten.',
    decidedTitle: { approved: 'Uw aanvraag is goedgekeurd', refused: 'Uw aanvraag is geweigerd', sent_back: 'Uw aanvraag is teruggestuurd' },
    decidedBody: '{title}',
    decidedManyTitle: 'Beslissingen over uw aanvragen',
    decidedManyBody: 'Geen beslissingen | Over 1 aanvraag werd beslist | Over {n} aanvragen werd beslist',
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
    decidedTitle: { approved: 'Votre demande est approuvée', refused: 'Votre demande est refusée', sent_back: 'Votre demande vous est renvoyée' },
    decidedBody: '{title}',
    decidedManyTitle: 'Décisions sur vos demandes',
    decidedManyBody: 'Aucune décision | 1 demande a été traitée | {n} demandes ont été traitées',
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
    decidedTitle: { approved: 'Your request was approved', refused: 'Your request was refused', sent_back: 'Your request was sent back' },
    decidedBody: '{title}',
    decidedManyTitle: 'Decisions on your requests',
    decidedManyBody: 'No decisions | 1 request was decided | {n} requests were decided',
  },
};

export const DESKTOP_MESSAGES: Record<Language, Messages> = { 'nl-BE': nl, 'fr-BE': fr, en };

export type Translate = (key: string, params?: Record<string, string | number>, count?: number) => string;

function lookup(messages: unknown, key: string): string | undefined {
  let node: unknown = messages;
  for (const part of key.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}

/** The form for `count`: with three forms the first is for zero; then "one" (Intl.PluralRules) or the last. */
function pluralForm(message: string, count: number, rules: Intl.PluralRules): string {
  const forms = message.split('|').map((f) => f.trim());
  if (forms.length === 1) return forms[0]!;
  if (forms.length >= 3 && count === 0) return forms[0]!;
  const one = rules.select(count) === 'one' && count !== 0;
  return forms.length >= 3 ? (one ? forms[1]! : forms[2]!) : one ? forms[0]! : forms[1]!;
}

export function createTranslator(language: Language): Translate {
  const rules = new Intl.PluralRules(language);
  return (key, params = {}, count) => {
    const message = lookup(DESKTOP_MESSAGES[language], key) ?? lookup(DESKTOP_MESSAGES.en, key) ?? key;
    const text = count === undefined ? message : pluralForm(message, count, rules);
    const values: Record<string, string | number> = count === undefined ? params : { n: count, count, ...params };
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
  };
}
