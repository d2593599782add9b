/**
 * The HR export (CSV) as a SourceBatch. Belgian Excel writes `;` and Windows-1252, newer exports
 * UTF-8 with a BOM: both are detected (invalid UTF-8 is read as Windows-1252). Quoted fields may
 * hold the delimiter, newlines and doubled quotes. Headers are recognised case- and
 * accent-insensitively (DEFAULT_HEADERS); a mapping file (JSON: our field -> their header) names
 * other headers. Only month and day of a birth date are kept. A CSV export is a `full` batch: who
 * is missing from it has left.
 */
import { z } from 'zod';
import type { SourceBatch, SourceError, SourceRecord } from './types.js';

/** Our fields a CSV column can feed. */
export const CSV_FIELDS = [
  'sourceId',
  'firstName',
  'lastName',
  'jobTitle',
  'department',
  'email',
  'deskPhone',
  'mobilePhone',
  'extension',
  'office',
  'birthDate',
  'managerSourceId',
  'status',
] as const;
export type CsvField = (typeof CSV_FIELDS)[number];

/** Headers recognised without a mapping file (normalised: lower case, no accents, letters/digits only). */
export const DEFAULT_HEADERS: Record<CsvField, string[]> = {
  sourceId: ['personeelsnummer', 'personeelsnr', 'stamnummer'],
  firstName: ['voornaam'],
  lastName: ['achternaam', 'familienaam', 'naam'],
  jobTitle: ['functie'],
  department: ['dienst', 'afdeling'],
  email: ['email', 'emailadres'],
  deskPhone: ['telefoon', 'telefoonnummer'],
  mobilePhone: ['gsm', 'mobiel'],
  extension: ['intern', 'internnummer'],
  office: ['bureau', 'locatie'],
  birthDate: ['geboortedatum'],
  managerSourceId: ['leidinggevende'],
  status: ['uitdienst', 'status'],
};
const REQUIRED: CsvField[] = ['sourceId', 'firstName', 'lastName', 'email'];
/** Values of the status / "uit dienst" column that mark a leaver (normalised). */
const LEAVER_VALUES = new Set(['uitdienst', 'ja', 'j', 'yes', 'y', 'x', '1', 'true', 'inactief', 'inactive', 'vertrokken', 'disabled']);

/** A mapping file: { "sourceId": "Stamnr", "email": "Mailadres", ... } (our field -> their header). */
export const CsvMapping = z.strictObject(Object.fromEntries(CSV_FIELDS.map((f) => [f, z.string().min(1).max(200).optional()])) as Record<CsvField, z.ZodOptional<z.ZodString>>);
export type CsvMapping = z.infer<typeof CsvMapping>;

/** A problem with the file as a whole (not one line): nothing is imported. */
export class CsvFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvFormatError';
  }
}

/** Parses the JSON text of a mapping file; throws CsvFormatError with a readable reason. */
export function parseMapping(json: string): CsvMapping {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new CsvFormatError(`The mapping file is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = CsvMapping.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? `"${issue.path.join('.')}"` : 'the file';
    const keys = issue.code === 'unrecognized_keys' ? ` unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')};` : '';
    throw new CsvFormatError(`The mapping file is not valid at ${where}:${keys} ${issue.message}. It maps our fields (${CSV_FIELDS.join(', ')}) to your headers, e.g. {"sourceId": "Stamnummer"}.`);
  }
  return parsed.data;
}

/** UTF-8 (with or without BOM), else Windows-1252. */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  let body = bytes;
  if (body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) body = body.subarray(3);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    // Node's decoder treats 0x80-0x9F as Latin-1 control characters: map them the Windows-1252 way (€, ‘, ’, …).
    const text = new TextDecoder('windows-1252').decode(body).replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] || c);
    return { text, encoding: 'windows-1252' };
  }
}

