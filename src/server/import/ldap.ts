/**
 * The LDAP / Active Directory source: reads people from a directory server with a paged search and
 * maps them to SourceRecords (types.ts). It only reads; applyImport (merge.ts) writes.
 *
 *   readLdap({ url, bindDn, password, base, profile: 'ad' | 'openldap', since? }) -> SourceBatch
 *
 * Two built-in attribute profiles (`ad`, `openldap`) that a JSON config file can override
 * (`loadLdapConfig`). Incremental runs read only what changed since a cursor (AD uSNChanged,
 * OpenLDAP modifyTimestamp); a run without `since` is a full run (people missing from it are leavers).
 * The bind password never appears in a log line, an error message or the returned batch.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { Client, FilterParser, InsufficientAccessError, InvalidCredentialsError, InvalidDNSyntaxError, NoSuchObjectError, type Entry } from 'ldapts';
import { z } from 'zod';
import { guidToString } from './guid.js';
import type { SourceBatch, SourceError, SourceRecord } from './types.js';

export { guidToString };

export type LdapProfileName = 'ad' | 'openldap';

/** Our fields an LDAP attribute can feed (`manager` is a DN, resolved to the manager's sourceId). */
export const LDAP_FIELDS = ['sourceId', 'firstName', 'lastName', 'email', 'jobTitle', 'department', 'deskPhone', 'mobilePhone', 'extension', 'office', 'employeeNumber', 'manager', 'photo', 'disabled'] as const;
export type LdapField = (typeof LDAP_FIELDS)[number];

export interface LdapProfile {
  name: LdapProfileName;
  filter: string;
  /** Field -> attribute names (the first one present wins); null: this source does not own the field. */
  attributes: Record<LdapField, string[] | null>;
  /** The attribute an incremental run filters on. */
  cursor: 'uSNChanged' | 'modifyTimestamp';
}

export const LDAP_PROFILES: Record<LdapProfileName, LdapProfile> = {
  ad: {
    name: 'ad',
    filter: '(&(objectCategory=person)(objectClass=user))',
    attributes: {
      sourceId: ['objectGUID'],
      firstName: ['givenName'],
      lastName: ['sn'],
      email: ['mail'],
      jobTitle: ['title'],
      department: ['department'],
      deskPhone: ['telephoneNumber'],
      mobilePhone: ['mobile'],
      extension: ['ipPhone'],
      office: ['physicalDeliveryOfficeName'],
      employeeNumber: null,
      manager: ['manager'],
      photo: ['thumbnailPhoto'],
      disabled: ['userAccountControl'],
    },
    cursor: 'uSNChanged',
  },
  openldap: {
    name: 'openldap',
    filter: '(objectClass=inetOrgPerson)',
    attributes: {
      sourceId: ['entryUUID'],
      firstName: ['givenName'],
      lastName: ['sn'],
      email: ['mail'],
      jobTitle: ['title'],
      department: ['departmentNumber', 'ou'],
      deskPhone: ['telephoneNumber'],
      mobilePhone: ['mobile'],
      extension: null,
      office: ['roomNumber'],
      employeeNumber: ['employeeNumber'],
      manager: ['manager'],
      photo: ['jpegPhoto'],
      disabled: null,
    },
    cursor: 'modifyTimestamp',
  },
};

/** Attributes whose values are bytes, requested as Buffers (ldapts `explicitBufferAttributes`). */
const BINARY_ATTRIBUTES = ['objectGUID', 'objectSid', 'thumbnailPhoto', 'jpegPhoto', 'photo', 'mS-DS-ConsistencyGuid'];
const isBinary = (name: string): boolean => BINARY_ATTRIBUTES.some((b) => b.toLowerCase() === name.toLowerCase());

const AttributeName = z.string().regex(/^[A-Za-z][A-Za-z0-9-]*(;[A-Za-z0-9-]+)*$/, 'not an LDAP attribute name');
const AttributeList = z.union([AttributeName, z.array(AttributeName).min(1)]);
const FilterText = z.string().trim().min(1).max(4000);

