/** A tiny typed event bus for the contract's events (sync.status, data.changed, ...). */
import type { EventName } from '../../shared/ipc/channels.js';
import type { EventPayload } from '../../shared/ipc/contract.js';

export type Listener<E extends EventName> = (payload: EventPayload<E>) => void;

export interface EventBus {
  on<E extends EventName>(event: E, listener: Listener<E>): () => void;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

export function createEventBus(onListenerError?: (event: EventName) => void): EventBus {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  return {
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) {
        try {
          listener(payload);
        } catch {
          onListenerError?.(event);
        }
      }
    },
  };
}
