/**
 * A minimal sync client for tests: keeps its copy in memory, pulls page by page, validates every
 * page against the protocol schemas, handles `reset` the way the desktop core must.
 */
import { PullResponse, RowSchemas, type Collection } from '../../src/shared/sync/protocol.js';
import type { Api } from './helpers.js';
import { ALL_COLLECTIONS, pullLoop, pullQuery } from './pull-loop.js';

export class SyncClient {
  rows = new Map<string, Map<string, Record<string, unknown>>>();
  cursor: string | null = null;
  resets = 0;
  pages = 0;

  constructor(
    private readonly http: Api,
    public token: string,
    private readonly limit = 100,
    /** What the client says it knows (null: an older build that does not say). */
    private readonly collections: string | null = ALL_COLLECTIONS,
  ) {}

  /** One page; returns the parsed response. */
  async pullPage(): Promise<PullResponse> {
    const res = await this.http.get(pullQuery(this.cursor, this.limit, this.collections), this.token);
    if (res.status !== 200) throw new Error(`pull: ${res.status} ${JSON.stringify(res.body)}`);
    const page = PullResponse.parse(res.body);
    if (page.reset) {
      this.resets += 1;
      this.rows.clear();
    }
    for (const c of page.changes) {
      const table = this.rows.get(c.collection) ?? new Map<string, Record<string, unknown>>();
      this.rows.set(c.collection, table);
      if (c.op === 'delete') table.delete(c.id);
      else {
        RowSchemas[c.collection].parse(c.data);
        table.set(c.id, c.data);
      }
    }
    this.cursor = page.cursor;
    this.pages += 1;
    return page;
  }

  /** Pull until caught up. */
  async sync(maxPages = 10_000): Promise<void> {
    await pullLoop(() => this.pullPage(), maxPages);
  }

  ids(collection: Collection): string[] {
    return [...(this.rows.get(collection)?.keys() ?? [])].sort();
  }

  get(collection: Collection, id: string): Record<string, unknown> | undefined {
    return this.rows.get(collection)?.get(id);
  }
}
