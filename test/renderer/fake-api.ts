/**
 * A PopApi for component tests in jsdom, where neither Electron's preload nor the harness runs.
 * Each method answers from `handlers` (or throws unknown_method); events are emitted by hand.
 * The real transports are covered by http-client.test.ts and the Playwright tests.
 */
import { PopError, type EventPayload, type MethodInput, type MethodOutput, type PopApi } from '../../src/shared/ipc/contract.js';
import { METHODS, type EventName, type MethodName } from '../../src/shared/ipc/channels.js';

export type Handlers = { [M in MethodName]?: (input: MethodInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>> };

export function fakeApi(handlers: Handlers) {
  const calls: Array<{ method: MethodName; input: unknown }> = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const api: Record<string, unknown> = {
    on(event: EventName, listener: (payload: unknown) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  };
  for (const method of METHODS) {
    api[method] = async (input?: unknown) => {
      calls.push({ method, input });
      const handler = handlers[method] as ((input: unknown) => unknown) | undefined;
      if (!handler) throw new PopError('unknown_method', method);
      return handler(input ?? {});
    };
  }
  return {
    api: api as PopApi,
    calls,
    emit<E extends EventName>(event: E, payload: EventPayload<E>) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
  };
}

export const syncStatus = (over: Partial<MethodOutput<'sync.status'>> = {}): MethodOutput<'sync.status'> => ({
  online: true,
  syncing: false,
  lastSyncAt: '2026-03-05T14:30:00.000Z',
  ready: true,
  progress: null,
  error: null,
  pendingCommands: 0,
  notice: null,
  ...over,
} as MethodOutput<'sync.status'>);

export const person = (i: number) => ({
  id: `p-${i}`,
  firstName: `Voornaam${i}`,
  lastName: `Achternaam${i}`,
  jobTitle: 'Deskundige ICT',
  departmentId: 'dep-ict',
  departmentName: 'ICT',
  municipalityId: 'poperinge',
  municipalityName: 'Poperinge',
  deskPhone: '+3257346578',
  mobilePhone: null,
  extension: '4321',
  email: `p${i}@poperinge.example`,
});
