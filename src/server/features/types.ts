/**
 * What a feature plugs into the backend. A feature lives in src/server/features/<name>/ and is
 * listed in ./index.ts; it never edits the backend's own files. See src/server/README.md.
 *
 *   migrations  its tables (run by the one migrator, sorted by name together with everyone's)
 *   collections the synced collections it owns: which rows a user may see, as wire rows
 *   commands    outbox command handlers ("<feature>.<verb>"), each run in its own transaction
 *   routes      plain HTTP routes (lookups that are never cached, exports, ...)
 *   seed        demo data, called after the directory was seeded
 *   onPeopleRemoved  a directory import removed leavers: move work waiting for them (same transaction)
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { Collection, Role, SessionUser } from '../../shared/sync/protocol.js';
import type { ServerDb } from '../db/schema.js';
import type { Prng } from '../demo/prng.js';
import type { RouteHelper } from '../http/route.js';
import type { Authenticate } from '../auth/hook.js';

export type { SessionUser, Role, Collection };
export type DialectName = 'sqlite' | 'postgres';
export type Db = Kysely<ServerDb>;
export type Trx = Transaction<ServerDb>;

/**
 * One schema change. `name` sorts the migrations of all features into one order and is unique:
 * "2026_11_28_001_agenda" (date, number, feature). Additive once shipped: never edit a released
 * migration, add the next one. Each migration has a test (migrate to N-1, insert, migrate to N, assert).
 * `db` is untyped on purpose: a migration describes the schema as it was at that moment.
 */
export interface ServerMigration {
  name: string;
  up(db: Kysely<unknown>, dialect: DialectName): Promise<void>;
}

/** What the signed-in user may see; computed by the backend for every request that needs it. */
export interface UserScope {
  user: SessionUser;
  /** Municipalities whose rows may reach this user: the own one first, then (when the own is
   *  regional) the other regional ones. Rows of other tenants never leave the server. */
  visibleTenants: readonly string[];
  /** Department of the user's own person (e.g. "the department that brought the agenda item"). */
  departmentId: string | null;
}

/** A row as it goes over the wire; `data` must satisfy RowSchemas[collection] (protocol.ts). */
export interface WireRow {
  id: string;
  data: Record<string, unknown>;
}

export interface CollectionContext {
  trx: Trx;
  scope: UserScope;
  dialect: DialectName;
  now: Date;
}

/**
 * A synced collection. The change log tells the backend WHICH rows changed (recordChange); at pull
 * time `load` turns them into what THIS user may see. Ids it leaves out are sent as deletes, so
 * "may not see" and "deleted" look the same to the client. Only ids whose change was recorded with
 * a tenant in `scope.visibleTenants` are asked for; `ids` has at most MAX_PULL_LIMIT entries.
 */
export interface SyncedCollection {
  load(ctx: CollectionContext, ids: readonly string[]): Promise<WireRow[]>;
  /**
   * Set when what `load` returns depends on nothing of the user but what this key names (e.g. the
   * own municipality and the visible tenants; never roles, person or department): users with the
   * same key then share the pre-serialized pages of a sync from scratch (src/server/sync/snapshot.ts).
   */
  shared?(scope: UserScope): string;
}

export type CommandOutcome =
  | { status: 'applied'; result: Record<string, unknown> }
  /** `reason`: a code ("already_decided"); `message`: readable by the user, nl-BE. */
  | { status: 'rejected'; reason: string; message: string };

export interface CommandContext<P> {
  trx: Trx;
  user: SessionUser;
  scope: UserScope;
  /** Validated with the handler's `payload` schema. */
  payload: P;
  /** Server time of this push (use it, not the client's clock, for what you store). */
  now: Date;
  /** The client's own time of the action (ISO), for history only. */
  createdAt: string;
  clientId: string;
  seq: number;
  dialect: DialectName;
  log: FastifyBaseLogger;
}

/**
 * An outbox command handler. It runs inside the push transaction that also stores its outcome
 * under (user, client id, seq). Return `applied(result)` or `reject(reason, message)`: a rejection
 * rolls back whatever the handler wrote and is stored as the answer. Throwing is a server bug: the
 * client gets `rejected / internal_error`, nothing is stored, so a later replay can still apply.
 * Record every change of a synced row with `recordChange` in the same `trx`.
 */
export interface CommandHandler<S extends z.ZodType = z.ZodType> {
  payload: S;
  /** The user needs at least one of these roles (checked before `handle`); omit for any staff member. */
  roles?: readonly Role[];
  handle(ctx: CommandContext<z.output<S>>): Promise<CommandOutcome>;
}

export interface RouteContext {
  db: Db;
  dialect: DialectName;
  /** preHandler that answers 401 without a valid token and sets `request.user` / `request.scope`. */
  authenticate: Authenticate;
  /** Typed, validated, documented (OpenAPI) route; prefer it over raw `app.get`. */
  route: RouteHelper;
  now(): Date;
  log: FastifyBaseLogger;
}

export interface SeedPerson {
  id: string;
  municipalityId: string;
  departmentId: string;
  firstName: string;
  lastName: string;
  jobTitle: string;
  email: string;
  managerId: string | null;
}

export interface SeedUser {
  id: string;
  username: string;
  personId: string | null;
  municipalityId: string;
  roles: Role[];
}

export interface SeedContext {
  trx: Trx;
  dialect: DialectName;
  /** Deterministic: the same seed options give the same data. Use only this, never Math.random. */
  rng: Prng;
  /** The demo's "today", YYYY-MM-DD (defaults to the real date). */
  today: string;
  /** Requested number of people (the directory's size); scale your volume with it if useful. */
  size: number;
  municipalities: ReadonlyArray<{ id: string; name: string; postcode: string; emailDomain: string }>;
  departments: ReadonlyArray<{ id: string; municipalityId: string; name: string; parentId: string | null }>;
  people: readonly SeedPerson[];
  /** The demo accounts (username "demo", "secretariaat", "financien", ...). */
  users: readonly SeedUser[];
}

export interface ServerFeature {
  /** Lower-case, e.g. "agenda"; the prefix of its command types ("agenda.xxx"). */
  name: string;
  migrations: readonly ServerMigration[];
  collections: Partial<Record<Collection, SyncedCollection>>;
  /** Full command type ("letters.reserve") -> handler. */
  commands: Record<string, CommandHandler>;
  routes?(app: FastifyInstance, ctx: RouteContext): void | Promise<void>;
  seed?(ctx: SeedContext): Promise<void>;
  /** Called by a directory import, in its transaction, after it deleted leavers (never on a dry run's commit). */
  onPeopleRemoved?(ctx: PeopleRemovedContext): Promise<void>;
}

/** A person a directory import removed (a leaver). */
export interface RemovedPerson {
  personId: string;
  /** "Firstname Lastname", for "meant for ..." labels. */
  name: string;
  /** The nearest manager who stays (walking up past other leavers), or null. */
  successorId: string | null;
  successorName: string | null;
}

export interface PeopleRemovedContext {
  trx: Trx;
  dialect: DialectName;
  now: Date;
  municipalityId: string;
  removed: readonly RemovedPerson[];
  /** Something the feature could not resolve; a reason without personal data (shown to IT). */
  warn(reason: string): void;
}
