/**
 * The agenda feature's screen strings in English: a lazy chunk, loaded with its routes once the
 * language is chosen (see ../index.ts).
 */
import type { Messages } from './nl-BE.js';

const messages: Messages = {
  agenda: {
    intro: 'Upcoming meetings of the governing bodies, by day.',
    filterBody: 'Governing body',
    allBodies: 'All governing bodies',
    search: 'Search agenda items',
    searchHint: 'Search by title or number',
    searchResults: 'Agenda items found',
    noResults: 'No agenda items found.',
    items: '{count} agenda items | {count} agenda item | {count} agenda items',
    meetingLink: '{body} at {time}',
    hiddenItems: 'Closed items you may not see are not shown: that is why some numbers are missing.',
    location: 'Location',
    chair: 'Chair',
    secretary: 'Secretary',
    status: 'Status',
    agendaTitle: 'Agenda',
    noItems: 'This meeting has no agenda items (yet) that you may see.',
    department: 'Department',
    draftDecision: 'Draft decision',
    outcome: 'Outcome',
    votes: 'Vote: {for} for, {against} against, {abstain} abstentions',
    attachments: 'Attachments',
    back: 'Back to meetings',
    notFound: 'This meeting is not available (any more).',
    visibility: { public: 'Public', closed: 'Closed' },
    kind: { planned: 'Planned', supplementary: 'Supplementary', urgent: 'Urgent' },
    meetingStatus: {
      ontwerp: 'Draft',
      agenda_gepubliceerd: 'Agenda published',
      gehouden: 'Held',
      besluitenlijst_gepubliceerd: 'Decision list published',
      notulen_goedgekeurd: 'Minutes approved',
    },
    outcomes: { approved: 'Approved', rejected: 'Rejected', amended: 'Amended', postponed: 'Postponed', withdrawn: 'Withdrawn', noted: 'Noted' },
  },
};

export default messages;
