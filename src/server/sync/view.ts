/**
 * Which collections one pull serves (see PULL_COLLECTIONS_PARAM in shared/sync/protocol.ts): the
 * ones the desktop lists that this server serves, or LEGACY_COLLECTIONS when it lists none. The set
 * is folded into the scope version the cursor carries, so a cursor made for another set answers
 * `reset` and the desktop pulls that set from scratch. Pulls without the parameter keep the plain
 * scope version (their cursors stay valid).
 */
import { createHash } from 'node:crypto';
import { LEGACY_COLLECTIONS } from '../../shared/sync/protocol.js';
import type { ScopeWithVersion } from '../auth/scope.js';
import type { SyncedCollection } from '../features/types.js';

export interface PullView {
  collections: Map<string, SyncedCollection>;
  scope: ScopeWithVersion;
}

/** `listed`: the raw `collections` query value, or undefined when the desktop did not send it. */
export function pullView(served: Map<string, SyncedCollection>, scope: ScopeWithVersion, listed: string | undefined): PullView {
  const names = listed === undefined ? LEGACY_COLLECTIONS : listed.split(',').map((n) => n.trim());
  const collections = new Map<string, SyncedCollection>();
  for (const name of [...new Set(names)].sort()) {
    const c = served.get(name);
    if (c) collections.set(name, c);
  }
  if (listed === undefined) return { collections, scope };
  const set = createHash('sha256').update([...collections.keys()].join(',')).digest('base64url').slice(0, 10);
  return { collections, scope: { ...scope, version: `${scope.version}.${set}` } };
}
