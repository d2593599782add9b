/** Role checks for routes and command handlers. */
import type { Role, SessionUser } from '../../shared/sync/protocol.js';
import { HttpError } from '../http/errors.js';

export function hasRole(user: SessionUser, ...roles: Role[]): boolean {
  return roles.some((role) => user.roles.includes(role));
}

/** Throws 403 `forbidden` (a clear message, no details) unless the user has one of the roles. */
export function requireRole(user: SessionUser, ...roles: Role[]): void {
  if (!hasRole(user, ...roles)) {
    throw new HttpError(403, 'forbidden', `This needs one of the roles: ${roles.join(', ')}`);
  }
}
