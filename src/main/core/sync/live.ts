/**
 * Listens to the backend's server-sent events (`/api/v1/sync/events`): any event means "there may
 * be changes", so the engine pulls. Reconnects with backoff; when the stream is unavailable the
 * engine's polling interval still keeps the cache fresh.
 */
import { Backoff } from '../../../shared/backoff.js';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../../shared/sync/protocol.js';

export interface LiveOptions {
  baseUrl: string;
  token(): string | null;
  onEvent(name: string): void;
  onConnected?(connected: boolean): void;
}

export interface Live {
  /** Connect now if not connected (e.g. just signed in) instead of waiting for the backoff. */
  poke(): void;
  stop(): void;
}

export function startLive(options: LiveOptions): Live {
  let stopped = false;
  let controller: AbortController | null = null;
  const backoff = new Backoff({ initialMs: 1000, maxMs: 60_000 });
  let timer: NodeJS.Timeout | null = null;
  let connected = false;
  let connecting = false;

  async function connect(): Promise<void> {
    timer = null;
    const token = options.token();
    if (stopped || connecting) return;
    if (!token) return schedule();
    connecting = true;
    controller = new AbortController();
    try {
      const response = await fetch(options.baseUrl.replace(/\/+$/, '') + '/api/v1/sync/events', {
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
        signal: controller.signal,
      });
      if (!response.ok || !response.body) {
        await response.body?.cancel().catch(() => undefined);
        connecting = false;
        return schedule();
      }
      connected = true;
      options.onConnected?.(true);
      backoff.reset();
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += value;
        if (buffer.length > 1_000_000) buffer = ''; // a hostile stream cannot grow memory
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split('\n');
          if (lines.every((line) => line.startsWith(':') || line.trim() === '')) continue; // comment / keep-alive
          const name = lines.find((line) => line.startsWith('event:'))?.slice(6).trim() ?? 'message';
          options.onEvent(name);
        }
      }
    } catch {
      // network error or stop(): fall through to reconnect
    }
    connecting = false;
    if (connected) options.onConnected?.(false);
    connected = false;
    schedule();
  }

  function schedule(): void {
    if (stopped || timer) return;
    timer = setTimeout(() => void connect(), backoff.next());
  }

  void connect();
  return {
    poke() {
      if (stopped || connected || connecting) return;
      if (timer) clearTimeout(timer);
      timer = null;
      backoff.reset();
      void connect();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      controller?.abort();
    },
  };
}
