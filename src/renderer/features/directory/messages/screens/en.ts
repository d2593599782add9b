/**
 * The directory feature's screen strings in English: a lazy chunk, loaded with its routes once the
 * language is chosen (see ../index.ts).
 */
import type { Messages } from './nl-BE.js';

const messages: Messages = {
  directory: {
    searchLabel: 'Find a colleague',
    searchPlaceholder: 'Name, job title, department or phone number',
    searchHint: 'Results appear as you type. Arrow keys to choose, Enter to open.',
    municipality: 'Municipality',
    department: 'Department',
    allMunicipalities: 'All municipalities',
    ownMunicipality: '{name} (your municipality)',
    allDepartments: 'All departments',
    results: 'No colleagues found | 1 colleague found | {formatted} colleagues found',
    resultsCapped: 'More than {count} colleagues found: refine your search',
    resultsLabel: 'Search results',
    noResults: 'Nobody found. Try part of the name or another spelling.',
    backToSearch: '← Back to search',
    notFoundTitle: 'Colleague not found',
    notFoundText: 'This person is not (or no longer) in the staff directory.',
    contact: 'Contact',
    deskPhone: 'Phone',
    mobilePhone: 'Mobile',
    extension: 'Extension',
    email: 'E-mail',
    teams: 'Teams',
    teamsChat: 'Chat with {name}',
    vcard: 'Download contact card (vCard)',
    work: 'Work',
    office: 'Office',
    birthday: 'Birthday',
    organisation: 'Organisation',
    manager: 'Manager',
    noManager: 'No manager',
    reports: 'Direct reports | Direct report (1) | Direct reports ({n})',
    noReports: 'No direct reports',
  },
};

export default messages;
