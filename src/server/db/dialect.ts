/** Which database a Kysely instance (or transaction) talks to. */
import { PostgresAdapter, type DialectAdapter } from 'kysely';
import type { DialectName } from '../features/types.js';

export function dialectOf(db: { getExecutor(): { readonly adapter: DialectAdapter } }): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
