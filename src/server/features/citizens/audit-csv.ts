/**
 * The lookup log of a period as a CSV the data-protection officer reads in Excel: headers, actions,
 * field names and the search in the user's language, Belgian local times Excel reads as dates, the
 * staff member's name beside the username and each citizen's name beside their id (no raw JSON).
 * Days are Brussels calendar days.
 */
import type { CitizenAuditEntry } from '../../../shared/domain/citizens.js';
import type { ExportLang } from '../../../shared/domain/exports.js';
import { brusselsDayStart, excelDateTime, toCsv } from '../letters/csv.js';
import type { Db } from '../types.js';
import { logOfPeriod } from './audit.js';
import type { CitizenTables } from './tables.js';

type Text = { headers: string[]; actions: Record<string, string>; labels: Record<string, string>; file: string };

const TEXT: Record<ExportLang, Text> = {
  nl: {
    headers: ['Tijdstip', 'Gebruikersnaam', 'Medewerker', 'Handeling', 'Doel', 'Dossier', 'Burgers', 'Geraadpleegde gegevens', 'Zoekopdracht', 'Lognummer'],
    actions: { search: 'zoekopdracht', view: 'fiche geopend' },
    labels: {
      by: 'zoeken op', name: 'naam', lastName: 'familienaam', firstName: 'voornaam', firstNames: 'voornamen', birthDate: 'geboortedatum', birthPlace: 'geboorteplaats',
      sex: 'geslacht', nationality: 'nationaliteit', address: 'adres', civilStatus: 'burgerlijke staat', household: 'gezin', occupation: 'beroep', deathDate: 'overlijdensdatum',
      street: 'straat', houseNumber: 'huisnummer', postcode: 'postcode', locality: 'woonplaats', nationalNumber: 'rijksregisternummer',
    },
    file: 'raadplegingen',
  },
  fr: {
    headers: ['Moment', 'Nom d’utilisateur', 'Agent', 'Action', 'Finalité', 'Dossier', 'Citoyens', 'Données consultées', 'Recherche', 'Numéro de log'],
    actions: { search: 'recherche', view: 'fiche ouverte' },
    labels: {
      by: 'recherche par', name: 'nom', lastName: 'nom', firstName: 'prénom', firstNames: 'prénoms', birthDate: 'date de naissance', birthPlace: 'lieu de naissance',
      sex: 'sexe', nationality: 'nationalité', address: 'adresse', civilStatus: 'état civil', household: 'ménage', occupation: 'profession', deathDate: 'date de décès',
      street: 'rue', houseNumber: 'numéro', postcode: 'code postal', locality: 'localité', nationalNumber: 'numéro de registre national',
    },
    file: 'consultations',
  },
  en: {
    headers: ['Time', 'Username', 'Staff member', 'Action', 'Purpose', 'Dossier', 'Citizens', 'Data viewed', 'Search', 'Log number'],
    actions: { search: 'search', view: 'record opened' },
    labels: {
      by: 'search by', name: 'name', lastName: 'last name', firstName: 'first name', firstNames: 'first names', birthDate: 'birth date', birthPlace: 'birth place',
      sex: 'sex', nationality: 'nationality', address: 'address', civilStatus: 'civil status', household: 'household', occupation: 'occupation', deathDate: 'date of death',
      street: 'street', houseNumber: 'house number', postcode: 'postcode', locality: 'locality', nationalNumber: 'national number',
    },
    file: 'lookups',
  },
};

/** {"by":"name","lastName":"Demeyere","birthDate":"1987-03-14"} -> "zoeken op: naam; familienaam: Demeyere; geboortedatum: 14/03/1987". */
export function readableQuery(json: string | null, text: Text): string {
  if (!json) return '';
  let query: unknown;
  try {
    query = JSON.parse(json);
  } catch {
    return json;
  }
  if (!query || typeof query !== 'object') return String(query);
  return Object.entries(query as Record<string, unknown>)
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([key, value]) => {
      let shown = typeof value === 'object' ? JSON.stringify(value) : String(value);
      if (key === 'by') shown = text.labels[shown] ?? shown;
      const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(shown);
      if (date) shown = `${date[3]}/${date[2]}/${date[1]}`;
      return `${text.labels[key] ?? key}: ${shown}`;
    })
    .join('; ');
}

export async function auditCsv(db: Db, municipalityId: string, from: string, to: string, lang: ExportLang = 'nl'): Promise<{ filename: string; content: string }> {
  const text = TEXT[lang];
  const dayAfter = new Date(Date.parse(`${to}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const entries: CitizenAuditEntry[] = await logOfPeriod(db, municipalityId, from, to, { start: brusselsDayStart(from), end: brusselsDayStart(dayAfter) });
  const userIds = [...new Set(entries.map((e) => e.userId))];
  const citizenIds = [...new Set(entries.flatMap((e) => e.citizenIds))];
  const users = new Map<string, string>();
  for (let i = 0; i < userIds.length; i += 500) {
    const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', userIds.slice(i, i + 500)).execute();
    for (const r of rows) users.set(r.id, r.display_name);
  }
  const citizens = new Map<string, string>();
  for (let i = 0; i < citizenIds.length; i += 500) {
    const rows = await db
      .withTables<CitizenTables>()
      .selectFrom('citizens')
      .select(['id', 'last_name', 'first_names'])
      .where('id', 'in', citizenIds.slice(i, i + 500))
      .execute();
    for (const r of rows) citizens.set(r.id, `${r.last_name} ${r.first_names}`);
  }
  const content = toCsv(
    text.headers,
    entries.map((e) => [
      excelDateTime(e.at),
      e.username,
      users.get(e.userId) ?? '',
      text.actions[e.action] ?? e.action,
      e.purpose,
      e.dossier,
      e.citizenIds.map((id) => (citizens.has(id) ? `${citizens.get(id)} (${id})` : id)).join(', '),
      e.fields.map((f) => text.labels[f] ?? f).join(', '),
      readableQuery(e.query, text),
      e.id,
    ]),
  );
  return { filename: `${text.file}-${municipalityId}-${from}-${to}.csv`, content };
}
