/** Builds the FeatureContext each feature's handlers receive. */
import { PopError } from '../../shared/ipc/contract.js';
import type { EventBus } from './events.js';
import type { BackendClient, CacheDb, CoreFeature, FeatureContext } from './features/types.js';
import type { Logger } from './logging/logger.js';
import type { Session } from './session/session.js';
import { enqueueCommand, listCommands } from './sync/outbox.js';

export interface ContextDeps {
  db: CacheDb;
  log: Logger;
  session: Session;
  backend: BackendClient;
  bus: EventBus;
  now(): Date;
  online(): boolean;
  /** Called after a command was stored: wake the pusher. */
  commandQueued(): void;
}

export function featureContext(feature: CoreFeature<never>, deps: ContextDeps): FeatureContext {
  return {
    db: deps.db,
    log: deps.log.scope(feature.name),
    user: () => deps.session.user(),
    requireUser() {
      const user = deps.session.user();
      if (!user) throw new PopError('unauthenticated', 'Sign in first');
      return user;
    },
    online: deps.online,
    now: deps.now,
    backend: deps.backend,
    enqueue(type, payload, localEffect) {
      if (!type.startsWith(`${feature.name}.`)) throw new Error(`Command type ${type} must start with "${feature.name}."`);
      const command = enqueueCommand(deps.db, type, payload, deps.now(), localEffect);
      deps.commandQueued();
      return command;
    },
    commands: (options = {}) => listCommands(deps.db, { ...options, typePrefix: `${feature.name}.` }),
    emit: (event, payload) => deps.bus.emit(event, payload),
  };
}
