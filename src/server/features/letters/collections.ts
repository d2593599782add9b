/**
 * The synced collection `letters`: a user's own letters; the secretariat gets every letter of its
 * municipality (the register). Never letters of another municipality.
 */
import { hasRole } from '../../auth/roles.js';
import type { SyncedCollection } from '../types.js';
import { letterWire } from './repository.js';
import type { LetterTables } from './tables.js';

export const letters: SyncedCollection = {
  async load({ trx, scope }, ids) {
    let query = trx
      .withTables<LetterTables>()
      .selectFrom('letters')
      .selectAll()
      .where('id', 'in', ids)
      .where('municipality_id', '=', scope.user.municipalityId);
    if (!hasRole(scope.user, 'secretariat')) query = query.where('requested_by', '=', scope.user.id);
    const rows = await query.execute();
    return rows.map((row) => ({ id: row.id, data: letterWire(row) }));
  },
};