/** Windows-1252 0x80-0x9F (empty: undefined in 1252). */
const CP1252_HIGH = [
  '\u20ac', '', '\u201a', '\u0192', '\u201e', '\u2026', '\u2020', '\u2021', '\u02c6', '\u2030', '\u0160', '\u2039', '\u0152', '', '\u017d', '',
  '', '\u2018', '\u2019', '\u201c', '\u201d', '\u2022', '\u2013', '\u2014', '\u02dc', '\u2122', '\u0161', '\u203a', '\u0153', '', '\u017e', '\u0178',
];

/** `;` or `,`: whichever occurs more often outside quotes on the header line. */
export function detectDelimiter(text: string): ';' | ',' {
  let semi = 0;
  let comma = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ';') semi++;
    else if (!quoted && ch === ',') comma++;
  }
  return semi >= comma && semi > 0 ? ';' : comma > 0 ? ',' : ';';
}

export interface CsvRow {
  /** 1-based line number where the row starts (the header is line 1). */
  line: number;
  cells: string[];
}

/**
 * RFC 4180 rows: quoted fields with delimiters, newlines and "" inside; CRLF, LF or CR. Blank lines
 * are skipped. Cells are sliced out of the text (no per-character concatenation: 10,000 lines).
 */
export function parseRows(text: string, delimiter: string): CsvRow[] {
  const rows: CsvRow[] = [];
  const n = text.length;
  const delim = delimiter.charCodeAt(0);
  const QUOTE = 34;
  const CR = 13;
  const LF = 10;
  const nextSep = (from: number): number => {
    let j = from;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c === delim || c === CR || c === LF) break;
      j++;
    }
    return j;
  };
  const newlines = (v: string): number => {
    let k = 0;
    for (let j = 0; j < v.length; j++) {
      const c = v.charCodeAt(j);
      if (c === LF || (c === CR && v.charCodeAt(j + 1) !== LF)) k++;
    }
    return k;
  };
  let i = 0;
  let line = 1;
  while (i < n) {
    const start = line;
    const cells: string[] = [];
    let quotedAny = false;
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        quotedAny = true;
        i++;
        let seg = i;
        value = '';
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) throw new CsvFormatError(`A quoted field that starts on line ${line} is never closed.`);
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += text.slice(seg, q + 1);
            i = q + 2;
            seg = i;
            continue;
          }
          value += text.slice(seg, q);
          i = q + 1;
          break;
        }
        line += newlines(value);
        const end = nextSep(i); // lenient: anything between the closing quote and the delimiter is kept
        value += text.slice(i, end);
        i = end;
      } else {
        const end = nextSep(i);
        value = text.slice(i, end);
        i = end;
      }
      cells.push(value);
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === delim) {
        i++;
        if (i >= n) {
          cells.push('');
          break;
        }
        continue;
      }
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      break;
    }
    if (!(cells.length === 1 && cells[0] === '' && !quotedAny)) rows.push({ line: start, cells });
  }
  return rows;
}

