/**
 * The directory feature's screen strings in Dutch (Belgium), the default language: a lazy chunk,
 * loaded with its routes (see ../index.ts).
 */
import type { MessageTree } from '../../../../i18n/locales.js';

const messages = {
  directory: {
    searchLabel: 'Zoek een collega',
    searchPlaceholder: 'Naam, functie, dienst of telefoonnummer',
    searchHint: 'Resultaten verschijnen terwijl u typt. Pijltjes om te kiezen, Enter om te openen.',
    municipality: 'Gemeente',
    department: 'Dienst',
    allMunicipalities: 'Alle gemeenten',
    ownMunicipality: '{name} (uw gemeente)',
    allDepartments: 'Alle diensten',
    results: 'Geen collega’s gevonden | 1 collega gevonden | {formatted} collega’s gevonden',
    resultsCapped: 'Meer dan {count} collega’s gevonden: verfijn uw zoekopdracht',
    resultsLabel: 'Zoekresultaten',
    noResults: 'Niemand gevonden. Probeer een deel van de naam of een andere schrijfwijze.',
    backToSearch: '← Terug naar zoeken',
    notFoundTitle: 'Collega niet gevonden',
    notFoundText: 'Deze persoon staat niet (meer) in de personeelsgids.',
    contact: 'Contact',
    deskPhone: 'Telefoon',
    mobilePhone: 'Gsm',
    extension: 'Intern nummer',
    email: 'E-mail',
    teams: 'Teams',
    teamsChat: 'Chatten met {name}',
    vcard: 'Contactkaart downloaden (vCard)',
    work: 'Werk',
    office: 'Bureau',
    birthday: 'Verjaardag',
    organisation: 'Organisatie',
    manager: 'Leidinggevende',
    noManager: 'Geen leidinggevende',
    reports: 'Medewerkers | Medewerker (1) | Medewerkers ({n})',
    noReports: 'Geen medewerkers',
  },
} satisfies MessageTree;

/** The shape the French and English strings must have (the same keys). */
export type Messages = typeof messages;
export default messages;