/** The optional config file (JSON): overrides of a profile's attribute map, filter and page size. */
export const LdapConfigFile = z
  .object({
    profile: z.enum(['ad', 'openldap']).optional(),
    filter: FilterText.optional(),
    pageSize: z.number().int().min(1).max(1000).optional(),
    attributes: z
      .object({
        sourceId: AttributeList.optional(),
        firstName: AttributeList.optional(),
        lastName: AttributeList.optional(),
        email: AttributeList.optional(),
        jobTitle: AttributeList.nullable().optional(),
        department: AttributeList.nullable().optional(),
        deskPhone: AttributeList.nullable().optional(),
        mobilePhone: AttributeList.nullable().optional(),
        extension: AttributeList.nullable().optional(),
        office: AttributeList.nullable().optional(),
        employeeNumber: AttributeList.nullable().optional(),
        manager: AttributeList.nullable().optional(),
        photo: AttributeList.nullable().optional(),
        disabled: AttributeList.nullable().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type LdapConfig = z.infer<typeof LdapConfigFile>;

/** Reads and validates a config file; the error names the file and the first problem. */
export function loadLdapConfig(file: string): LdapConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`Cannot read the LDAP config file ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = LdapConfigFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`LDAP config file ${file}: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** The profile with a config's overrides applied. */
export function resolveProfile(name: LdapProfileName, config?: LdapConfig | null): LdapProfile {
  const base = LDAP_PROFILES[name];
  const attributes = { ...base.attributes };
  for (const [field, value] of Object.entries(config?.attributes ?? {}) as Array<[LdapField, string | string[] | null | undefined]>) {
    if (value === undefined) continue;
    attributes[field] = value === null ? null : Array.isArray(value) ? value : [value];
  }
  return { ...base, filter: config?.filter ?? base.filter, attributes };
}

/**
 * The bind password from a file (IT's usual way: readable by the service only) or an environment
 * variable. One trailing newline (as an editor or `echo` writes it) is removed.
 */
export function readBindPassword(source: { passwordFile?: string | null; passwordEnv?: string | null }, env: NodeJS.ProcessEnv = process.env): string {
  if (source.passwordFile && source.passwordEnv) throw new Error('Give the bind password either as a file or as an environment variable, not both');
  let value: string;
  if (source.passwordFile) {
    try {
      value = readFileSync(source.passwordFile, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new Error(`Cannot read the password file ${source.passwordFile}${code ? ` (${code})` : ''}`);
    }
  } else if (source.passwordEnv) {
    const v = env[source.passwordEnv];
    if (v === undefined) throw new Error(`The environment variable ${source.passwordEnv} (bind password) is not set`);
    value = v;
  } else {
    throw new Error('No bind password: give a password file or an environment variable');
  }
  value = value.replace(/\r?\n$/, '');
  if (value === '') throw new Error('The bind password is empty');
  return value;
}

export interface LdapReadOptions {
  /** ldap://host[:port] or ldaps://host[:port]. */
  url: string;
  /** Upgrade an ldap:// connection with StartTLS before binding. */
  startTls?: boolean;
  /** PEM file with the CA(s) that signed the server's certificate (ldaps:// and StartTLS). */
  caFile?: string | null;
  bindDn: string;
  /** The bind password itself (see readBindPassword); never logged nor put in an error. */
  password: string;
  /** Search base, e.g. OU=Personeel,DC=poperinge,DC=local. */
  base: string;
  profile?: LdapProfileName;
  /** Replaces the profile's (and the config's) filter. */
  filter?: string | null;
  config?: LdapConfig | null;
  /** Cursor of the previous run (its `nextCursor`): read only what changed since. null/absent = full run. */
  since?: string | null;
  /** Entries per page (paged results control); default 500 (AD answers at most 1,000). */
  pageSize?: number;
  connectTimeoutMs?: number;
  /** Per LDAP operation (one page, one bind). */
  timeoutMs?: number;
}

export interface LdapBatch extends SourceBatch {
  /** Pages the paged search returned (for the tests and the bench). */
  pages: number;
  /** Managers outside the batch looked up by DN (base-scope searches). */
  managerLookups: number;
}

/** A failure of the whole read (connection, TLS, bind, base DN): the caller changes nothing. */
export class LdapReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LdapReadError';
  }
}


/** Lower-cased, spaces around separators removed: enough to match a manager DN to an entry's DN. */
export function normalizeDn(dn: string): string {
  return dn
    .trim()
    .replace(/\s*([,=+])\s*/g, '$1')
    .toLowerCase();
}

type Value = Entry[string];

/** An entry's attributes by lower-cased name (servers and configs spell names in any case). */
type Attrs = Map<string, Value>;
const attrsOf = (entry: Entry): Attrs => new Map(Object.entries(entry).filter(([k]) => k !== 'dn').map(([k, v]) => [k.toLowerCase(), v]));

function lookup(attrs: Attrs, names: string[] | null): Value | undefined {
  if (!names) return undefined;
  for (const name of names) {
    const v = attrs.get(name.toLowerCase());
    if (v !== undefined && (!Array.isArray(v) || v.length > 0)) return v;
  }
  return undefined;
}

function firstOf(v: Value | undefined): string | Buffer | undefined {
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v[0] : v;
}

function text(v: Value | undefined): string | null {
  const first = firstOf(v);
  if (first === undefined) return null;
  const s = (Buffer.isBuffer(first) ? first.toString('utf8') : first).trim();
  return s === '' ? null : s;
}

function bytes(v: Value | undefined): Uint8Array | null {
  const first = firstOf(v);
  if (first === undefined) return null;
  const b = Buffer.isBuffer(first) ? first : Buffer.from(first, 'latin1');
  return b.length === 0 ? null : new Uint8Array(b);
}

function sourceIdOf(v: Value | undefined): string | null {
  const first = firstOf(v);
  if (first === undefined) return null;
  if (Buffer.isBuffer(first)) {
    if (first.length === 0) return null;
    return first.length === 16 ? guidToString(first) : first.toString('hex');
  }
  const s = first.trim();
  return s === '' ? null : s;
}

function disabledOf(v: Value | undefined): boolean {
  const s = text(v);
  if (s === null) return false;
  if (/^-?\d+$/.test(s)) return (Number(BigInt.asUintN(32, BigInt(s))) & 0x2) !== 0; // userAccountControl ACCOUNTDISABLE
  return /^(true|yes|1|disabled)$/i.test(s);
}

const USN = /^\d{1,20}$/;
const GENERALIZED_TIME = /^(\d{14})(?:[.,](\d{1,6}))?Z$/;

function cursorKey(kind: LdapProfile['cursor'], value: string): string | null {
  if (kind === 'uSNChanged') return USN.test(value) ? value.padStart(20, '0') : null;
  const m = GENERALIZED_TIME.exec(value);
  return m ? `${m[1]}.${(m[2] ?? '').padEnd(6, '0')}` : null;
}

function checkCursor(kind: LdapProfile['cursor'], since: string): void {
  if (cursorKey(kind, since) === null) {
    throw new LdapReadError(kind === 'uSNChanged' ? `Invalid cursor "${since}": expected an AD uSNChanged number` : `Invalid cursor "${since}": expected a GeneralizedTime like 20261130070000Z`);
  }
}

function cursorFilter(kind: LdapProfile['cursor'], since: string): string {
  if (kind === 'uSNChanged') return `(uSNChanged>=${(BigInt(since) + 1n).toString()})`;
  return `(modifyTimestamp>=${since})`;
}

const wrap = (filter: string): string => (filter.trim().startsWith('(') ? filter.trim() : `(${filter.trim()})`);

/** Checked before connecting: balanced parentheses (ldapts forgives a missing ")") and parseable. */
function checkFilter(filter: string): void {
  let depth = 0;
  for (const ch of filter) {
    depth += ch === '(' ? 1 : ch === ')' ? -1 : 0;
    if (depth < 0) break;
  }
  let problem = depth !== 0 ? 'unbalanced parentheses' : null;
  if (!problem) {
    try {
      FilterParser.parseString(filter);
    } catch (err) {
      problem = err instanceof Error ? err.message : String(err);
    }
  }
  if (problem) throw new LdapReadError(`Invalid LDAP filter ${filter}: ${problem}`);
}

/** Why an entry cannot be mapped; its stable id when it has one (a full run must not treat it as a leaver). */
export interface MapFailure {
  reason: string;
  sourceId?: string;
}

/** Maps one entry (exported for the AD unit tests). */
export function mapEntry(entry: Entry, profile: LdapProfile): { record: SourceRecord; managerDn: string | null } | MapFailure {
  const a = profile.attributes;
  const attrs = attrsOf(entry);
  const sourceId = sourceIdOf(lookup(attrs, a.sourceId));
  if (!sourceId) return { reason: `no stable id (${(a.sourceId ?? []).join(' or ')})` };
  const firstName = text(lookup(attrs, a.firstName));
  const lastName = text(lookup(attrs, a.lastName));
  if (!firstName && !lastName) return { reason: `no name (${[...(a.firstName ?? []), ...(a.lastName ?? [])].join(', ')})`, sourceId };
  if (!firstName) return { reason: `no first name (${(a.firstName ?? []).join(' or ')})`, sourceId };
  if (!lastName) return { reason: `no last name (${(a.lastName ?? []).join(' or ')})`, sourceId };
  const owned = (field: LdapField): string | null | undefined => (a[field] === null ? undefined : text(lookup(attrs, a[field])));
  const email = text(lookup(attrs, a.email));
  const record: SourceRecord = {
    sourceId,
    origin: entry.dn,
    firstName,
    lastName,
    email: email ? email.toLowerCase() : null,
  };
  const optional: Array<[keyof SourceRecord, LdapField]> = [
    ['jobTitle', 'jobTitle'],
    ['department', 'department'],
    ['deskPhone', 'deskPhone'],
    ['mobilePhone', 'mobilePhone'],
    ['extension', 'extension'],
    ['office', 'office'],
    ['employeeNumber', 'employeeNumber'],
  ];
  for (const [key, field] of optional) {
    const v = owned(field);
    if (v !== undefined) (record as unknown as Record<string, unknown>)[key] = v;
  }
  if (a.photo !== null) record.photo = bytes(lookup(attrs, a.photo));
  if (a.disabled !== null) record.disabled = disabledOf(lookup(attrs, a.disabled));
  let managerDn: string | null = null;
  if (a.manager !== null) {
    managerDn = text(lookup(attrs, a.manager));
    record.managerSourceId = null; // resolved by readLdap
  }
  return { record, managerDn };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** A clear message for a failed read: never the password, never raw protocol codes only. */
function describe(err: unknown, stage: 'connect' | 'starttls' | 'bind' | 'search', options: LdapReadOptions): string {
  const host = hostOf(options.url);
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const message = err instanceof Error ? err.message.trim() : String(err);
  const tlsCodes = ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID'];
  let text: string;
  if (typeof code === 'string' && tlsCodes.includes(code)) text = `TLS with the LDAP server ${host} failed: its certificate was not accepted (${code}); give the CA that signed it with --ca-file`;
  else if (code === 'ECONNREFUSED') text = `Cannot reach the LDAP server ${host}: connection refused`;
  else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') text = `Cannot reach the LDAP server ${host}: host name not found`;
  else if (code === 'ETIMEDOUT' || /time(d)? ?out/i.test(message)) text = `The LDAP server ${host} did not answer in time (${stage})`;
  else if (code === 'ECONNRESET' || code === 'EPIPE' || /connection closed/i.test(message)) text = `The LDAP server ${host} closed the connection (${stage}${stage === 'connect' || stage === 'bind' ? '; ldaps:// on a plain port, ldap:// on a TLS port, or a TLS problem?' : ''})`;
  else if (err instanceof InvalidCredentialsError) text = `The LDAP server ${host} refused the bind for "${options.bindDn}": wrong bind DN or password`;
  else if (err instanceof NoSuchObjectError) text = `The base DN "${options.base}" does not exist on the LDAP server ${host}`;
  else if (err instanceof InvalidDNSyntaxError) text = `Invalid DN syntax (${stage === 'bind' ? `bind DN "${options.bindDn}"` : `base DN "${options.base}"`})`;
  else if (err instanceof InsufficientAccessError) text = `The account "${options.bindDn}" may not read ${options.base} on ${host}`;
  else if (/page ?size/i.test(message)) text = `The LDAP server ${host} refused the page size: ${message} (set a smaller "pageSize" in the config file)`;
  else text = `LDAP ${stage} with ${host} failed: ${message || (code ?? 'unknown error')}`;
  return options.password ? text.split(options.password).join('***') : text;
}

/** Reads the people of a directory and maps them; throws LdapReadError when the read as a whole fails. */
export async function readLdap(options: LdapReadOptions): Promise<LdapBatch> {
  const profileName = options.profile ?? options.config?.profile ?? 'ad';
  if (options.profile && options.config?.profile && options.profile !== options.config.profile) {
    throw new LdapReadError(`The config file is for profile "${options.config.profile}", not "${options.profile}"`);
  }
  const profile = resolveProfile(profileName, options.config);
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new LdapReadError(`Not an LDAP URL: ${options.url}`);
  }
  if (url.protocol !== 'ldap:' && url.protocol !== 'ldaps:') throw new LdapReadError(`Not an LDAP URL (ldap:// or ldaps://): ${url.protocol}//${url.host}`);
  if (options.startTls && url.protocol === 'ldaps:') throw new LdapReadError('StartTLS is for ldap:// URLs; ldaps:// is already encrypted');
  // An empty password is an "unauthenticated bind": some servers answer it with success as anonymous.
  if (!options.password) throw new LdapReadError('The bind password is empty');
  const since = options.since ?? null;
  if (since !== null) checkCursor(profile.cursor, since);
  const pageSize = options.pageSize ?? options.config?.pageSize ?? 500;
  let ca: Buffer | undefined;
  if (options.caFile) {
    try {
      ca = readFileSync(options.caFile);
    } catch (err) {
      throw new LdapReadError(`Cannot read the CA file ${options.caFile} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  const tlsOptions = { ...(ca ? { ca: [ca] } : {}), ...(isIP(url.hostname) ? {} : { servername: url.hostname }) };
  const baseFilter = wrap(options.filter ?? profile.filter);
  checkFilter(baseFilter);
  const filter = since === null ? baseFilter : `(&${baseFilter}${cursorFilter(profile.cursor, since)})`;

  const attributes = new Set<string>();
  for (const names of Object.values(profile.attributes)) for (const n of names ?? []) attributes.add(n);
  attributes.add(profile.cursor);
  const requested = [...attributes];
  const buffers = requested.filter(isBinary).flatMap((n) => [n, n.toLowerCase(), ...BINARY_ATTRIBUTES.filter((b) => b.toLowerCase() === n.toLowerCase())]);

  const client = new Client({
    url: `${url.protocol}//${url.host}`,
    connectTimeout: options.connectTimeoutMs ?? 10_000,
    timeout: options.timeoutMs ?? 120_000,
    tlsOptions: url.protocol === 'ldaps:' ? tlsOptions : undefined,
  });
  let stage: 'connect' | 'starttls' | 'bind' | 'search' = 'connect';
  try {
    if (options.startTls) {
      stage = 'starttls';
      await client.startTLS(tlsOptions);
    }
    stage = 'bind';
    await client.bind(options.bindDn, options.password);
    stage = 'search';
    const records: SourceRecord[] = [];
    const errors: SourceError[] = [];
    const managerDns = new Map<SourceRecord, string>();
    const idByDn = new Map<string, string>();
    const seen = new Map<string, string>();
    let pages = 0;
    let cursorMax: { key: string; value: string } | null = since === null ? null : { key: cursorKey(profile.cursor, since)!, value: since };
    for await (const page of client.searchPaginated(options.base, { scope: 'sub', filter, attributes: requested, explicitBufferAttributes: buffers, paged: { pageSize } })) {
      pages++;
      for (const entry of page.searchEntries) {
        const c = text(lookup(attrsOf(entry), [profile.cursor]));
        const key = c === null ? null : cursorKey(profile.cursor, c);
        if (c !== null && key !== null && (cursorMax === null || key > cursorMax.key)) cursorMax = { key, value: c };
        const mapped = mapEntry(entry, profile);
        if (!('record' in mapped)) {
          errors.push({ dn: entry.dn, reason: mapped.reason, ...(mapped.sourceId ? { sourceId: mapped.sourceId } : {}) });
          continue;
        }
        const first = seen.get(mapped.record.sourceId);
        if (first !== undefined) {
          errors.push({ dn: entry.dn, reason: `the same stable id is also at ${first}`, sourceId: mapped.record.sourceId });
          continue;
        }
        seen.set(mapped.record.sourceId, entry.dn);
        records.push(mapped.record);
        idByDn.set(normalizeDn(entry.dn), mapped.record.sourceId);
        if (mapped.managerDn) managerDns.set(mapped.record, mapped.managerDn);
      }
    }
    // Managers: from the same batch by DN, else (incremental runs, managers outside the filter)
    // one base-scope search per distinct DN.
    const looked = new Map<string, string | null>();
    for (const [record, dn] of managerDns) {
      const key = normalizeDn(dn);
      let id = idByDn.get(key);
      if (id === undefined) {
        if (!looked.has(key)) looked.set(key, await lookupManager(client, dn, profile, buffers));
        id = looked.get(key) ?? undefined;
      }
      record.managerSourceId = id ?? null;
    }
    return { kind: `ldap:${profile.name}`, records, errors, full: since === null, nextCursor: cursorMax?.value ?? null, pages, managerLookups: looked.size };
  } catch (err) {
    if (err instanceof LdapReadError) throw err;
    throw new LdapReadError(describe(err, stage, options));
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

async function lookupManager(client: Client, dn: string, profile: LdapProfile, buffers: string[]): Promise<string | null> {
  try {
    const { searchEntries } = await client.search(dn, { scope: 'base', filter: '(objectClass=*)', attributes: profile.attributes.sourceId ?? [], explicitBufferAttributes: buffers });
    const entry = searchEntries[0];
    return entry ? sourceIdOf(lookup(attrsOf(entry), profile.attributes.sourceId)) : null;
  } catch (err) {
    if (err instanceof NoSuchObjectError || err instanceof InvalidDNSyntaxError || err instanceof InsufficientAccessError) return null;
    throw err;
  }
}
