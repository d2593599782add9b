/**
 * The letters feature's screen strings in Dutch (Belgium), the default language: a lazy chunk,
 * loaded with its routes (see ../index.ts).
 */
import type { MessageTree } from '../../../../i18n/locales.js';

const messages = {
  letters: {
    intro: 'Vraag een nummer aan voor een uitgaande brief. Elk nummer wordt één keer uitgegeven en nooit hergebruikt.',
    offlineHint: 'U bent offline. Uw aanvraag wordt bewaard en verstuurd zodra er verbinding is; het nummer volgt dan.',
    mine: 'Mijn brieven',
    none: 'U hebt nog geen briefnummers aangevraagd.',
    numberFollows: 'in behandeling, nummer volgt',
    arrived: 'Briefnummer {number} is toegekend.',
    refused: 'Aanvraag geweigerd: {message}',
    actions: 'Acties',
    markSent: 'Markeer als verzonden',
    year: 'Jaar',
    allStates: 'Alle',
    export: 'Exporteren (CSV)',
    exportOffline: 'Exporteren kan alleen met verbinding.',
    registerCount: 'Geen nummers | 1 nummer | {n} nummers',
    gaps: 'Ontbrekende nummers in de lokale kopie (nog niet gesynchroniseerd): {list}',
    fields: {
      number: 'Nummer',
      date: 'Datum',
      subject: 'Onderwerp',
      recipient: 'Bestemmeling',
      department: 'Dienst',
      handlingOfficer: 'Behandelaar (contactpersoon)',
      dispatchMethod: 'Verzendwijze',
      yourReference: 'Uw kenmerk',
      dossier: 'Gekoppeld dossier',
      requestedBy: 'Aangevraagd door',
      state: 'Status',
    },
    dispatch: { post: 'Post', registered: 'Aangetekend', email: 'E-mail' },
    state: { pending: 'In behandeling, nummer volgt', reserved: 'Gereserveerd', sent: 'Verzonden', cancelled: 'Geannuleerd', rejected: 'Geweigerd' },
    pendingAction: { cancel: 'Annulering wordt verstuurd', markSent: 'Wordt als verzonden gemeld' },
    form: {
      title: 'Nieuw briefnummer',
      submit: 'Nummer aanvragen',
      fix: 'Vul de verplichte velden in.',
      chooseDepartment: 'Kies een dienst',
      handlingOfficerHint: 'De wet vraagt een contactpersoon op elke brief.',
      required: {
        subject: 'Geef een onderwerp.',
        recipient: 'Geef een bestemmeling.',
        departmentId: 'Kies een dienst.',
        handlingOfficer: 'Geef een behandelaar (contactpersoon).',
      },
    },
    result: {
      label: 'Uw briefnummer',
      pendingTitle: 'Aanvraag bewaard, het nummer volgt',
      pendingOnline: 'Het nummer wordt bij de server aangevraagd en verschijnt hier zodra die antwoordt.',
      pendingOffline: 'U bent offline. De aanvraag wordt verstuurd zodra er verbinding is; het nummer verschijnt dan hier en u krijgt een melding.',
      refused: 'Aanvraag geweigerd:',
      copy: 'Nummer kopiëren',
      copied: 'Gekopieerd naar het klembord.',
      copyFailed: 'Kopiëren lukte niet: het nummer is geselecteerd, druk op Ctrl+C.',
    },
    cancel: {
      open: 'Annuleren',
      reason: 'Reden van annulering',
      reasonRequired: 'Geef een reden (minstens 3 tekens).',
      confirm: 'Nummer annuleren',
      back: 'Terug',
    },
  },
} satisfies MessageTree;

/** The shape the French and English strings must have (the same keys). */
export type Messages = typeof messages;
export default messages;
