/** Cached staff photos (dir_person_photos, synced as `personPhotos`): read by id, one or many. */
import type { PhotoData } from '../../../../shared/contract/directory.js';
import { stmt } from '../../cache/statements.js';
import type { CacheDb } from '../types.js';

interface PhotoRow {
  id: string;
  content_type: PhotoData['contentType'];
  data: string;
  hash: string;
}

const wire = (r: PhotoRow): PhotoData => ({ contentType: r.content_type, data: r.data, hash: r.hash });

export function personPhoto(db: CacheDb, id: string): PhotoData | null {
  const row = stmt(db, 'SELECT id, content_type, data, hash FROM dir_person_photos WHERE id = ?').get(id) as PhotoRow | undefined;
  return row ? wire(row) : null;
}

/** Only the ids that have a photo are in the answer. */
export function personPhotos(db: CacheDb, ids: readonly string[]): Record<string, PhotoData> {
  const out: Record<string, PhotoData> = {};
  if (ids.length === 0) return out;
  const rows = stmt(db, 'SELECT id, content_type, data, hash FROM dir_person_photos WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify([...new Set(ids)])) as PhotoRow[];
  for (const r of rows) out[r.id] = wire(r);
  return out;
}
