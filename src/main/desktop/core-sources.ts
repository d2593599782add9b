/**
 * Facts for tray and notifications taken from the core's features when they are registered:
 * pending approvals (approvals.list, inbox, waiting for me) and letter numbers that arrived for
 * queued reservations (the core's `letters.numberAssigned` event). Without them: zero.
 */
import type { EventName } from '../../shared/ipc/channels.js';
import type { EventPayload } from '../../shared/ipc/contract.js';
import type { Handlers } from '../core/dispatch.js';

/** Pending approvals for tray and notifications (zero when the feature is not there). */
export interface PendingApprovalsSource {
  pendingIds(): Promise<string[]>;
}
/** Letter numbers that arrived for queued reservations since the last call. */
export interface ArrivedLettersSource {
  takeArrived(): Promise<string[]>;
}

/** Requests of mine that were decided (approved, refused, sent back) since the last call. */
export interface DecidedRequestsSource {
  takeDecided(): Promise<DecidedRequest[]>;
}
export type DecidedRequest = EventPayload<'approvals.decided'>;

/** What the desktop host needs of the core. */
export interface CoreLink {
  handlers: Pick<Handlers, 'app.info' | 'sync.status' | 'sync.now' | 'birthdays.upcoming'> & Partial<Pick<Handlers, 'approvals.list'>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export function approvalsFromCore(handlers: Partial<Pick<Handlers, 'approvals.list'>>): PendingApprovalsSource | undefined {
  const list = handlers['approvals.list'];
  if (!list) return undefined;
  return {
    pendingIds: async () => (await list({ box: 'inbox', query: '' })).filter((item) => item.waitingForMe).map((item) => item.id),
  };
}

export function lettersFromCore(core: Pick<CoreLink, 'on'>): ArrivedLettersSource {
  let arrived: string[] = [];
  core.on('letters.numberAssigned', (event) => {
    if (event.number && !event.rejected) arrived.push(event.number);
  });
  return {
    takeArrived: async () => {
      const taken = arrived;
      arrived = [];
      return taken;
    },
  };
}

export function decidedFromCore(core: Pick<CoreLink, 'on'>): DecidedRequestsSource {
  let decided: DecidedRequest[] = [];
  core.on('approvals.decided', (event) => decided.push(event));
  return {
    takeDecided: async () => {
      const taken = decided;
      decided = [];
      return taken;
    },
  };
}
