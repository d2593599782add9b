/** Which database a Kysely instance (or transaction) talks to. */
import { PostgresAdapter, sql, type DialectAdapter, type RawBuilder, type SqlBool } from 'kysely';
import type { DialectName } from '../features/types.js';

export function dialectOf(db: { getExecutor(): { readonly adapter: DialectAdapter } }): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * `column IN (ids)` that stays fast for the up to 2,000 ids of a pull page: one array parameter
 * on PostgreSQL (`= ANY($1::text[])`; a 2,000-parameter IN list costs ~40 ms there to parse and
 * plan), one JSON parameter read with json_each on SQLite. Use it in `SyncedCollection.load`:
 *   trx.selectFrom('letters').selectAll().where(idIn('letters.id', ids, ctx.dialect))
 */
export function idIn(column: string, ids: readonly string[], dialect: DialectName): RawBuilder<SqlBool> {
  const ref = sql.ref(column);
  if (dialect === 'postgres') return sql<SqlBool>`${ref} = ANY(${[...ids]}::text[])`;
  if (ids.length === 0) return sql<SqlBool>`1 = 0`;
  // One JSON parameter, not one per id: the statement text stays the same for every page (a pull
  // page asks for up to 2,000 ids; preparing a 2,000-parameter statement cost more than the lookups).
  return sql<SqlBool>`${ref} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;
}
