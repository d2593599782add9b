/**
 * The contract over HTTP, as the web harness serves it (src/shared/ipc/http.ts): one POST per call
 * answering an Envelope, events through one EventSource. Same `PopApi` shape as the preload's
 * `window.popIndex`, so screens never know which transport carries them.
 */
import type { Envelope, EventPayload, PopApi } from '../../shared/ipc/contract.js';
import { isErrorCode, PopError } from '../../shared/ipc/errors.js';
import { METHODS, type EventName, type MethodName } from '../../shared/ipc/channels.js';
import { EVENTS_PATH, RPC_PATH, TOKEN_HEADER } from '../../shared/ipc/http.js';

export type HttpClientOptions = {
  /** Origin (and optional path prefix) of the harness, e.g. "http://127.0.0.1:5173". */
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
  /** Constructor for the event stream (injected in tests); events are off when missing. */
  EventSource?: new (url: string) => EventSource;
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Turns whatever the transport answered into the value, or throws a PopError with a code. */
export function unwrapEnvelope<T>(body: unknown): T {
  if (isRecord(body) && body.ok === true && 'value' in body) return (body as { value: T }).value;
  if (isRecord(body) && body.ok === false && isRecord(body.error)) {
    const message = typeof body.error.message === 'string' ? body.error.message : 'Unknown error';
    throw new PopError(isErrorCode(body.error.code) ? body.error.code : 'internal', message);
  }
  throw new PopError('internal', 'Malformed answer from the desktop core');
}

export async function callHttp<T>(options: HttpClientOptions, method: MethodName, input: unknown): Promise<T> {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  let response: Response;
  try {
    response = await doFetch(`${options.baseUrl}${RPC_PATH}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: options.token },
      body: JSON.stringify(input ?? {}),
    });
  } catch (error) {
    throw new PopError('offline', `The desktop core cannot be reached: ${error instanceof Error ? error.message : String(error)}`);
  }
  let body: unknown;
  try {
    body = (await response.json()) as unknown;
  } catch {
    if (response.status === 401 || response.status === 403) throw new PopError('forbidden', `The harness refused the call (HTTP ${response.status})`);
    throw new PopError('internal', `Unreadable answer from the desktop core (HTTP ${response.status})`);
  }
  return unwrapEnvelope<T>(body as Envelope<T>);
}

type Listener = (payload: unknown) => void;

export function createHttpApi(options: HttpClientOptions): PopApi {
  const listeners = new Map<EventName, Set<Listener>>();
  const attached = new Set<EventName>();
  let source: EventSource | null = null;

  function ensureSource(event: EventName) {
    if (!options.EventSource) return;
    if (!source) source = new options.EventSource(`${options.baseUrl}${EVENTS_PATH}?token=${encodeURIComponent(options.token)}`);
    if (attached.has(event)) return;
    attached.add(event);
    source.addEventListener(event, (message: MessageEvent<string>) => {
      let payload: unknown;
      try {
        payload = JSON.parse(message.data) as unknown;
      } catch {
        console.warn(`pop-index: dropped unreadable ${event} event`);
        return;
      }
      // The harness checked the payload against the contract before sending it (as Electron main
      // does before IPC): the renderer carries no schemas, only this shape check.
      if (!isRecord(payload)) {
        console.warn(`pop-index: dropped invalid ${event} event`);
        return;
      }
      for (const listener of listeners.get(event) ?? []) listener(payload);
    });
  }

  const api: Record<string, unknown> = {
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as Listener);
      ensureSource(event);
      return () => set.delete(listener as Listener);
    },
  };
  for (const method of METHODS) api[method] = (input?: unknown) => callHttp(options, method, input);
  return api as PopApi;
}
