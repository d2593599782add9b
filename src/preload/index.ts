/**
 * The preload (sandboxed, context-isolated): exposes `window.popIndex`, one named function per
 * contract method generated from METHODS, plus `on(event, listener)` that returns an unsubscribe.
 * Never exposes `ipcRenderer` itself. Each call goes to main on `pop:<method>`; main validates the
 * input and answers with an Envelope, unwrapped here: failures throw an Error whose `code` is the
 * error code (and whose message carries it too, see src/shared/ipc/bridge-error.ts).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { encodeBridgeError } from '../shared/ipc/bridge-error.js';
import { CHANNEL_PREFIX, EVENT_CHANNEL_PREFIX, isEventName, METHODS, type EventName, type MethodName } from '../shared/ipc/channels.js';
import type { Envelope, EventPayload, PopApi } from '../shared/ipc/contract.js';

async function call(method: MethodName, input: unknown): Promise<unknown> {
  const envelope = (await ipcRenderer.invoke(CHANNEL_PREFIX + method, input ?? {})) as Envelope<unknown>;
  if (envelope.ok) return envelope.value;
  const error = new Error(encodeBridgeError(envelope.error.code, envelope.error.message)) as Error & { code: string };
  error.code = envelope.error.code;
  throw error;
}

const methods = Object.fromEntries(METHODS.map((method) => [method, (input?: unknown) => call(method, input)])) as Omit<PopApi, 'on'>;

const api = {
  ...methods,
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    if (!isEventName(event)) throw new Error(encodeBridgeError('invalid_input', `Unknown event: ${String(event)}`));
    const channel = EVENT_CHANNEL_PREFIX + event;
    const wrapped = (_event: IpcRendererEvent, payload: EventPayload<E>) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
} satisfies PopApi;

contextBridge.exposeInMainWorld('popIndex', api);