/** "E-mail" -> "email", "Uit dienst" -> "uitdienst", "Geboortedatum" -> "geboortedatum". */
export function normaliseHeader(h: string): string {
  return h.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** DD/MM/YYYY, D/M/YYYY, DD-MM-YYYY, DD.MM.YYYY or YYYY-MM-DD -> month and day (the year only checks the date). */
export function parseBirthDate(value: string): { month: number; day: number } | null {
  const v = value.trim();
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else {
    match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v);
    if (!match) return null;
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  if (m < 1 || m > 12 || d < 1) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return { month: m, day: d };
}

/** Optional columns copied as they are (the merge validates them). */
const OPTIONAL: ReadonlyArray<readonly [CsvField, keyof SourceRecord]> = [
  ['jobTitle', 'jobTitle'],
  ['department', 'department'],
  ['deskPhone', 'deskPhone'],
  ['mobilePhone', 'mobilePhone'],
  ['extension', 'extension'],
  ['office', 'office'],
  ['managerSourceId', 'managerSourceId'],
];

function reject(errors: SourceError[], line: number, sourceId: string, reason: string): void {
  errors.push(sourceId ? { line, reason, sourceId } : { line, reason });
}

export interface ParseCsvOptions {
  mapping?: CsvMapping;
}

/**
 * The bytes of an HR export -> a full SourceBatch (kind "csv"). A file-level problem (no header,
 * a required column missing, a header of the mapping file not found) throws CsvFormatError;
 * a bad line becomes a SourceError with its line number and the others go in.
 */
export function parseCsv(bytes: Uint8Array, options: ParseCsvOptions = {}): SourceBatch & { encoding: string; delimiter: string } {
  const { text, encoding } = decodeCsv(bytes);
  const delimiter = detectDelimiter(text);
  const rows = parseRows(text, delimiter);
  const header = rows.shift();
  if (!header || header.cells.every((c) => c.trim() === '')) throw new CsvFormatError('The file is empty: the first line must name the columns.');
  const normalised = header.cells.map(normaliseHeader);
  const column = new Map<CsvField, number>();
  for (const f of CSV_FIELDS) {
    const wanted = options.mapping?.[f];
    if (wanted !== undefined) {
      const i = normalised.indexOf(normaliseHeader(wanted));
      if (i < 0) throw new CsvFormatError(`The mapping file names the column "${wanted}" for ${f}, but the file has no such column (it has: ${header.cells.map((c) => c.trim()).join(', ')}).`);
      column.set(f, i);
      continue;
    }
    for (const name of DEFAULT_HEADERS[f]) {
      const i = normalised.indexOf(name);
      if (i >= 0) {
        column.set(f, i);
        break;
      }
    }
  }
  const missing = REQUIRED.filter((f) => !column.has(f));
  if (missing.length) {
    const names = missing.map((f) => `"${options.mapping?.[f] ?? DEFAULT_HEADERS[f][0]}" (${f})`).join(', ');
    throw new CsvFormatError(`Required column(s) missing: ${names}. Found: ${header.cells.map((c) => c.trim()).join(', ')}. Use a mapping file for other header names.`);
  }

  const records: SourceRecord[] = [];
  const errors: SourceError[] = [];
  const get = (cells: string[], f: CsvField): string | undefined => {
    const i = column.get(f);
    if (i === undefined) return undefined;
    return (cells[i] ?? '').trim();
  };
  const owned = (cells: string[], f: CsvField): string | null | undefined => {
    const v = get(cells, f);
    return v === undefined ? undefined : v === '' ? null : v;
  };
  for (const row of rows) {
    if (row.cells.every((c) => c.trim() === '')) continue;
    const sourceId = get(row.cells, 'sourceId') ?? '';
    if (row.cells.length > header.cells.length && row.cells.slice(header.cells.length).some((c) => c.trim() !== '')) {
      reject(errors, row.line, sourceId, `more fields (${row.cells.length}) than the header has columns (${header.cells.length}); check the delimiter and quotes`);
      continue;
    }
    if (sourceId === '') {
      reject(errors, row.line, sourceId, `${header.cells[column.get('sourceId')!]!.trim()} is empty`);
      continue;
    }
    const record: SourceRecord = {
      sourceId,
      origin: `line ${row.line}`,
      firstName: get(row.cells, 'firstName') ?? '',
      lastName: get(row.cells, 'lastName') ?? '',
      email: owned(row.cells, 'email') ?? null,
    };
    for (const [f, key] of OPTIONAL) {
      const v = owned(row.cells, f);
      if (v !== undefined) (record as unknown as Record<string, unknown>)[key] = v;
    }
    const birth = owned(row.cells, 'birthDate');
    if (birth !== undefined) {
      if (birth === null) {
        record.birthMonth = null;
        record.birthDay = null;
      } else {
        const md = parseBirthDate(birth);
        if (!md) {
          reject(errors, row.line, sourceId, `${header.cells[column.get('birthDate')!]!.trim()} is not a valid date (DD/MM/YYYY or YYYY-MM-DD)`);
          continue;
        }
        record.birthMonth = md.month;
        record.birthDay = md.day;
      }
    }
    const status = get(row.cells, 'status');
    if (status !== undefined && LEAVER_VALUES.has(normaliseHeader(status))) record.disabled = true;
    records.push(record);
  }
  return { kind: 'csv', records, errors, full: true, nextCursor: null, encoding, delimiter };
}
