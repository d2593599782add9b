/**
 * Searching the register and building the detail view with the fields a role may see.
 * Always scoped to the user's own municipality (the local population register).
 */
import { sql } from 'kysely';
import {
  MAX_CITIZEN_RESULTS,
  type CitizenDetail,
  type CitizenQuery,
  type CitizenSummary,
  type CivilStatus,
} from '../../../shared/domain/citizens.js';
import { formatInsz, inszDigits } from '../../../shared/format/insz.js';
import { hasRole } from '../../auth/roles.js';
import type { SessionUser, Trx } from '../types.js';
import type { CitizenRow, CitizenTables } from './tables.js';

/** The fields of a list row (what the log records for a search). */
export const SUMMARY_FIELDS = ['lastName', 'firstNames', 'birthDate', 'locality'] as const;
const DETAIL_FIELDS = ['lastName', 'firstNames', 'birthDate', 'birthPlace', 'sex', 'nationality', 'address', 'civilStatus', 'household', 'occupation', 'deathDate'] as const;

/** Lower case, accents removed, spaces collapsed: "Célíne  Van Dáele" -> "celine van daele". */
export function normalize(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

function likePrefix(text: string): string {
  return normalize(text).replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
}

export function summary(row: CitizenRow): CitizenSummary {
  return { id: row.id, lastName: row.last_name, firstNames: row.first_names, birthDate: row.birth_date, locality: `${row.postcode} ${row.locality}` };
}

export async function searchCitizens(trx: Trx, user: SessionUser, query: CitizenQuery): Promise<{ rows: CitizenRow[]; truncated: boolean }> {
  let q = trx.withTables<CitizenTables>().selectFrom('citizens').selectAll().where('municipality_id', '=', user.municipalityId);
  if (query.by === 'name') {
    q = q.where(sql<boolean>`last_name_norm LIKE ${likePrefix(query.lastName)} ESCAPE '\\'`);
    if (query.firstName) {
      const first = likePrefix(query.firstName);
      q = q.where(sql<boolean>`(first_names_norm LIKE ${first} ESCAPE '\\' OR first_names_norm LIKE ${'% ' + first} ESCAPE '\\')`);
    }
    if (query.birthDate) q = q.where('birth_date', '=', query.birthDate);
  } else if (query.by === 'address') {
    q = q.where(sql<boolean>`street_norm LIKE ${likePrefix(query.street)} ESCAPE '\\'`);
    if (query.houseNumber) q = q.where('house_number', '=', query.houseNumber);
    if (query.postcode) q = q.where('postcode', '=', query.postcode);
  } else {
    q = q.where('national_number', '=', inszDigits(query.nationalNumber) ?? '');
  }
  const rows = await q.orderBy('last_name_norm').orderBy('first_names_norm').orderBy('id').limit(MAX_CITIZEN_RESULTS + 1).execute();
  return { rows: rows.slice(0, MAX_CITIZEN_RESULTS), truncated: rows.length > MAX_CITIZEN_RESULTS };
}

export async function findCitizen(trx: Trx, user: SessionUser, id: string): Promise<CitizenRow | undefined> {
  return trx
    .withTables<CitizenTables>()
    .selectFrom('citizens')
    .selectAll()
    .where('id', '=', id)
    .where('municipality_id', '=', user.municipalityId)
    .executeTakeFirst();
}

/** The detail view for this user's roles, and the household rows it reveals. */
export async function citizenDetail(trx: Trx, user: SessionUser, row: CitizenRow): Promise<{ detail: CitizenDetail; revealed: string[] }> {
  const members = await trx
    .withTables<CitizenTables>()
    .selectFrom('citizens')
    .select(['id', 'last_name', 'first_names', 'household_relation'])
    .where('household_id', '=', row.household_id)
    .where('municipality_id', '=', user.municipalityId)
    .where('id', '!=', row.id)
    .orderBy('id')
    .execute();
  const fields: string[] = [...DETAIL_FIELDS];
  const detail: CitizenDetail = {
    id: row.id,
    lastName: row.last_name,
    firstNames: row.first_names,
    birthDate: row.birth_date,
    birthPlace: row.birth_place,
    sex: row.sex as 'M' | 'F' | 'X',
    nationality: row.nationality,
    address: { street: row.street, houseNumber: row.house_number, box: row.box, postcode: row.postcode, municipality: row.locality },
    civilStatus: row.civil_status as CivilStatus,
    household: members.map((m) => ({
      id: m.id,
      lastName: m.last_name,
      firstNames: m.first_names,
      relation: m.household_relation as 'reference' | 'partner' | 'child' | 'parent' | 'other',
    })),
    occupation: row.occupation,
    deathDate: row.death_date,
    fields,
  };
  if (hasRole(user, 'population_nrn')) {
    detail.nationalNumber = formatInsz(row.national_number);
    fields.push('nationalNumber');
  }
  return { detail, revealed: [row.id, ...members.map((m) => m.id)] };
}
