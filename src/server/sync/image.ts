/**
 * Prebuilt images of a view's shared collections, for a fresh desktop's first sync (issue 12).
 *
 * A sync from scratch of 100,000 people spends most of its time building the desktop's search
 * index, the same index on every desktop of a view. Here the server builds it once: a worker
 * thread applies the view's snapshot pages (phase 1 of snapshot.ts, the same cached pages) into a
 * fresh desktop cache with the desktop's own code (main/core/sync/image.ts `buildImage`), and the
 * file is served with its SHA-256 and the cursor that starts phase 2. The desktop copies its tables
 * in one transaction and pulls on from that cursor (the user's own collections, then the log).
 *
 * Why nothing is skipped: the image holds exactly what phase 1 sends up to the view's horizon h,
 * and the cursor is the one the last phase-1 page carries, so phases 2 and 3 follow as after the
 * pages. An image stays correct as it ages: every change after h comes in phase 3 (deletes
 * included); it is rebuilt in the background after `maxAgeMs` so that catching up stays short. A
 * restore changes the epoch, which is part of an image's key (and of its cursor: a desktop that
 * took an image of another epoch gets `reset` on its next pull).
 *
 * Served only when asked with the desktop's cache schema hash (`schema`: its tables and the row rules
 * of its build, `cacheSchemaHash`) equal to the builder's, and
 * for views with at least `minRows` shared rows (a small directory syncs as fast from pages). The
 * first asker of a view starts the build and takes the pages meanwhile (404 `image_not_ready`).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { freshCacheSchemaHash } from '../../main/core/sync/image.js';
import type { ScopeWithVersion } from '../auth/scope.js';
import type { ServerDatabase } from '../db/open.js';
import type { SyncedCollection } from '../features/types.js';
import { readEpoch } from './pull.js';
import { sharedView, snapshotPages, snapshotStart, type SnapshotCache } from './snapshot.js';

export interface ImageOptions {
  /** Views with fewer shared rows get pages (default 5,000). */
  minRows?: number;
  /** Rebuild an image in the background when it is older than this (ms), default 30 min. */
  maxAgeMs?: number;
  /** Images kept on disk (least recently served dropped first), default 8. */
  keep?: number;
}

export interface Image {
  file: string;
  sha256: string;
  bytes: number;
  /** The cursor that starts phase 2 for this view (encoded). */
  cursor: string;
  rows: number;
  builtAt: number;
}

export type ImageAnswer = { image: Image } | { none: 'no_image' | 'image_schema_mismatch' | 'image_not_ready' };

/** A builder in a worker thread: the pages go in, one file comes out. */
export type BuildImage = (file: string, pages: (post: (json: Buffer) => void) => Promise<string>) => Promise<{ rows: number; schema: string }>;

export function workerEntry(): URL {
  const ts = new URL('./image-worker.ts', import.meta.url);
  return existsSync(fileURLToPath(ts)) ? ts : new URL('./image-worker.js', import.meta.url);
}

/** Builds in a worker thread: the server's event loop keeps answering while 100,000 rows are indexed. */
export const workerBuild: BuildImage = (file, pages) =>
  new Promise((resolve, reject) => {
    const entry = workerEntry();
    const workerData = { file };
    // From source (tsx, vitest) a worker thread does not inherit tsx's loader: register it first.
    const worker = entry.pathname.endsWith('.ts')
      ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`, { eval: true, name: 'pop-image', workerData })
      : new Worker(entry, { name: 'pop-image', workerData });
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      reject(err instanceof Error ? err : new Error(String(err)));
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the image worker stopped (${code})`)));
    worker.on('message', (message: { done?: { rows: number; schema: string }; error?: string }) => {
      if (message.error !== undefined) fail(new Error(message.error));
      else if (message.done && !settled) {
        settled = true;
        void worker.terminate();
        resolve(message.done);
      }
    });
    pages((json) => worker.postMessage({ page: json }))
      .then(() => worker.postMessage({ finish: true }))
      .catch(fail);
  });

/** Remove a file; on Windows one being downloaded cannot be: it goes with the folder at close(). */
function remove(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // still open for a download
  }
}

const FOLDER_PREFIX = 'pop-images-';
/** After a failed build, the pages for this long before the next try. */
const RETRY_FAILED_MS = 5 * 60_000;

