/**
 * Helpers of the meetings-import tests: the fixtures (fictional Gelinkt Notuleren pages and an
 * .ics export), a real local HTTP server that publishes them (mutable: re-publish a changed agenda),
 * and the state of the change log (to prove what an import wrote, and that a re-import wrote nothing).
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Db } from '../../../src/server/features/types.js';
import type { SyncClient } from '../sync-client.js';

export const FIXTURES = join(import.meta.dirname, 'meetings-fixtures');
export const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
export const GR_HTML = 'gemeenteraad-2026-12-17.html';
export const CBS_HTML = 'college-2026-12-07.html';
export const ICS = 'poperinge-vergaderingen.ics';

export interface Published {
  body: string | Uint8Array;
  type?: string;
  status?: number;
  /** Never answer (a hung publication server). */
  hang?: boolean;
}

/** A real HTTP server on 127.0.0.1:0; `pages` can be changed between requests. */
export async function publicationServer(pages: Map<string, Published>): Promise<{ url: string; close(): Promise<void> }> {
  const hung: Array<() => void> = [];
  const server: Server = createServer((req, res) => {
    const page = pages.get(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (!page) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (page.hang) {
      hung.push(() => res.destroy());
      return;
    }
    res.writeHead(page.status ?? 200, { 'content-type': page.type ?? 'text/html; charset=utf-8' }).end(page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const h of hung) h();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Number of change-log rows and the highest stamp: equal before and after = nothing was written for the desktops. */
export async function changeLog(db: Db): Promise<{ rows: number; maxSeq: number }> {
  const r = await db
    .selectFrom('sync_changes')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('seq').as('m')])
    .executeTakeFirstOrThrow();
  return { rows: Number(r.n), maxSeq: Number(r.m ?? 0) };
}

/** The change-log rows stamped after `maxSeq` (collection, row id, deleted). */
export async function changesSince(db: Db, maxSeq: number): Promise<Array<{ collection: string; row_id: string; deleted: number }>> {
  const rows = await db.selectFrom('sync_changes').select(['collection', 'row_id', 'deleted', 'seq']).where('seq', '>', maxSeq).orderBy('seq').execute();
  return rows.map((r) => ({ collection: r.collection, row_id: r.row_id, deleted: Number(r.deleted) }));
}

/** PostgreSQL pulls only see transactions below the cluster's xmin: pull until it arrived (bounded). */
export async function syncUntil(client: SyncClient, arrived: () => boolean): Promise<void> {
  for (let i = 0; i < 600; i++) {
    await client.sync();
    if (arrived()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the change never reached the client');
}
