/** Approvals: requests along a chain of steps, decided online or offline (outbox), conflicts explained. */
import type { ServerFeature } from '../types.js';
import { absences } from './absences.js';
import { approvalRequests } from './collections.js';
import { approvalsCommands } from './commands.js';
import { forgetDeputiesOfLeavers } from './deputies.js';
import { moveApprovalsOfLeavers } from './leavers.js';
import { approvalsMigrations } from './migrations.js';
import { seedApprovals } from './seed.js';

export const approvalsFeature: ServerFeature = {
  name: 'approvals',
  migrations: approvalsMigrations,
  collections: { approvalRequests, absences },
  commands: approvalsCommands,
  seed: seedApprovals,
  async onPeopleRemoved(ctx) {
    await moveApprovalsOfLeavers(ctx);
    await forgetDeputiesOfLeavers(ctx);
  },
};
