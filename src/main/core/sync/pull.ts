/**
 * The sync pull. Each page is validated completely first (envelope and every row against
 * `RowSchemas`), then applied in ONE transaction together with its cursor: a malformed page changes
 * nothing, and a crash mid-sync leaves the cache at the last complete page. `reset` drops every
 * synced collection (never the outbox) before the page is applied.
 *
 * One bad ROW does not stop the sync: it is quarantined (skipped, its collection, id and reason
 * handed to `onQuarantine`, which logs it and reports it to the server) and the rest of the page
 * goes in. A bad page ENVELOPE (broken JSON, wrong protocol, unknown shape) still changes nothing.
 */
import { z } from 'zod';
import {
  Collection,
  IMAGE_CURSOR_HEADER,
  IMAGE_PATH,
  IMAGE_SCHEMA_PARAM,
  IMAGE_SHA256_HEADER,
  MAX_PULL_LIMIT,
  PULL_COLLECTIONS_PARAM,
  PullResponse,
  PullResponseForClient,
  RowSchemas,
  SyncCursor,
  type Change,
  type SyncProblem,
} from '../../../shared/sync/protocol.js';
import { describeZodError } from '../../../shared/validation.js';
import { bulkPageCache } from '../cache/db.js';
import type { BackendClient, CacheDb, CollectionCache, CoreFeature, Download } from '../features/types.js';
import { BackendError } from './http.js';
import { pendingCommands } from './outbox.js';
import { featureOfCommand } from './outbox.js';
import { getState, setState } from './state.js';
import { adoptImage, cacheSchemaHash, IMAGE_COLLECTIONS, imageFileOf, ImageRejected, removeImageLeftovers } from './image.js';

type AnyCache = CollectionCache<Collection>;

export type ValidChange = { op: 'upsert'; collection: Collection; id: string; row: Record<string, unknown> } | { op: 'delete'; collection: Collection; id: string };

export interface PageOutcome {
  applied: number;
  collections: Set<Collection>;
  quarantined: SyncProblem[];
}

/** The feature cache of a collection, or undefined when no feature of this build caches it (skipped). */
function cacheOf(features: readonly CoreFeature<never>[], collection: Collection): AnyCache | undefined {
  for (const feature of features) {
    const cache = feature.collections[collection] as AnyCache | undefined;
    if (cache) return cache;
  }
  return undefined;
}

export interface ValidatedPage {
  valid: ValidChange[];
  quarantined: SyncProblem[];
}

/** Validate every change of a page: the valid ones, and the rows that failed (with the reason, no values). */
export function validateChanges(changes: Change[]): ValidatedPage {
  const valid: ValidChange[] = [];
  const quarantined: SyncProblem[] = [];
  for (const change of changes) {
    if (change.op === 'delete') {
      valid.push(change);
      continue;
    }
    const schema = RowSchemas[change.collection] as z.ZodType<Record<string, unknown>>;
    const parsed = schema.safeParse(change.data);
    if (!parsed.success) {
      quarantined.push({ collection: change.collection, id: change.id, reason: describeZodError(parsed.error).slice(0, 300) });
    } else if (parsed.data.id !== change.id) {
      quarantined.push({ collection: change.collection, id: change.id, reason: 'the row carries another id than its change' });
    } else {
      valid.push({ op: 'upsert', collection: change.collection, id: change.id, row: parsed.data });
    }
  }
  return { valid, quarantined };
}

/** The collections this build's features cache, sorted: sent with every pull (PULL_COLLECTIONS_PARAM). */
export function knownCollections(features: readonly CoreFeature<never>[]): string {
  return features.flatMap((f) => Object.keys(f.collections)).sort().join(',');
}

export function clearSynced(db: CacheDb, features: readonly CoreFeature<never>[]): void {
  for (const feature of features) {
    for (const cache of Object.values(feature.collections) as AnyCache[]) cache.clear(db);
  }
  setState(db, 'cursor', null);
  setState(db, 'ready', null);
}

/**
 * Apply one validated page in one transaction (rows, cursor, completion, pending effects).
 * `fresh`: this page starts a sync from scratch (asked without a cursor, or the server said
 * `reset`): the features' bulk loads begin in this transaction (state `bulk`), later pages go on
 * in bulk (also after a restart), and the last page finishes them in its own transaction.
 * While a bulk load runs the page cache is the large one (`bulkPageCache`), set back after the
 * page that finishes it (or fails outside a bulk load).
 */
