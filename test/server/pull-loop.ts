/**
 * The one pull loop of the test helpers (SyncClient, guarded-helpers' pullAll, work-helpers'
 * pullAll): pages until caught up; a page that says `held` (PostgreSQL: committed changes wait above
 * the visibility horizon) is pulled again shortly. `pullQuery` lists every collection, as a desktop
 * of this build does (PULL_COLLECTIONS_PARAM).
 */
import { Collection, PULL_COLLECTIONS_PARAM } from '../../src/shared/sync/protocol.js';

/** Every collection of this build, sorted (what the desktop core sends). */
export const ALL_COLLECTIONS = [...Collection.options].sort().join(',');

export function pullQuery(cursor: string | null, limit: number, collections: string | null = ALL_COLLECTIONS): string {
  const q = new URLSearchParams({ limit: String(limit) });
  if (collections !== null) q.set(PULL_COLLECTIONS_PARAM, collections);
  if (cursor) q.set('cursor', cursor);
  return `/api/v1/sync/pull?${q}`;
}

/** Calls `pullPage` with the last cursor until a page has no more and holds nothing back. */
export async function pullLoop(pullPage: (cursor: string | null) => Promise<{ cursor: string; hasMore: boolean; held?: boolean }>, maxPages = 1000): Promise<void> {
  let cursor: string | null = null;
  for (let i = 0; i < maxPages; i++) {
    const page = await pullPage(cursor);
    cursor = page.cursor;
    if (!page.hasMore && !page.held) return;
    if (page.held) await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('pull did not finish');
}
