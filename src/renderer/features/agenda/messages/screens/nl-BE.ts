/**
 * The agenda feature's screen strings in Dutch (Belgium), the default language: a lazy chunk,
 * loaded with its routes (see ../index.ts).
 */
import type { MessageTree } from '../../../../i18n/locales.js';

const messages = {
  agenda: {
    intro: 'Komende zittingen van de bestuursorganen, per dag.',
    filterBody: 'Bestuursorgaan',
    allBodies: 'Alle bestuursorganen',
    search: 'Zoek in agendapunten',
    searchHint: 'Zoek op titel of nummer',
    searchResults: 'Gevonden agendapunten',
    noResults: 'Geen agendapunten gevonden.',
    items: '{count} agendapunten | {count} agendapunt | {count} agendapunten',
    meetingLink: '{body} om {time}',
    hiddenItems: 'Besloten agendapunten die u niet mag inzien, worden niet getoond: daarom ontbreken sommige nummers.',
    location: 'Locatie',
    chair: 'Voorzitter',
    secretary: 'Secretaris',
    status: 'Status',
    agendaTitle: 'Agenda',
    noItems: 'Er staan (nog) geen agendapunten op deze zitting die u mag zien.',
    department: 'Dienst',
    draftDecision: 'Ontwerpbesluit',
    outcome: 'Uitkomst',
    votes: 'Stemming: {for} voor, {against} tegen, {abstain} onthoudingen',
    attachments: 'Bijlagen',
    back: 'Terug naar vergaderingen',
    notFound: 'Deze zitting is niet (meer) beschikbaar.',
    visibility: { public: 'Openbaar', closed: 'Besloten' },
    kind: { planned: 'Gepland', supplementary: 'Aanvullend', urgent: 'Spoedeisend' },
    meetingStatus: {
      ontwerp: 'Ontwerp',
      agenda_gepubliceerd: 'Agenda gepubliceerd',
      gehouden: 'Gehouden',
      besluitenlijst_gepubliceerd: 'Besluitenlijst gepubliceerd',
      notulen_goedgekeurd: 'Notulen goedgekeurd',
    },
    outcomes: {
      approved: 'Goedgekeurd',
      rejected: 'Afgekeurd',
      amended: 'Geamendeerd',
      postponed: 'Verdaagd',
      withdrawn: 'Ingetrokken',
      noted: 'Kennisgenomen',
    },
  },
} satisfies MessageTree;

/** The shape the French and English strings must have (the same keys). */
export type Messages = typeof messages;
export default messages;
