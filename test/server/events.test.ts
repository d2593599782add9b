/**
 * Live updates: GET /api/v1/sync/events tells a signed-in client that changes are available for
 * it. SQLite: in-process. PostgreSQL: LISTEN/NOTIFY across TWO backend processes on one database
 * (this test process and a child `npm run server` process).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordChange } from '../../src/server/sync/changes.js';
import { api, KINDS, skipKind, startServer, type TestServer } from './helpers.js';
import { openEvents } from './sse-client.js';

const privacy = (seq: number, regionalVisible: boolean) => ({ clientId: randomUUID(), commands: [{ seq, type: 'directory.setPrivacy', payload: { regionalVisible }, createdAt: new Date().toISOString() }] });

for (const kind of KINDS) {
  describe.skipIf(skipKind(kind))(`live events (${kind})`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startServer(kind, { eventsPingMs: 200 });
    });
    afterAll(async () => t?.stop());

    it('needs a session', async () => {
      const s = await openEvents(t.url, 'x'.repeat(30));
      expect(s.status).toBe(401);
    });

    it('says "changes" to users who can see the change, not to others', async () => {
      const http = api(t.url);
      const demo = await http.login('demo');
      const stream = await openEvents(t.url, demo.token);
      expect(stream.status).toBe(200);
      await stream.waitFor('ready', 0);
      const res = await http.post('/api/v1/sync/push', privacy(1, true), demo.token);
      expect(res.status).toBe(200);
      await stream.waitFor('changes', 0);
      // A change in Lo-Reninge (not regional) is none of a Poperinge user's business.
      const before = stream.count('changes');
      await t.server.db.kysely.transaction().execute(async (trx) => {
        const p = await trx.selectFrom('people').select('id').where('municipality_id', '=', 'lo-reninge').executeTakeFirstOrThrow();
        await trx.updateTable('people').set({ job_title: 'Anders' }).where('id', '=', p.id).execute();
        await recordChange(trx, { collection: 'people', id: p.id, tenant: 'lo-reninge' });
      });
      await new Promise((r) => setTimeout(r, 800));
      expect(stream.count('changes')).toBe(before);
      stream.close();
    });

    it('tells the stream when the session ends, and closes it', async () => {
      const http = api(t.url);
      const { token } = await http.login('dpo');
      const stream = await openEvents(t.url, token);
      await stream.waitFor('ready', 0);
      expect((await http.post('/api/v1/auth/logout', undefined, token)).status).toBe(204);
      await stream.waitFor('unauthenticated', 0, 3000);
      await stream.waitFor('<closed>', 0, 3000);
    });

    // Only PostgreSQL serves several backend processes on one database.
    if (kind === 'postgres')
    it('carries changes across two backend processes on one database', async () => {
      const child = await startChildServer(t.store.url!);
      try {
        const a = api(t.url);
        const b = api(child.url);
        const onA = await openEvents(t.url, (await a.login('demo')).token);
        const onB = await openEvents(child.url, (await b.login('ieper')).token);
        await onA.waitFor('ready', 0);
        await onB.waitFor('ready', 0);
        const nA = onA.count('changes');
        const nB = onB.count('changes');
        // A write through process B reaches the stream of process A ...
        const adminB = await b.login('admin');
        expect((await b.post('/api/v1/sync/push', privacy(1, true), adminB.token)).status).toBe(200);
        await onA.waitFor('changes', nA);
        // ... and a write through A reaches B (Ieper user, Poperinge person opted in regionally).
        const adminA = await a.login('admin');
        expect((await a.post('/api/v1/sync/push', privacy(2, false), adminA.token)).status).toBe(200);
        await onB.waitFor('changes', nB);
        onA.close();
        onB.close();
      } finally {
        await child.stop();
      }
    });
  });
}

async function startChildServer(databaseUrl: string): Promise<{ url: string; stop(): Promise<void> }> {
  const proc: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', '--port', '0', '--no-seed'], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child server did not start: ${output}`)), 30_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`child server exited (${code}): ${output}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}
