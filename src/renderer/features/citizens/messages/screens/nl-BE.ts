/**
 * The citizens feature's screen strings in Dutch (Belgium), the default language: a lazy chunk,
 * loaded with its routes (see ../index.ts).
 */
import type { MessageTree } from '../../../../i18n/locales.js';

const messages = {
  citizens: {
    intro: 'Enkel voor de taken van de gemeente. Elke opzoeking wordt gelogd met wie, wanneer, wat en waarom. Niets wordt op deze computer bewaard.',
    needsConnection: 'Opzoeken in het bevolkingsregister kan alleen met verbinding met de server.',
    searchTitle: 'Zoeken',
    searchBy: 'Zoeken op',
    by: { name: 'Naam', address: 'Adres', nationalNumber: 'Rijksregisternummer' },
    fields: {
      lastName: 'Familienaam',
      firstName: 'Voornaam',
      birthDate: 'Geboortedatum',
      street: 'Straat',
      houseNumber: 'Huisnummer',
      postcode: 'Postcode',
      nationalNumber: 'Rijksregisternummer',
      purpose: 'Doel van de opzoeking',
      dossier: 'Dossiernummer',
      sex: 'Geslacht',
      nationality: 'Nationaliteit',
      address: 'Hoofdverblijfplaats',
      civilStatus: 'Burgerlijke staat',
      household: 'Gezin',
      occupation: 'Beroep',
      deathDate: 'Overlijdensdatum',
    },
    purposeHint: 'Verplicht: een doel of een dossiernummer.',
    search: 'Zoeken',
    results: 'Resultaten',
    count: 'Geen resultaten | 1 resultaat | {n} resultaten',
    truncated: 'Er zijn meer resultaten: verfijn uw zoekopdracht.',
    rateLimited: 'Te veel opzoekingen op korte tijd. Wacht even en probeer opnieuw.',
    forbidden: 'U hebt geen toegang tot het bevolkingsregister.',
    alone: 'Alleenstaand',
    box: 'bus',
    sex: { M: 'Man', F: 'Vrouw', X: 'X' },
    civil: { single: 'Ongehuwd', married: 'Gehuwd', legal_cohabitation: 'Wettelijk samenwonend', divorced: 'Gescheiden', widowed: 'Weduwe/weduwnaar' },
    relation: { reference: 'Referentiepersoon', partner: 'Partner', child: 'Kind', parent: 'Ouder', other: 'Ander' },
    errors: {
      fix: 'Verbeter de aangeduide velden.',
      lastName: 'Geef minstens 2 letters van de familienaam.',
      street: 'Geef minstens 2 letters van de straat.',
      postcode: 'Een postcode heeft 4 cijfers.',
      purpose: 'Geef het doel van de opzoeking (minstens 3 tekens) of een dossiernummer.',
    },
    insz: {
      empty: 'Geef een rijksregisternummer.',
      invalid_characters: 'Een rijksregisternummer bevat alleen cijfers (punten, streepjes en spaties mogen).',
      wrong_length: 'Een rijksregisternummer heeft 11 cijfers.',
      bad_serial: 'Het volgnummer (cijfers 7 tot 9) moet tussen 001 en 998 liggen.',
      bad_check_digits: 'Het controlegetal klopt niet: waarschijnlijk een tikfout.',
      impossible_date: 'De geboortedatum in dit nummer bestaat niet.',
    },
    audit: {
      who: 'Wie raadpleegde deze burger?',
      show: 'Tonen',
      results: 'Geen raadplegingen | 1 raadpleging | {n} raadplegingen',
      action: { search: 'zoekopdracht', view: 'fiche geopend' },
      exportTitle: 'Log exporteren',
      from: 'Van',
      to: 'Tot en met',
      export: 'Exporteren (CSV)',
    },
  },
} satisfies MessageTree;

/** The shape the French and English strings must have (the same keys). */
export type Messages = typeof messages;
export default messages;
