/**
 * The wire protocol between the desktop core and the municipal backend (HTTP, JSON).
 * Both sides validate every payload with these schemas; a mismatch is a clear error, never a crash.
 *
 *   POST /api/v1/auth/login        LoginRequest            -> LoginResponse
 *   GET  /api/v1/me                                        -> SessionUser
 *   GET  /api/v1/sync/pull?cursor=&limit=                  -> PullResponse
 *   POST /api/v1/sync/push         PushRequest             -> PushResponse
 *   GET  /api/v1/health                                    -> Health
 *   POST /api/v1/auth/logout                               -> 204 (ends the session of the token)
 *   POST /api/v1/auth/refresh                              -> LoginResponse (new local session, old token revoked)
 *   GET  /api/v1/sync/events                               -> text/event-stream (SyncEventName)
 *   POST /api/v1/sync/problems     SyncProblemsRequest     -> { received } (rows the desktop quarantined)
 *   GET  /api/v1/openapi.json                              -> OpenAPI 3.1 document of every route
 *
 * Every request carries `X-Pop-Protocol: <PROTOCOL_VERSION>`; the server answers 426 with
 * ProtocolMismatch when it cannot speak that version (old client, newer server or the reverse).
 * Optionally `X-Pop-Client-Version: <app semver>`: below the server's minClientVersion -> 426 too.
 * Signed-in requests carry `Authorization: Bearer <token>`; 401 `unauthenticated` = sign in again.
 * Errors are always ApiError `{ error, message }` with the HTTP status (400 invalid_input,
 * 401, 403 forbidden, 404, 413 payload_too_large, 415, 426 protocol_mismatch, 500 internal,
 * 503 unavailable: the database is passing away, try again after Retry-After).
 */
import { z } from 'zod';
import { Department, Id, Municipality, Person, PersonPhoto } from '../domain/directory.js';
import { AgendaItem, GoverningBody, Meeting } from '../domain/agenda.js';
import { ApprovalRequest } from '../domain/approvals.js';
import { PersonAbsence } from '../domain/requests.js';
import { PublishedBudgetKey, PurchaseOrder } from '../domain/orders.js';
import { Letter } from '../domain/letters.js';

export const PROTOCOL_VERSION = 1;
export const PROTOCOL_HEADER = 'x-pop-protocol';

/** Max changes per pull page; the server clamps `limit` to this. */
export const MAX_PULL_LIMIT = 2000;
/** Max commands per push. */
export const MAX_PUSH_COMMANDS = 200;

export const ApiError = z.object({
  error: z.string(),
  message: z.string(),
});
export type ApiError = z.infer<typeof ApiError>;

export const ProtocolMismatch = ApiError.extend({
  error: z.literal('protocol_mismatch'),
  serverProtocol: z.number().int(),
  minClientVersion: z.string().nullable(),
});

export const Role = z.enum([
  'staff', // every employee: directory, birthdays, own approvals/orders/letters
  'secretariat', // letter register, closed agenda items of all bodies
  'finance', // financial director: visum on orders
  'population', // burgerzaken: citizen lookup
  'population_nrn', // may see national numbers in citizen detail
  'dpo', // data-protection officer: lookup log
  'admin', // IT
]);
export type Role = z.infer<typeof Role>;

export const SessionUser = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  municipalityId: Id,
  /** The staff member this account belongs to (for "my" approvals, orders, letters). */
  personId: Id.nullable(),
  roles: z.array(Role),
});
export type SessionUser = z.infer<typeof SessionUser>;

export const LoginRequest = z.object({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(200),
});
export const LoginResponse = z.object({
  token: z.string().min(16),
  expiresAt: z.string().datetime(),
  user: SessionUser,
});
export type LoginResponse = z.infer<typeof LoginResponse>;

/** Collections the desktop caches. Later features add theirs here (additively). */
export const Collection = z.enum(['municipalities', 'departments', 'people', 'agendaBodies', 'agendaMeetings', 'agendaItems', 'approvalRequests', 'purchaseOrders', 'letters', 'personPhotos', 'absences', 'budgetKeys']);
export type Collection = z.infer<typeof Collection>;

