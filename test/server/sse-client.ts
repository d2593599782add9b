/** Reads a server-sent-events stream with fetch (as the desktop core does in Node). */
import { PROTOCOL_HEADER, SYNC_EVENTS_PATH } from '../../src/shared/sync/protocol.js';

export interface EventStream {
  status: number;
  events: string[];
  /** Resolves with the number of `name` events once there are more than `after`; rejects after `ms`. */
  waitFor(name: string, after: number, ms?: number): Promise<number>;
  count(name: string): number;
  close(): void;
}

export async function openEvents(base: string, token: string): Promise<EventStream> {
  const ctrl = new AbortController();
  const res = await fetch(base + SYNC_EVENTS_PATH, { headers: { [PROTOCOL_HEADER]: '1', authorization: `Bearer ${token}` }, signal: ctrl.signal });
  const events: string[] = [];
  const stream: EventStream = {
    status: res.status,
    events,
    count: (name) => events.filter((e) => e === name).length,
    async waitFor(name, after, ms = 5000) {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        if (stream.count(name) > after) return stream.count(name);
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`no "${name}" event within ${ms} ms (got ${events.join(',')})`);
    },
    close: () => ctrl.abort(),
  };
  if (res.status === 200 && res.body) {
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let i: number;
          while ((i = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, i);
            buffer = buffer.slice(i + 2);
            const name = /^event: (.+)$/m.exec(block)?.[1];
            if (name) events.push(name);
          }
        }
        events.push('<closed>');
      } catch {
        events.push('<closed>');
      }
    })();
  }
  return stream;
}
