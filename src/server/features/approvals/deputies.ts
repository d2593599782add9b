/**
 * Deputies set in Beheer (`approval_deputies`, see src/server/admin/accounts.ts) of people a
 * directory import removed: a leaver no longer has a deputy, and is nobody's deputy any more.
 * Runs after `moveApprovalsOfLeavers` (which reads the deputies from the steps themselves).
 */
import type { PeopleRemovedContext } from '../types.js';

export async function forgetDeputiesOfLeavers(ctx: PeopleRemovedContext): Promise<void> {
  const ids = ctx.removed.map((r) => r.personId);
  for (let i = 0; i < ids.length; i += 400) {
    const chunk = ids.slice(i, i + 400);
    await ctx.trx.deleteFrom('approval_deputies').where((eb) => eb.or([eb('person_id', 'in', chunk), eb('deputy_id', 'in', chunk)])).execute();
  }
}
