/**
 * A client syncing from scratch gets no deletes of rows deleted before it started — on any page of
 * that sync, not only the first — while a row it did receive and that is deleted during the sync
 * still reaches it as a delete. SQLite and PostgreSQL.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordChange } from '../../src/server/sync/changes.js';
import type { Change } from '../../src/shared/sync/protocol.js';
import { expectedDirectory } from './expected.js';
import { api, KINDS, skipKind, startServer, type Api, type TestServer } from './helpers.js';
import { SyncClient } from './sync-client.js';

for (const kind of KINDS) {
  describe.skipIf(skipKind(kind))(`sync from scratch (${kind})`, () => {
    let t: TestServer;
    let http: Api;
    const db = () => t.server.db.kysely;
    beforeAll(async () => {
      t = await startServer(kind);
      http = api(t.url);
    });
    afterAll(async () => t?.stop());

    async function remove(id: string, tenant: string): Promise<void> {
      await db().transaction().execute(async (trx) => {
        await trx.deleteFrom('people').where('id', '=', id).execute();
        await recordChange(trx, { collection: 'people', id, tenant, deleted: true });
      });
    }

    it('sends no deletes of earlier tombstones on any page, but the delete of a row it received', async () => {
      const own = await db().selectFrom('people').select('id').where('municipality_id', '=', 'poperinge').orderBy('id').execute();
      // Gone before the client starts: spread over the log, so later pages meet them too.
      const goneBefore = [own[5]!.id, own[Math.floor(own.length / 2)]!.id, own[own.length - 3]!.id];
      for (const id of goneBefore) await remove(id, 'poperinge');
      // Visible no more before the client starts (an upsert in the log that this user may not load).
      const [regional] = await db().selectFrom('people').select('id').where('municipality_id', '=', 'ieper').where('regional_visible', '=', 1).limit(1).execute();
      await db().transaction().execute(async (trx) => {
        await trx.updateTable('people').set({ regional_visible: 0 }).where('id', '=', regional!.id).execute();
        await recordChange(trx, { collection: 'people', id: regional!.id, tenant: 'ieper' });
      });

      let settled = true;
      if (kind === 'postgres') {
        // "Before the sync started" means below the first page's horizon: the snapshot's xmin is
        // cluster-wide, so a transaction left open by another suite would hold it below these
        // tombstones (they would then be sent, which is allowed). Wait until they are below it.
        for (let i = 0; i < 200; i++) {
          const { rows } = await sql<{ below: boolean }>`SELECT pg_snapshot_xmin(pg_current_snapshot()) > (SELECT max(xid) FROM sync_changes) AS below`.execute(db());
          settled = rows[0]!.below;
          if (settled) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        if (!settled) console.log('sync-fresh: a transaction elsewhere in the cluster held the horizon for 10 s: only correctness is checked');
      }
      const client = new SyncClient(http, (await http.login('demo')).token, 40);
      const seen: Change[] = [];
      let page = await client.pullPage();
      seen.push(...page.changes);
      let pages = 1;
      while (!client.rows.get('people')?.size) {
        page = await client.pullPage();
        seen.push(...page.changes);
        pages += 1;
      }
      expect(page.hasMore).toBe(true);
      // Deleted during the sync: one row the client already has, one it has not reached yet.
      const received = [...client.rows.get('people')!.keys()][0]!;
      const notYet = own[own.length - 1]!.id;
      expect(client.get('people', notYet)).toBeUndefined();
      await remove(received, 'poperinge');
      await remove(notYet, 'poperinge');
      while (page.hasMore || page.held) {
        page = await client.pullPage();
        seen.push(...page.changes);
        pages += 1;
      }
      expect(pages).toBeGreaterThan(5);
      const deletes = seen.filter((c) => c.op === 'delete').map((c) => c.id);
      if (settled) for (const id of [...goneBefore, regional!.id]) expect(deletes).not.toContain(id);
      expect(deletes).toContain(received);
      expect(client.get('people', received)).toBeUndefined();
      expect(client.get('people', notYet)).toBeUndefined();
      expect(client.ids('people')).toEqual((await expectedDirectory(db(), 'poperinge')).people);

      // Caught up, the client is an ordinary one: a later delete reaches it.
      const later = own[10]!.id;
      await remove(later, 'poperinge');
      const laterChanges = [] as Change[];
      for (let i = 0; i < 200; i++) {
        const next = await client.pullPage();
        laterChanges.push(...next.changes);
        if (!next.held && !next.hasMore) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(laterChanges).toContainEqual({ op: 'delete', collection: 'people', id: later });
    });
  });
}
