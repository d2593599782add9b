/** Helpers for the work features' server tests: pull everything a user may see, push commands. */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { PullResponse, PushResponse, type CommandResult } from '../../src/shared/sync/protocol.js';
import type { Api } from '../server/helpers.js';
import { pullLoop, pullQuery } from '../server/pull-loop.js';

export interface Pulled {
  rows: Map<string, Map<string, Record<string, unknown>>>;
  /** Every raw page body, to prove what never crossed the wire. */
  raw: string;
}

export async function pullAll(api: Api, token: string): Promise<Pulled> {
  const rows = new Map<string, Map<string, Record<string, unknown>>>();
  let raw = '';
  await pullLoop(async (cursor) => {
    const res = await api.get(pullQuery(cursor, 2000), token);
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
    raw += JSON.stringify(res.body);
    const page = PullResponse.parse(res.body);
    for (const c of page.changes) {
      const map = rows.get(c.collection) ?? new Map<string, Record<string, unknown>>();
      rows.set(c.collection, map);
      if (c.op === 'upsert') map.set(c.id, c.data);
      else map.delete(c.id);
    }
    return page;
  });
  return { rows, raw };
}

export function rowsOf<T>(p: Pulled, collection: string): T[] {
  return [...(p.rows.get(collection)?.values() ?? [])] as T[];
}

export class Pusher {
  readonly clientId = randomUUID();
  private seq = 0;
  /** A replay carries the time the user did it, as the desktop outbox does. */
  private readonly made = new Map<number, string>();
  constructor(
    private readonly api: Api,
    private readonly token: string,
  ) {}

  async push(type: string, payload: Record<string, unknown>, seq = ++this.seq): Promise<CommandResult> {
    const createdAt = this.made.get(seq) ?? new Date().toISOString();
    this.made.set(seq, createdAt);
    const res = await this.api.post('/api/v1/sync/push', { clientId: this.clientId, commands: [{ seq, type, payload, createdAt }] }, this.token);
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
    return PushResponse.parse(res.body).results[0]!;
  }
}