export function applyPage(db: CacheDb, features: readonly CoreFeature<never>[], page: z.input<typeof PullResponse>, now: Date, options: { fresh?: boolean } = {}): PageOutcome {
  const { valid: changes, quarantined } = validateChanges(page.changes);
  const outcome: PageOutcome = { applied: 0, collections: new Set(), quarantined };
  const inBulk = () => getState(db, 'bulk') === '1';
  const bulkPage = inBulk() || Boolean(options.fresh || page.reset);
  if (bulkPage) bulkPageCache(db, true);
  try {
    applyInTransaction(db, features, page, now, changes, outcome, options);
  } finally {
    if (bulkPage && !inBulk()) bulkPageCache(db, false);
  }
  return outcome;
}

function applyInTransaction(
  db: CacheDb,
  features: readonly CoreFeature<never>[],
  page: z.input<typeof PullResponse>,
  now: Date,
  changes: ValidChange[],
  outcome: PageOutcome,
  options: { fresh?: boolean },
): void {
  db.transaction(() => {
    if (page.reset) {
      clearSynced(db, features);
      for (const c of Collection.options) outcome.collections.add(c);
    }
    let bulk = getState(db, 'bulk') === '1';
    if (!bulk && (options.fresh || page.reset)) {
      for (const feature of features) feature.bulk?.begin(db);
      setState(db, 'bulk', '1');
      bulk = true;
    }
    for (const change of changes) {
      const cache = cacheOf(features, change.collection);
      if (!cache) continue;
      if (change.op === 'upsert') (bulk && cache.bulkUpsert ? cache.bulkUpsert : cache.upsert)(db, change.row as never);
      else cache.delete(db, change.id);
      outcome.collections.add(change.collection);
      outcome.applied += 1;
    }
    setState(db, 'cursor', page.cursor);
    if (!page.hasMore) {
      if (bulk) {
        for (const feature of features) feature.bulk?.finish(db);
        setState(db, 'bulk', null);
      }
      setState(db, 'ready', '1');
      setState(db, 'last_sync_at', now.toISOString());
    }
    if (changes.length > 0) {
      for (const command of pendingCommands(db, 10_000)) featureOfCommand(features, command.type)?.reapplyPending?.(db, command);
    }
  })();
}

export interface PullProgress {
  applied: number;
  remaining: number | null;
}

export interface PullOutcome {
  /** The collections that changed. */
  changed: Set<Collection>;
  /** The server holds committed changes back above its visibility horizon: pull again shortly. */
  held: boolean;
}

export interface PullOptions {
  now: () => Date;
  limit?: number;
  onProgress?(progress: PullProgress): void;
  maxPages?: number;
  onQuarantine?(problems: SyncProblem[]): void;
  /** false: a fresh cache takes the pages, never an image (default: an image when the server has one). */
  image?: boolean;
  /** Told what became of an image: taken (tables, rows), or why not (never personal data). */
  onImage?(outcome: ImageOutcome): void;
}

export type ImageOutcome = { taken: true; tables: number; rows: number; bytes: number } | { taken: false; reason: string };

/** Largest image a desktop downloads (100,000 people with their search index are ~60 MB). */
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024 * 1024;

/**
 * Download and adopt the view's image into this fresh cache; null when there is none or it does
 * not fit (the pages follow). Errors of the network and the session are thrown: the pages would
 * meet them too.
 */
