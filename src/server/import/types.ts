/**
 * What a directory source (LDAP / Active Directory, an HR CSV export, the demo generator) hands to
 * the one merge step (`merge.ts`). A source only reads and maps; it never writes the database.
 *
 *   source (ldap.ts, csv.ts, demo)  ->  SourceBatch  ->  applyImport()  ->  people, departments,
 *                                                                          users, sync changes
 *
 * A field that is `undefined` is not owned by this source: the merge leaves the stored value alone.
 * `null` means "owned, and empty" (e.g. no mobile number). What a person set themselves (birthday
 * visibility, regional opt-ins) is never part of a record.
 */

/** One person as a source sees them, already mapped to our fields (not yet validated by the merge). */
export interface SourceRecord {
  /**
   * Stable id of the person inside this source: AD objectGUID as lower-case hex or GUID string,
   * OpenLDAP entryUUID, the HR personeelsnummer. Matching uses it first, then e-mail.
   */
  sourceId: string;
  /** Where the record came from, for error messages: "line 14" or the entry's DN. */
  origin: string;
  firstName: string;
  lastName: string;
  email: string | null;
  jobTitle?: string | null;
  /** Department NAME as the source writes it ("Dienst ICT"); the merge finds or creates it. */
  department?: string | null;
  /** Phones as the source writes them; the merge normalises to E.164 (Belgian numbers). */
  deskPhone?: string | null;
  mobilePhone?: string | null;
  extension?: string | null;
  office?: string | null;
  employeeNumber?: string | null;
  /** Only month and day are ever kept (the year is never read into a record). */
  birthMonth?: number | null;
  birthDay?: number | null;
  /** The manager's `sourceId` in the same source (a DN is resolved by the LDAP source first). */
  managerSourceId?: string | null;
  /** Raw photo bytes (JPEG/PNG) as the source holds them; the merge resizes. */
  photo?: Uint8Array | null;
  /** AD userAccountControl's disabled bit, or an HR "uit dienst" flag: treated as a leaver. */
  disabled?: boolean;
  /**
   * Optional: the id a NEW person gets (the demo keeps its historic ids "p-pop-00001"). Ignored when
   * the record matches an existing person. Without it the merge derives a stable id from
   * (municipality, source, sourceId). Must be unique across municipalities (people ids are global).
   */
  personId?: string;
}

/** A record that could not be read or mapped: rejected with its place and the reason. */
export interface SourceError {
  /** CSV line number (1 = header line) … */
  line?: number;
  /** … or the LDAP entry's DN. */
  dn?: string;
  reason: string;
  /**
   * The record's source id when the source could still read it: a person whose entry was rejected
   * is never treated as a leaver by a full run.
   */
  sourceId?: string;
}

export interface SourceBatch {
  /** "csv", "ldap:ad", "ldap:openldap", "demo". */
  kind: string;
  records: SourceRecord[];
  errors: SourceError[];
  /**
   * true: this batch is everybody the source has (people missing from it are leavers).
   * false: an incremental run (only changed entries; leavers come from `disabled` or a later full run).
   */
  full: boolean;
  /** Opaque position for the next incremental run (AD highest uSNChanged, OpenLDAP modifyTimestamp), or null. */
  nextCursor: string | null;
}

/** The one-line summary every import prints, and the --json object (plus `errors`). */
export interface ImportSummary {
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  rejected: number;
  errors: Array<{ line?: number; dn?: string; reason: string }>;
  /** Not rejections (the record went in): e.g. a manager that is not in the source. Place + reason only. */
  warnings?: Array<{ line?: number; dn?: string; reason: string }>;
  /** The `import_runs` row of this run. */
  runId?: string;
  /** true: a dry run, everything was rolled back. */
  dryRun?: boolean;
  /** With `preview: true` (Beheer "run now"): who would be added, changed (which fields), removed. */
  preview?: ImportPreview;
}

/** Names of the people a run touches, at most PREVIEW_MAX of each; shown to the municipality's admin only, never stored. */
export interface ImportPreview {
  added: Array<{ name: string }>;
  changed: Array<{ name: string; fields: string[] }>;
  removed: Array<{ name: string }>;
}
