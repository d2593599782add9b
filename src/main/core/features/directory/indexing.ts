/**
 * Keeps the search index `dir_search` (FTS5, contentless, one document per person, rowid = pid)
 * in step with the cached rows. The documents are built here from normalized words, so the FTS5
 * tokenizer only splits on spaces; the columns let the search rank by where a word matched:
 *   names   first and last name words, plus each multi-part name joined ("De Smet" -> "desmet")
 *   other   job title, department, municipality, e-mail (local part words, the whole address joined,
 *           the domain's first label)
 *   phone   the national numbers ("+3257346578" -> "057346578"), for "numbers starting with"
 *   ext     the extension
 *   digits  every suffix of 3+ digits of each number and extension: a prefix query on them finds
 *           any run of 3+ digits ("3456" in the middle of "0475123456")
 *   scope   the municipality and department as tokens (m<hex id>, d<hex id>), for the filters
 * A person row change rewrites that person's document (delete + insert; a re-sync of an unchanged
 * person changes no row, so writes nothing); a renamed department or municipality rewrites its
 * people's documents.
 */
import { stmt } from '../../cache/statements.js';
import type { CacheDb } from '../types.js';
import { normalize, words } from './normalize.js';

export const SEARCH_TABLE_SQL = `CREATE VIRTUAL TABLE dir_search USING fts5(
  names, other, phone, ext, digits, scope,
  content = '', contentless_delete = 1, detail = column, prefix = '1 2', tokenize = 'unicode61')`;

export interface DocumentSource {
  first_name: string;
  last_name: string;
  job_title: string;
  email: string;
  desk_phone: string | null;
  mobile_phone: string | null;
  extension: string | null;
  municipality_id: string;
  department_id: string;
  department_name: string | null;
  municipality_name: string | null;
}

/** National digits of an E.164 number ("+3257346578" -> "057346578"), as people type it. */
export function nationalDigits(e164: string | null): string | null {
  if (!e164) return null;
  return e164.startsWith('+32') ? '0' + e164.slice(3) : e164.replace(/\D/g, '');
}

/** A filter id as one token (ids may hold '-' or '.', which would split). */
export function scopeToken(kind: 'm' | 'd', id: string): string {
  return kind + Buffer.from(id, 'utf8').toString('hex');
}

function suffixes(digits: string, from: number): string[] {
  const out: string[] = [];
  for (let i = from; digits.length - i >= 3; i++) out.push(digits.slice(i));
  return out;
}

export function searchDocument(p: DocumentSource): Record<'names' | 'other' | 'phone' | 'ext' | 'digits' | 'scope', string> {
  const join = (list: Iterable<string>) => [...new Set(list)].join(' ');
  const at = p.email.lastIndexOf('@');
  const local = at >= 0 ? p.email.slice(0, at) : p.email;
  const domain = at >= 0 ? p.email.slice(at + 1) : '';
  const phones = [nationalDigits(p.desk_phone), nationalDigits(p.mobile_phone)].filter((d): d is string => Boolean(d));
  const ext = p.extension ? p.extension.replace(/\D/g, '') : '';
  return {
    names: join([...words(p.first_name), ...words(p.last_name)]),
    other: join([
      ...words(p.job_title),
      ...words(p.department_name ?? ''),
      ...words(p.municipality_name ?? ''),
      ...words(local),
      // The whole address as one token: a typed address is searched joined too ("a.b@c.be" -> "abcbe").
      normalize(p.email).replace(/ /g, ''),
      normalize(domain).split(' ')[0] ?? '',
    ].filter(Boolean)),
    phone: join(phones),
    ext,
    digits: join([...phones.flatMap((d) => suffixes(d, 1)), ...suffixes(ext, 1)]),
    scope: `${scopeToken('m', p.municipality_id)} ${scopeToken('d', p.department_id)}`,
  };
}

export function sortKeys(firstName: string, lastName: string): { lastFirst: string; firstLast: string } {
  const first = normalize(firstName);
  const last = normalize(lastName);
  return { lastFirst: `${last} ${first}`, firstLast: `${first} ${last}` };
}

const SELECT_SOURCE = `
  SELECT p.pid, p.first_name, p.last_name, p.job_title, p.email, p.desk_phone, p.mobile_phone, p.extension,
         p.municipality_id, p.department_id, d.name AS department_name, m.name AS municipality_name
  FROM dir_people p LEFT JOIN dir_departments d ON d.id = p.department_id LEFT JOIN dir_municipalities m ON m.id = p.municipality_id`;

/** Write a person's document (replacing the one it had). */
export function indexPerson(db: CacheDb, pid: number, source: DocumentSource): void {
  stmt(db, 'DELETE FROM dir_search WHERE rowid = ?').run(pid);
  stmt(db, 'INSERT INTO dir_search (rowid, names, other, phone, ext, digits, scope) VALUES (@pid, @names, @other, @phone, @ext, @digits, @scope)').run({
    pid,
    ...searchDocument(source),
  });
}

/** Remove a person's document (before or after the person row is deleted). */
export function unindexPerson(db: CacheDb, pid: number): void {
  stmt(db, 'DELETE FROM dir_search WHERE rowid = ?').run(pid);
}

export function reindexDepartment(db: CacheDb, departmentId: string): void {
  for (const row of stmt(db, `${SELECT_SOURCE} WHERE p.department_id = ?`).all(departmentId) as (DocumentSource & { pid: number })[]) indexPerson(db, row.pid, row);
}

export function reindexMunicipality(db: CacheDb, municipalityId: string): void {
  for (const row of stmt(db, `${SELECT_SOURCE} WHERE p.municipality_id = ?`).all(municipalityId) as (DocumentSource & { pid: number })[]) indexPerson(db, row.pid, row);
}

/** Rebuild the whole index from the cached rows (migration; no re-sync needed). */
export function reindexAll(db: CacheDb): void {
  db.exec('DELETE FROM dir_search');
  const insert = db.prepare('INSERT INTO dir_search (rowid, names, other, phone, ext, digits, scope) VALUES (@pid, @names, @other, @phone, @ext, @digits, @scope)');
  // In batches: a connection cannot write while it iterates, and 100,000 rows at once is memory.
  const batch = db.prepare(`${SELECT_SOURCE} WHERE p.pid > ? ORDER BY p.pid LIMIT 2000`);
  let after = 0; // pids start at 1
  for (;;) {
    const rows = batch.all(after) as (DocumentSource & { pid: number })[];
    if (rows.length === 0) break;
    for (const row of rows) insert.run({ pid: row.pid, ...searchDocument(row) });
    after = rows[rows.length - 1]!.pid;
  }
}
