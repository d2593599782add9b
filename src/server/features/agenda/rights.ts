/**
 * Who may see an agenda item. Public items: every staff member of the municipality. Closed
 * (besloten) items: members of the body, the secretariat, and the department that brought it.
 * Pure: the collection loader and the tests share it.
 */
import type { UserScope } from '../types.js';

export interface ItemAccessFacts {
  municipalityId: string;
  bodyId: string;
  visibility: string;
  departmentId: string | null;
}

export function maySeeItem(item: ItemAccessFacts, scope: UserScope, memberOf: ReadonlySet<string>): boolean {
  if (item.municipalityId !== scope.user.municipalityId) return false;
  if (item.visibility === 'public') return true;
  if (scope.user.roles.includes('secretariat')) return true;
  if (item.departmentId !== null && item.departmentId === scope.departmentId) return true;
  return memberOf.has(item.bodyId);
}
