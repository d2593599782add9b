/**
 * The directory's table of people (created by the backend's first migration, extended by this
 * feature's migrations.ts). `PersonTable` = the columns every row has had from the start plus the
 * ones added later (`PersonAddedColumns`), each of which has its default in PERSON_ADDED_DEFAULTS:
 * code that builds whole rows (the directory import's merge, the demo generator) spreads those
 * defaults, so adding a column touches only this folder (see README "Adding a field to people").
 */
import type { Flag } from '../../db/schema.js';

export interface PersonBaseColumns {
  id: string;
  municipality_id: string;
  department_id: string;
  first_name: string;
  last_name: string;
  job_title: string;
  manager_id: string | null;
  office: string;
  desk_phone: string | null;
  mobile_phone: string | null;
  extension: string | null;
  email: string;
  /** Only month and day are ever stored (data minimisation: the year is never needed). */
  birth_month: number | null;
  birth_day: number | null;
  /** Opt-in: colleagues of the own municipality see the birthday (month/day). */
  birthday_visible: Flag;
  /** Opt-in: staff of other regional municipalities may find this person. */
  regional_visible: Flag;
  /** Opt-in: the birthday is shown regionally too (needs regional_visible and birthday_visible). */
  birthday_regional: Flag;
  updated_at: string;
}

/** Columns added after the first release: optional data no source has to fill. Add yours here... */
export interface PersonAddedColumns {}

/** ...and its value for a new row here (the type check says so when it is missing). */
export const PERSON_ADDED_DEFAULTS: PersonAddedColumns = {};

export interface PersonTable extends PersonBaseColumns, PersonAddedColumns {}