/**
 * A pull may say which collections the desktop knows: `?collections=people,departments,...`
 * (sorted, comma-separated; names this server does not serve are ignored). The server sends only
 * those, and a cursor made for another set answers `reset` (a desktop upgraded to a build that knows
 * a new collection re-syncs once and gets it whole). A pull WITHOUT the parameter comes from a
 * build that predates it and gets only LEGACY_COLLECTIONS: a collection added later never reaches
 * a desktop that cannot read it.
 */
export const PULL_COLLECTIONS_PARAM = 'collections';
/**
 * A fresh desktop's first sync may start from a prebuilt image of its view's shared collections
 * (server/sync/image.ts, main/core/sync/image.ts): `GET IMAGE_PATH?collections=...&schema=<its
 * cache schema hash>` answers the SQLite file, its SHA-256 (hex) and the cursor to pull on from in
 * these headers, or 404 (`no_image`, `image_not_ready`, `image_schema_mismatch`): then the pages.
 */
export const IMAGE_PATH = '/api/v1/sync/image';
export const IMAGE_SCHEMA_PARAM = 'schema';
export const IMAGE_SHA256_HEADER = 'x-pop-image-sha256';
export const IMAGE_CURSOR_HEADER = 'x-pop-image-cursor';
export const LEGACY_COLLECTIONS: readonly Collection[] = ['municipalities', 'departments', 'people', 'agendaBodies', 'agendaMeetings', 'agendaItems', 'approvalRequests', 'purchaseOrders', 'letters'];

export const RowSchemas = {
  municipalities: Municipality,
  departments: Department,
  people: Person,
  agendaBodies: GoverningBody,
  agendaMeetings: Meeting,
  agendaItems: AgendaItem,
  approvalRequests: ApprovalRequest,
  purchaseOrders: PurchaseOrder,
  letters: Letter,
  personPhotos: PersonPhoto,
  absences: PersonAbsence,
  budgetKeys: PublishedBudgetKey,
} as const satisfies Record<Collection, z.ZodType>;

/** One change: an upsert carries the full row as the user may see it, a delete only the id. */
export const Change = z.discriminatedUnion('op', [
  z.object({ op: z.literal('upsert'), collection: Collection, id: Id, data: z.record(z.string(), z.unknown()) }),
  z.object({ op: z.literal('delete'), collection: Collection, id: Id }),
]);
export type Change = z.infer<typeof Change>;

/** A sync cursor: opaque to the client, stored with the data it goes with (a page's, an image's). */
export const SyncCursor = z.string().min(1).max(500);

export const PullResponse = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  /**
   * true: the cursor is from another server epoch (restored/reset database) or the user's scope
   * changed: the client must drop its synced collections (never its outbox) and pull from scratch.
   * The server already answers this response FROM SCRATCH: drop, then apply `changes` and store
   * `cursor` in the same transaction, and go on pulling while `hasMore`.
   * (A pull without cursor is also from scratch, with `reset: false`; a sync from scratch carries
   * no deletes of rows deleted before it started, on any of its pages.)
   */
  reset: z.boolean(),
  /** Opaque; the client stores it with the data of the page in one transaction. */
  cursor: SyncCursor,
  hasMore: z.boolean(),
  /** Approximate number of changes left after this page (for first-sync progress), or null. */
  remaining: z.number().int().nonnegative().nullable(),
  /**
   * PostgreSQL: committed changes for this user wait above the visibility horizon (an older
   * transaction, possibly of another database in the cluster, is still open), so this page could
   * not include them yet. The client pulls again shortly (with backoff) until `held` is false.
   * Added to protocol 1 (absent = false).
   */
  held: z.boolean().default(false),
  changes: z.array(Change).max(MAX_PULL_LIMIT),
});
export type PullResponse = z.infer<typeof PullResponse>;

/**
 * What a desktop accepts as a pull page: the same, except that changes of collections this build
 * does not know yet are dropped before validation. A backend is often upgraded before every desktop
 * is (IT pushes updates in stages): a new collection must not stop an older desktop's sync. A change
 * of a KNOWN collection is still validated in full.
 */
