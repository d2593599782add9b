/**
 * Per-record validation and normalisation, shared by every source (and the demo seed): a record
 * either becomes a `CleanRecord` (only the fields its source owns, already in the stored form) or
 * is rejected with its origin and a reason. Reasons name the field, never its value (they are
 * stored in `import_runs.errors` and shown to IT: no personal data beyond the place).
 */
import { z } from 'zod';
import { Id } from '../../shared/domain/directory.js';
import { toE164 } from '../../shared/format/phone.js';
import type { SourceError, SourceRecord } from './types.js';

/** The person columns a source may own (never the opt-ins a person sets). */
export interface OwnedFields {
  first_name: string;
  last_name: string;
  email: string;
  job_title: string;
  office: string;
  desk_phone: string | null;
  mobile_phone: string | null;
  extension: string | null;
  birth_month: number | null;
  birth_day: number | null;
}

export interface CleanRecord {
  sourceId: string;
  origin: string;
  /** Owned person fields (a key is present only when the source owns it). */
  fields: Partial<OwnedFields>;
  /** Lower-case e-mail for matching, or null when the record has none. */
  emailKey: string | null;
  /** undefined: not owned; null: owned and empty (the "no department" department). */
  department: string | null | undefined;
  /** undefined: not owned; null: no manager. */
  managerSourceId: string | null | undefined;
  disabled: boolean;
  personId: string | undefined;
}

const EmailSchema = z.string().max(200).email();
const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

const MESSY_SPACE = /^\s|\s$|\s\s|[^\S ]/;

export class RecordRejected extends Error {}

/** "line 14" -> { line: 14 }; anything else is a DN. */
export function placeOf(origin: string): { line: number } | { dn: string } {
  const m = /^line (\d+)$/.exec(origin);
  return m ? { line: Number(m[1]) } : { dn: origin };
}

export function rejection(origin: string, reason: string, sourceId?: string): SourceError {
  return { ...placeOf(origin), reason, ...(sourceId ? { sourceId } : {}) };
}

function text(value: string, field: string, max: number, required: boolean): string {
  // Fast path: most values have no whitespace to tidy (the demo seed validates 100,000 records).
  const v = MESSY_SPACE.test(value) ? value.replace(/\s+/g, ' ').trim() : value;
  if (required && v === '') throw new RecordRejected(`${field} is missing`);
  if (v.length > max) throw new RecordRejected(`${field} is longer than ${max} characters`);
  if (CONTROL.test(v)) throw new RecordRejected(`${field} contains control characters`);
  return v;
}

function optionalText(value: string | null | undefined, field: string, max: number): string | undefined {
  if (value === undefined) return undefined;
  return value === null ? '' : text(value, field, max, false);
}

function phone(value: string | null | undefined, field: string): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value.trim() === '') return null;
  const e164 = toE164(value);
  if (!e164) throw new RecordRejected(`${field} is not a valid phone number`);
  return e164;
}

/** Validates and normalises one record; throws RecordRejected with a reason. */
export function cleanRecord(r: SourceRecord): CleanRecord {
  const sourceId = typeof r.sourceId === 'string' ? r.sourceId.trim() : '';
  if (sourceId === '') throw new RecordRejected('the stable id (personeelsnummer / objectGUID / entryUUID) is missing');
  if (sourceId.length > 200) throw new RecordRejected('the stable id is longer than 200 characters');
  const fields: Partial<OwnedFields> = {
    first_name: text(r.firstName ?? '', 'first name', 80, true),
    last_name: text(r.lastName ?? '', 'last name', 80, true),
  };
  let emailKey: string | null = null;
  if (r.email !== null && r.email !== undefined && r.email.trim() !== '') {
    const email = r.email.trim();
    if (!EmailSchema.safeParse(email).success) throw new RecordRejected('e-mail is not a valid address');
    fields.email = email;
    emailKey = email.toLowerCase();
  }
  const job = optionalText(r.jobTitle, 'function', 120);
  if (job !== undefined) fields.job_title = job;
  const office = optionalText(r.office, 'office', 200);
  if (office !== undefined) fields.office = office;
  const desk = phone(r.deskPhone, 'desk phone');
  if (desk !== undefined) fields.desk_phone = desk;
  const mobile = phone(r.mobilePhone, 'mobile phone');
  if (mobile !== undefined) fields.mobile_phone = mobile;
  if (r.extension !== undefined) {
    const ext = r.extension === null ? '' : r.extension.replace(/\s/g, '');
    if (ext !== '' && !/^\d{2,6}$/.test(ext)) throw new RecordRejected('extension must be 2 to 6 digits');
    fields.extension = ext === '' ? null : ext;
  }
  if (r.birthMonth !== undefined || r.birthDay !== undefined) {
    const month = r.birthMonth ?? null;
    const day = r.birthDay ?? null;
    if (month === null || day === null) {
      fields.birth_month = null;
      fields.birth_day = null;
    } else {
      if (!Number.isInteger(month) || month < 1 || month > 12) throw new RecordRejected('birthday: month must be 1 to 12');
      if (!Number.isInteger(day) || day < 1 || day > DAYS[month - 1]!) throw new RecordRejected('birthday: day does not exist in that month');
      fields.birth_month = month;
      fields.birth_day = day;
    }
  }
  let department: string | null | undefined;
  if (r.department !== undefined) {
    const d = r.department === null ? '' : text(r.department, 'department', 120, false);
    department = d === '' ? null : d;
  }
  let managerSourceId: string | null | undefined;
  if (r.managerSourceId !== undefined) {
    const m = r.managerSourceId === null ? '' : r.managerSourceId.trim();
    managerSourceId = m === '' ? null : m;
  }
  let personId: string | undefined;
  if (r.personId !== undefined) {
    if (!Id.safeParse(r.personId).success) throw new RecordRejected('personId is not a valid id');
    personId = r.personId;
  }
  return { sourceId, origin: r.origin, fields, emailKey, department, managerSourceId, disabled: r.disabled === true, personId };
}
