/**
 * The backend's own tables as Kysely sees them (directory, accounts, sync bookkeeping).
 * Features declare their tables in their own folder and use `trx.withTables<TheirTables>()`.
 *
 * Portable column types (the same migrations run on SQLite and PostgreSQL):
 *   text for ids, strings, ISO timestamps and JSON; integer for numbers and 0/1 booleans.
 *   (better-sqlite3 cannot bind JS booleans; PostgreSQL `integer` reads back as a number.)
 */
import type { ColumnType, Generated } from 'kysely';

/** 0 or 1. */
export type Flag = number;

export interface ServerMetaTable {
  key: string;
  value: string;
}

export interface MunicipalityTable {
  id: string;
  name: string;
  postcode: string;
  /** 1: takes part in the regional directory (staff of other regional municipalities may see opted-in people). */
  regional: Flag;
  /** E-mail domain, e.g. "poperinge.be". */
  email_domain: string;
}

export interface DepartmentTable {
  id: string;
  municipality_id: string;
  name: string;
  parent_id: string | null;
}

/** The people table belongs to the directory feature: its columns are in features/directory/tables.ts. */
export type { PersonTable } from '../features/directory/tables.js';
import type { PersonTable } from '../features/directory/tables.js';

/**
 * A person's photo (migration 2026_11_30_030_photos), apart from the people row so the first sync
 * of people stays small: JPEG, at most 256 px, no metadata (src/server/import/photo.ts).
 */
export interface PersonPhotoTable {
  person_id: string;
  /** The person's municipality (the change log's tenant). */
  municipality_id: string;
  content_type: string;
  /** The stored image, base64 (portable text on SQLite and PostgreSQL). */
  data: string;
  /** sha256 of the stored bytes (hex, 32): the synced row's `hash`. */
  hash: string;
  /** sha256 of the SOURCE bytes (+ processing version): an unchanged re-import writes nothing. */
  source_hash: string;
  width: number;
  height: number;
  updated_at: string;
}

export interface UserTable {
  id: string;
  municipality_id: string;
  /** Lower-case, unique. */
  username: string;
  display_name: string;
  /** scrypt hash ("scrypt$N$r$p$salt$hash"), null for accounts that only sign in through OIDC. */
  password_hash: string | null;
  person_id: string | null;
  /** JSON array of Role. */
  roles: string;
  /** Bumped when something changes what the user may see that roles/tenant do not capture. */
  scope_generation: Generated<number>;
  disabled: Generated<Flag>;
  created_at: string;
  /** JSON array of the roles that came from the identity provider's group claim (a subset of roles). */
  idp_roles: Generated<string>;
}

export interface SessionTable {
  /** sha256 (hex) of the opaque token; the token itself is never stored. */
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export interface SyncChangeTable {
  collection: string;
  row_id: string;
  /** Municipality that owns the row: pulls only look at the user's visible tenants. */
  tenant: string;
  /** Sequence: on PostgreSQL from `sync_change_seq`, on SQLite max + 1 (single writer). */
  seq: number;
  /** PostgreSQL: xid8 of the writing transaction (read as a string); SQLite: always 0. */
  xid: ColumnType<string | number, string | number | undefined, string | number>;
  deleted: Flag;
}

export interface SyncCommandTable {
  user_id: string;
  client_id: string;
  seq: number;
  type: string;
  status: 'applied' | 'rejected';
  /** JSON: the `result` object (applied) or {reason, message} (rejected). */
  result: string;
  applied_at: string;
  /** sha256 of (type, payload, createdAt); null for outcomes stored before it existed. */
  command_hash: string | null;
}

/** Sign-in failures per account ("account:<username>") and per address ("address:<ip>"). */
export interface LoginAttemptTable {
  key: string;
  window_start: string;
  failures: number;
}

/** Append-only (triggers refuse UPDATE/DELETE): every account change, who, when, before, after. */
export interface AdminLogTable {
  /** AUTOINCREMENT / GENERATED ALWAYS: never set by callers. */
  id: Generated<number>;
  at: string;
  /** "<username>" (Beheer), "cli:<os user>" (command line) or "oidc" (first sign-in, group sync). */
  actor: string;
  municipality_id: string;
  action: string;
  /** The account's username. */
  target: string;
  /** JSON snapshots of what changed (null when there was nothing before/after). */
  before: string | null;
  after: string | null;
}

/** Who may decide in a person's place on approval steps (ApprovalStep.deputyId). */
export interface ApprovalDeputyTable {
  person_id: string;
  municipality_id: string;
  deputy_id: string;
  updated_at: string;
}

export interface ServerDb {
  login_attempts: LoginAttemptTable;
  server_meta: ServerMetaTable;
  municipalities: MunicipalityTable;
  departments: DepartmentTable;
  people: PersonTable;
  person_photos: PersonPhotoTable;
  users: UserTable;
  sessions: SessionTable;
  sync_changes: SyncChangeTable;
  sync_commands: SyncCommandTable;
  admin_log: AdminLogTable;
  approval_deputies: ApprovalDeputyTable;
}