/** Folders of server processes that are gone (killed: close() never ran): staff data is not left in the temp folder. */
function removeDeadFolders(): void {
  let names: string[] = [];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^pop-images-(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid || alive(pid)) continue;
    try {
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
    } catch {
      // not ours to remove (another user's), or in use
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export class ImageStore {
  readonly stats = { builds: 0, failures: 0, served: 0 };
  private builderSchema: string | null = null;
  readonly minRows: number;
  readonly maxAgeMs: number;
  readonly keep: number;
  private readonly images = new Map<string, Image>();
  private readonly building = new Map<string, Promise<Image | null>>();
  private readonly failedAt = new Map<string, number>();
  private dir: string | null = null;
  private closed = false;

  constructor(
    options: ImageOptions = {},
    private readonly onError: (err: unknown) => void = () => undefined,
    private readonly build: BuildImage = workerBuild,
  ) {
    this.minRows = options.minRows ?? 5_000;
    this.maxAgeMs = options.maxAgeMs ?? 30 * 60_000;
    this.keep = Math.max(1, options.keep ?? 8);
  }

  /** The schema hash of the caches this server's builder makes (the desktop's must equal it); worked out once, when first asked. */
  get schema(): string {
    this.builderSchema ??= freshCacheSchemaHash();
    return this.builderSchema;
  }

  /** The image for this pull's view, or why there is none (a missing or old one starts a build). */
  async lookup(database: ServerDatabase, snapshots: SnapshotCache, collections: Map<string, SyncedCollection>, scope: ScopeWithVersion, schema: string, now: Date): Promise<ImageAnswer> {
    if (this.closed) return { none: 'no_image' };
    if (schema !== this.schema) return { none: 'image_schema_mismatch' };
    const view = sharedView(collections, scope);
    if (!view) return { none: 'no_image' };
    const epoch = await readEpoch(database.kysely);
    const id = `${epoch}|${view.key}`;
    const image = this.images.get(id);
    if (image && existsSync(image.file)) {
      if (Date.now() - image.builtAt > this.maxAgeMs) void this.startBuild(id, database, snapshots, collections, scope, epoch, now);
      this.images.delete(id);
      this.images.set(id, image);
      this.stats.served += 1;
      return { image };
    }
    // A build that failed (a full disk, no worker entry in this build) is not retried for a while.
    if (Date.now() - (this.failedAt.get(id) ?? -Infinity) < RETRY_FAILED_MS) return { none: 'no_image' };
    const start = await snapshotStart(database, snapshots, view, scope, epoch);
    if ((start.n ?? 0) < this.minRows) return { none: 'no_image' };
    void this.startBuild(id, database, snapshots, collections, scope, epoch, now);
    return { none: 'image_not_ready' };
  }

  /** Wait for the builds running now (tests, the bench). */
  async settled(): Promise<void> {
    await Promise.all([...this.building.values()]);
  }

  /** Stop serving and remove the files (a build still running finishes into nothing). */
  close(): void {
    this.closed = true;
    this.images.clear();
    if (this.dir) {
      try {
        rmSync(this.dir, { recursive: true, force: true });
      } catch {
        // a file still open for a download (Windows): the OS's temp folder cleanup takes it
      }
    }
    this.dir = null;
  }

  private startBuild(id: string, database: ServerDatabase, snapshots: SnapshotCache, collections: Map<string, SyncedCollection>, scope: ScopeWithVersion, epoch: string, now: Date): Promise<Image | null> {
    const running = this.building.get(id);
    if (running) return running;
    const made = this.make(id, database, snapshots, collections, scope, epoch, now)
      .catch((err: unknown) => {
        this.stats.failures += 1;
        this.failedAt.set(id, Date.now());
        this.onError(err);
        return null;
      })
      .finally(() => this.building.delete(id));
    this.building.set(id, made);
    return made;
  }

  private async make(id: string, database: ServerDatabase, snapshots: SnapshotCache, collections: Map<string, SyncedCollection>, scope: ScopeWithVersion, epoch: string, now: Date): Promise<Image | null> {
    const view = sharedView(collections, scope);
    if (!view) return null;
    if (!this.dir) {
      removeDeadFolders();
      this.dir = mkdtempSync(join(tmpdir(), `${FOLDER_PREFIX}${process.pid}-`));
    }
    const file = join(this.dir, `${randomUUID()}.sqlite`);
    this.stats.builds += 1;
    let cursor = '';
    try {
      const start = await snapshotStart(database, snapshots, view, scope, epoch);
      const built = await this.build(file, async (post) => {
        cursor = await snapshotPages(database, snapshots, view, scope, start, now, async (json) => {
          if (this.closed) throw new Error('closed');
          post(json);
        });
        return cursor;
      });
      if (built.schema !== this.schema) throw new Error('the image builder made another schema than this server announces');
      if (this.closed) throw new Error('closed');
      const image: Image = { file, sha256: await sha256Of(file), bytes: statSync(file).size, cursor, rows: built.rows, builtAt: Date.now() };
      const old = this.images.get(id);
      this.images.set(id, image);
      // Linux keeps an old file readable for downloads still running; elsewhere a failed removal is left to close().
      if (old) remove(old.file);
      while (this.images.size > this.keep) {
        const [oldest, dropped] = this.images.entries().next().value as [string, Image];
        this.images.delete(oldest);
        remove(dropped.file);
      }
      return image;
    } catch (err) {
      remove(file);
      if (this.closed) return null;
      throw err;
    }
  }
}
