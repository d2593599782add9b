/**
 * The "Nieuwe aanvraag" form as plain data: what the fields hold (text as typed: dates dd/mm/jjjj,
 * hours "7,5", cost "129,50") and `readForm`, which turns it into RequestDetails or per-field error
 * codes. The rules beyond reading are the shared ones (`requestProblems`), the same the server uses.
 */
import { centsToInput, parseCents, parseDecimal } from '../../../shared/format/money.js';
import {
  parseDateNl,
  requestProblems,
  type LeaveType,
  type RequestDetails,
  type RequestKind,
} from '../../../shared/domain/requests.js';

export interface RequestForm {
  kind: RequestKind | '';
  from: string;
  to: string;
  halfDayStart: boolean;
  halfDayEnd: boolean;
  leaveType: LeaveType | '';
  note: string;
  date: string;
  hours: string;
  reason: string;
  course: string;
  provider: string;
  cost: string;
  title: string;
  description: string;
}

export const emptyForm = (): RequestForm => ({
  kind: '',
  from: '',
  to: '',
  halfDayStart: false,
  halfDayEnd: false,
  leaveType: '',
  note: '',
  date: '',
  hours: '',
  reason: '',
  course: '',
  provider: '',
  cost: '',
  title: '',
  description: '',
});

/** Field name -> error code (translated as `approvals.form.errors.<code>`). */
export type FormErrors = Partial<Record<keyof RequestForm | 'costCents', string>>;

/** "2027-01-05" -> "5/01/2027", to put a sent request back in the form. */
const toText = (iso: string) => {
  const [y, m, d] = iso.split('-');
  return `${Number(d)}/${m}/${y}`;
};

/** The form filled from a request (a refused one, to correct and send again). */
export function formFrom(details: RequestDetails): RequestForm {
  const f = emptyForm();
  f.kind = details.kind;
  switch (details.kind) {
    case 'leave':
      return { ...f, from: toText(details.from), to: toText(details.to), halfDayStart: details.halfDayStart, halfDayEnd: details.halfDayEnd, leaveType: details.leaveType, note: details.note };
    case 'overtime':
      return { ...f, date: toText(details.date), hours: String(details.hours).replace('.', ','), reason: details.reason };
    case 'training':
      return { ...f, course: details.course, provider: details.provider, from: toText(details.from), to: toText(details.to), cost: centsToInput(details.costCents) };
    case 'other':
      return { ...f, title: details.title, description: details.description };
  }
}

export function readForm(f: RequestForm): { details: RequestDetails | null; errors: FormErrors } {
  const errors: FormErrors = {};
  const date = (field: 'from' | 'to' | 'date'): string => {
    const text = f[field].trim();
    const iso = text ? parseDateNl(text) : null;
    if (!text) errors[field] = 'date_required';
    else if (!iso) errors[field] = 'date_invalid';
    return iso ?? '';
  };
  let details: RequestDetails | null = null;
  switch (f.kind) {
    case '':
      errors.kind = 'kind_required';
      break;
    case 'leave': {
      const from = date('from');
      const to = date('to');
      if (!f.leaveType) errors.leaveType = 'leave_type_required';
      if (f.leaveType) details = { kind: 'leave', from, to, halfDayStart: f.halfDayStart, halfDayEnd: f.halfDayEnd, leaveType: f.leaveType, note: f.note.trim() };
      break;
    }
    case 'overtime': {
      const day = date('date');
      const hours = parseDecimal(f.hours);
      if (hours === null) errors.hours = 'hours_invalid';
      details = { kind: 'overtime', date: day, hours: hours ?? 0, reason: f.reason.trim() };
      break;
    }
    case 'training': {
      const from = date('from');
      const to = date('to');
      const costCents = f.cost.trim() === '' ? 0 : parseCents(f.cost);
      if (costCents === null) errors.cost = 'cost_invalid';
      details = { kind: 'training', course: f.course.trim(), provider: f.provider.trim(), from, to, costCents: costCents ?? 0 };
      break;
    }
    case 'other':
      details = { kind: 'other', title: f.title.trim(), description: f.description.trim() };
      break;
  }
  if (details) {
    // Rules on dates only once the dates themselves are readable (else "reversed" would be noise).
    const datesOk = !errors.from && !errors.to && !errors.date;
    for (const p of requestProblems(details)) {
      const field = p.field === 'costCents' ? 'cost' : (p.field as keyof RequestForm);
      if (!datesOk && (field === 'to' || field === 'halfDayEnd' || field === 'from')) continue;
      if (field === 'hours' && errors.hours) continue;
      errors[field] ??= p.code;
    }
  }
  return { details: Object.keys(errors).length === 0 ? details : null, errors };
}
