/**
 * Everything a server feature needs, in one import:  import { ... } from '../api.js';
 */
export type {
  ServerFeature,
  ServerMigration,
  SyncedCollection,
  CollectionContext,
  WireRow,
  CommandHandler,
  CommandContext,
  CommandOutcome,
  RouteContext,
  SeedContext,
  SeedPerson,
  SeedUser,
  UserScope,
  Db,
  Trx,
  DialectName,
  SessionUser,
  Role,
} from './types.js';
export { recordChange, recordChanges, type ChangeRecord } from '../sync/changes.js';
export { hasRole, requireRole } from '../auth/roles.js';
export { requireUser, requireScope, type TokenVerifier, type VerifierContext } from '../auth/hook.js';
export { bumpUserScope } from '../auth/scope.js';
export { HttpError, badRequest, notFound } from '../http/errors.js';
export { dialectOf, idIn } from '../db/dialect.js';
export { Prng } from '../demo/prng.js';
export { applied, reject, defineCommand, defineFeature } from './define.js';
