/** The citizens feature's tables (use `trx.withTables<CitizenTables>()`). */
import type { Generated, Selectable } from 'kysely';

export type CitizenTables = {
  /** The local population register (fictional demo data). Never synced. */
  citizens: {
    id: string;
    municipality_id: string;
    /** 11 digits. */
    national_number: string;
    last_name: string;
    first_names: string;
    /** Lower case without accents, for search. */
    last_name_norm: string;
    first_names_norm: string;
    birth_date: string | null;
    birth_place: string;
    sex: string;
    nationality: string;
    street: string;
    street_norm: string;
    house_number: string;
    box: string | null;
    postcode: string;
    locality: string;
    civil_status: string;
    household_id: string;
    household_relation: string;
    occupation: string | null;
    death_date: string | null;
  };
  /** Append-only: the database refuses UPDATE, DELETE (and TRUNCATE on PostgreSQL). */
  citizen_lookup_log: {
    id: Generated<number>;
    at: string;
    user_id: string;
    username: string;
    municipality_id: string;
    /** search | view */
    action: string;
    /** JSON of the query (searches), null for views. */
    query: string | null;
    /** JSON array of the citizen ids returned or opened. */
    citizen_ids: string;
    /** JSON array of the field names shown. */
    fields: string;
    purpose: string;
    dossier: string;
  };
};

export type CitizenRow = CitizenTables['citizens'];
export type LookupLogRow = Selectable<CitizenTables['citizen_lookup_log']>;
