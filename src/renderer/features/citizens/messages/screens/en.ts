/**
 * The citizens feature's screen strings in English: a lazy chunk, loaded with its routes once the
 * language is chosen (see ../index.ts).
 */
import type { Messages } from './nl-BE.js';

const messages: Messages = {
  citizens: {
    intro: 'Only for the municipality’s own tasks. Every lookup is logged: who, when, what and why. Nothing is kept on this computer.',
    needsConnection: 'Looking up the population register needs a connection to the server.',
    searchTitle: 'Search',
    searchBy: 'Search by',
    by: { name: 'Name', address: 'Address', nationalNumber: 'National number' },
    fields: {
      lastName: 'Last name',
      firstName: 'First name',
      birthDate: 'Date of birth',
      street: 'Street',
      houseNumber: 'House number',
      postcode: 'Postcode',
      nationalNumber: 'National number',
      purpose: 'Purpose of the lookup',
      dossier: 'Dossier reference',
      sex: 'Sex',
      nationality: 'Nationality',
      address: 'Main address',
      civilStatus: 'Civil status',
      household: 'Household',
      occupation: 'Occupation',
      deathDate: 'Date of death',
    },
    purposeHint: 'Required: a purpose or a dossier reference.',
    search: 'Search',
    results: 'Results',
    count: 'No results | 1 result | {n} results',
    truncated: 'There are more results: refine your search.',
    rateLimited: 'Too many lookups in a short time. Wait a moment and try again.',
    forbidden: 'You have no access to the population register.',
    alone: 'Lives alone',
    box: 'box',
    sex: { M: 'Male', F: 'Female', X: 'X' },
    civil: { single: 'Single', married: 'Married', legal_cohabitation: 'Legal cohabitation', divorced: 'Divorced', widowed: 'Widowed' },
    relation: { reference: 'Reference person', partner: 'Partner', child: 'Child', parent: 'Parent', other: 'Other' },
    errors: {
      fix: 'Correct the marked fields.',
      lastName: 'Enter at least 2 letters of the last name.',
      street: 'Enter at least 2 letters of the street.',
      postcode: 'A postcode has 4 digits.',
      purpose: 'Enter the purpose (at least 3 characters) or a dossier reference.',
    },
    insz: {
      empty: 'Enter a national number.',
      invalid_characters: 'A national number contains only digits (dots, dashes and spaces are allowed).',
      wrong_length: 'A national number has 11 digits.',
      bad_serial: 'The serial number (digits 7 to 9) must be between 001 and 998.',
      bad_check_digits: 'The check digits do not match: probably a typo.',
      impossible_date: 'The birth date in this number does not exist.',
    },
    audit: {
      who: 'Who looked at this citizen?',
      show: 'Show',
      results: 'No lookups | 1 lookup | {n} lookups',
      action: { search: 'search', view: 'record opened' },
      exportTitle: 'Export the log',
      from: 'From',
      to: 'To (inclusive)',
      export: 'Export (CSV)',
    },
  },
};

export default messages;
