/**
 * Beheer (administration, role `admin`): contract methods (renderer <-> desktop core). ONLINE ONLY:
 * the core forwards each call to the backend's /api/v1/admin routes and returns the answer; nothing
 * is cached on disk. Offline the call fails with `offline`; a non-admin gets `forbidden`.
 */
import { z } from 'zod';
import { AccountList, AccountQuery, AdminAccount, AdminLogPage, AdminSourceOutcome, AdminSources, PeopleList, PeopleQuery, SetDeputy, SetDisabled, SetRoles, SourceName } from '../domain/admin.js';
import { Id } from '../domain/directory.js';

const ById = z.object({ id: Id });

export const adminContract = {
  /** Find accounts of the own municipality (username, name, e-mail). */
  'admin.accounts': { input: AccountQuery, output: AccountList },
  'admin.account': { input: ById.strict(), output: AdminAccount },
  /** Set the roles (logged). */
  'admin.setRoles': { input: ById.merge(SetRoles).strict(), output: AdminAccount },
  /** Set or clear the deputy for approvals (logged). */
  'admin.setDeputy': { input: ById.merge(SetDeputy).strict(), output: AdminAccount },
  /** Disable (ends its sessions) or enable (logged). */
  'admin.setDisabled': { input: ById.merge(SetDisabled).strict(), output: AdminAccount },
  /** The admin log, newest first; `before` = the previous page's `nextBefore`. */
  'admin.log': { input: z.object({ before: z.number().int().min(1).optional(), limit: z.number().int().min(1).max(200).default(50) }).strict(), output: AdminLogPage },
  /** Deputy candidates (typeahead). */
  'admin.people': { input: PeopleQuery, output: PeopleList },
  /** Directory sources of the municipality with their last run. */
  'admin.sources': { input: z.object({}).strict(), output: AdminSources },
  /** What a run of the source would change (names), nothing written. */
  'admin.previewSource': { input: SourceName, output: AdminSourceOutcome },
  /** Run the source now (a full run; logged); `allowMassRemoval` after the 20 % guard stopped it. */
  'admin.runSource': { input: SourceName.extend({ allowMassRemoval: z.boolean().default(false) }).strict(), output: AdminSourceOutcome },
} as const;