async function takeImage(
  db: CacheDb,
  backend: BackendClient,
  features: readonly CoreFeature<never>[],
  onImage: ((outcome: ImageOutcome) => void) | undefined,
  onCursor: (cursor: string) => void,
): Promise<{ rows: number } | null> {
  if (!backend.download || !db.name || db.memory) return null;
  const file = imageFileOf(db.name);
  const not = (reason: string) => {
    onImage?.({ taken: false, reason });
    return null;
  };
  try {
    let got: Download;
    try {
      got = await backend.download(IMAGE_PATH, {
        query: { [PULL_COLLECTIONS_PARAM]: knownCollections(features), [IMAGE_SCHEMA_PARAM]: cacheSchemaHash(db) },
        file,
        maxBytes: MAX_IMAGE_BYTES,
        onHeaders(headers) {
          const cursor = SyncCursor.safeParse(headers[IMAGE_CURSOR_HEADER]);
          if (cursor.success) onCursor(cursor.data);
        },
      });
    } catch (err) {
      if (err instanceof BackendError && (err.reason === 'offline' || err.reason === 'unauthenticated')) throw err;
      return not(err instanceof BackendError ? (err.apiCode ?? err.reason) : 'download_failed');
    }
    const cursor = SyncCursor.safeParse(got.headers[IMAGE_CURSOR_HEADER]);
    if (got.headers[IMAGE_SHA256_HEADER] !== got.sha256) return not('sha256_mismatch');
    if (!cursor.success) return not('no_cursor');
    try {
      const adopted = adoptImage(db, features, file, cursor.data);
      onImage?.({ taken: true, tables: adopted.tables, rows: adopted.rows, bytes: got.bytes });
      return { rows: adopted.rows };
    } catch (err) {
      // A rejected or unreadable image changed nothing (one transaction): the pages follow.
      return not(err instanceof ImageRejected ? err.message : `unreadable: ${err instanceof Error ? ((err as { code?: string }).code ?? err.name) : 'unknown'}`);
    }
  } finally {
    removeImageLeftovers(db.name);
  }
}

/** Pull pages until the server has no more. */
export async function pullAll(
  db: CacheDb,
  backend: BackendClient,
  features: readonly CoreFeature<never>[],
  options: PullOptions,
): Promise<PullOutcome> {
  const changed = new Set<Collection>();
  let applied = 0;
  const fetchPage = (cursor: string | null): Promise<PullResponse> => {
    const query: Record<string, string> = { limit: String(options.limit ?? MAX_PULL_LIMIT), [PULL_COLLECTIONS_PARAM]: knownCollections(features) };
    if (cursor) query.cursor = cursor;
    return backend.request('GET', '/api/v1/sync/pull', { query, schema: PullResponseForClient });
  };
  let cursor = getState(db, 'cursor');
  let next: Promise<PullResponse> | null = null;
  // A fresh cache starts from the view's prebuilt image when the server has one (image.ts). The
  // page after it is asked for as soon as the image's cursor is known, while the file arrives.
  if (cursor === null && options.image !== false) {
    let early: { cursor: string; page: Promise<PullResponse> } | null = null;
    const taken = await takeImage(db, backend, features, options.onImage, (imageCursor) => {
      early = { cursor: imageCursor, page: fetchPage(imageCursor) };
      early.page.catch(() => undefined);
    });
    const asked = early as { cursor: string; page: Promise<PullResponse> } | null;
    if (taken) {
      for (const c of IMAGE_COLLECTIONS) changed.add(c);
      applied += taken.rows;
      options.onProgress?.({ applied, remaining: null });
    }
    // Read again whatever happened: the download awaited, and the cache's cursor is the truth.
    cursor = getState(db, 'cursor');
    if (taken && asked && asked.cursor === cursor) next = asked.page;
  }
  const maxPages = options.maxPages ?? 100_000;
  next ??= fetchPage(cursor);
  try {
    for (let pageNo = 0; pageNo < maxPages; pageNo++) {
      const page: PullResponse = await next!;
      next = null;
      if (page.hasMore && page.cursor === cursor && page.changes.length === 0 && !page.reset) {
        throw new BackendError('bad_response', 'The server says there is more but does not move the cursor');
      }
      // Ask for the next page while this one is applied: its cursor is known, nothing is stored
      // before this page's transaction commits, and a failure here drops that request unused.
      if (page.hasMore && pageNo + 1 < maxPages) next = fetchPage(page.cursor);
      const outcome = applyPage(db, features, page, options.now(), { fresh: cursor === null || page.reset });
      cursor = page.cursor;
      if (outcome.quarantined.length > 0) options.onQuarantine?.(outcome.quarantined);
      for (const c of outcome.collections) changed.add(c);
      applied += outcome.applied;
      options.onProgress?.({ applied, remaining: page.hasMore ? page.remaining : 0 });
      if (!page.hasMore) return { changed, held: page.held };
    }
  } finally {
    // A page asked for ahead and not used (an error, maxPages): its failure is nobody's business.
    (next as Promise<PullResponse> | null)?.catch(() => undefined);
  }
  throw new BackendError('bad_response', `The server kept sending pages (more than ${maxPages})`);
}
