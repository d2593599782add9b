/** Which database a Kysely instance (or transaction) talks to. */
import { PostgresAdapter, sql, type DialectAdapter, type RawBuilder, type SqlBool } from 'kysely';
import type { DialectName } from '../features/types.js';

export function dialectOf(db: { getExecutor(): { readonly adapter: DialectAdapter } }): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * `column IN (ids)` that stays fast for the up to 2,000 ids of a pull page: one array parameter
 * on PostgreSQL (`= ANY($1::text[])`; a 2,000-parameter IN list costs ~40 ms there to parse and
 * plan), a plain IN list on SQLite. Use it in `SyncedCollection.load`:
 *   trx.selectFrom('letters').selectAll().where(idIn('letters.id', ids, ctx.dialect))
 */
export function idIn(column: string, ids: readonly string[], dialect: DialectName): RawBuilder<SqlBool> {
  const ref = sql.ref(column);
  if (dialect === 'postgres') return sql<SqlBool>`${ref} = ANY(${[...ids]}::text[])`;
  if (ids.length === 0) return sql<SqlBool>`1 = 0`;
  return sql<SqlBool>`${ref} IN (${sql.join([...ids])})`;
}