export const PullResponseForClient = PullResponse.extend({
  changes: z
    .array(z.unknown())
    .max(MAX_PULL_LIMIT)
    .transform((items) =>
      items.filter((item) => {
        const collection = typeof item === 'object' && item !== null ? (item as { collection?: unknown }).collection : undefined;
        return typeof collection !== 'string' || (Collection.options as readonly string[]).includes(collection);
      }),
    )
    .pipe(z.array(Change)),
});

/** A command from the desktop outbox. Types and payloads are defined per feature. */
export const Command = z.object({
  seq: z.number().int().positive(),
  type: z.string().min(1).max(64),
  payload: z.record(z.string(), z.unknown()),
  /** ISO time the user did it (shown in history; the server keeps its own time too). */
  createdAt: z.string().datetime(),
});
export type Command = z.infer<typeof Command>;

export const PushRequest = z.object({
  clientId: z.string().uuid(),
  commands: z.array(Command).min(1).max(MAX_PUSH_COMMANDS),
});
export type PushRequest = z.infer<typeof PushRequest>;

export const CommandResult = z.discriminatedUnion('status', [
  z.object({ seq: z.number().int(), status: z.literal('applied'), result: z.record(z.string(), z.unknown()) }),
  /** A rule said no (final): `reason` is a code, `message` readable by the user (nl-BE). */
  z.object({ seq: z.number().int(), status: z.literal('rejected'), reason: z.string(), message: z.string() }),
  /**
   * Not decided: the command stays in the outbox and is sent again later with backoff. Nothing of
   * it was stored or applied. `reason` (RETRY_REASONS): the database is passing away, a server bug,
   * a command not attempted after one of those (order is kept), or `client_seq_reused`: this
   * (client id, seq) already names ANOTHER command (a desktop restored from an older copy) —
   * the desktop takes a new client id and sends its queue again under it.
   * (Added to protocol 1: an older desktop cannot parse it and keeps its queue, which is safe.)
   */
  z.object({ seq: z.number().int(), status: z.literal('retry'), reason: z.string(), message: z.string() }),
]);

export const RETRY_REASONS = {
  unavailable: 'unavailable',
  internalError: 'internal_error',
  notAttempted: 'not_attempted',
  clientSeqReused: 'client_seq_reused',
} as const;
export type CommandResult = z.infer<typeof CommandResult>;

export const PushResponse = z.object({ results: z.array(CommandResult) });
export type PushResponse = z.infer<typeof PushResponse>;

/**
 * A row the desktop could not accept (it failed its row schema, or its id does not match): the
 * desktop skips it, applies the rest of the page, and tells the server which one and why (the
 * reason names fields and rules, never values), so IT can find the bad source record.
 */
export const SyncProblem = z.object({
  collection: Collection,
  id: Id,
  reason: z.string().min(1).max(300),
});
export type SyncProblem = z.infer<typeof SyncProblem>;
export const SyncProblemsRequest = z.object({ problems: z.array(SyncProblem).min(1).max(MAX_PULL_LIMIT) });
export const SyncProblemsResponse = z.object({ received: z.number().int().nonnegative() });

export const Health = z.object({
  status: z.literal('ok'),
  version: z.string(),
  protocol: z.number().int(),
  database: z.enum(['sqlite', 'postgres']),
  minClientVersion: z.string().nullable(),
});
export type Health = z.infer<typeof Health>;

/**
 * GET /api/v1/sync/events (Bearer auth): server-sent events telling a signed-in client that
 * changes are available for it (no data: pull to get them). Polling stays the fallback.
 *   event: ready            data: {"protocol":1}  (once, when the stream is open)
 *   event: changes          data: {}              (coalesced; pull now)
 *   event: unauthenticated  data: {}              (the session ended; the stream closes)
 * Comment lines (": ping") every ~20 s keep proxies from closing the stream.
 */
export const SYNC_EVENTS_PATH = '/api/v1/sync/events';
export const SyncEventName = z.enum(['ready', 'changes', 'unauthenticated']);
export type SyncEventName = z.infer<typeof SyncEventName>;
export const CLIENT_VERSION_HEADER = 'x-pop-client-version';
/** One id per call (a UUID from the desktop, else the server's): both sides log it; answers echo it. */
export const REQUEST_ID_HEADER = 'x-request-id';
/** Default and max `limit` of a pull page. */
export const DEFAULT_PULL_LIMIT = 1000;
