/**
 * The outbox survives kill -9 at any point. A child process holds the desktop cache; the real
 * backend runs here. Killed after storing a command but before sending it, or after the server
 * applied it but before the answer was stored: the next push sends it (again), the server answers
 * the replay with its stored result, and the change is applied exactly once.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type PopServer } from '../../src/server/app.js';
import { LoginResponse } from '../../src/shared/sync/protocol.js';
import { migratedCache, tempDir } from './helpers.js';

const tmp = tempDir('pop-outbox-');
const child = join(import.meta.dirname, 'outbox-child.ts');
let server: PopServer;
let url: string;
let token: string;
let personId: string;

beforeAll(async () => {
  server = await createServer({ file: join(tmp.dir, 'server.sqlite'), databaseUrl: null, seed: { size: 120 }, oidc: null, updatesDir: null });
  url = await server.listen(0, '127.0.0.1');
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-pop-protocol': '1' }, body: JSON.stringify({ username: 'demo', password: 'demo' }) });
  const login = LoginResponse.parse(await res.json());
  token = login.token;
  personId = login.user.personId!;
});
afterAll(async () => {
  await server?.close();
  tmp.cleanup();
});

/** Run the child until it prints `until`; kill -9 it then (or let it finish when until is DONE). */
function runChild(dataDir: string, mode: string, until: 'QUEUED' | 'SENT' | 'DONE', payload?: unknown): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, dataDir, url, token, mode, JSON.stringify(payload ?? {})], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.stdout.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n').filter(Boolean)) {
        lines.push(line);
        if (line.startsWith(until) && until !== 'DONE') proc.kill('SIGKILL');
      }
    });
    proc.on('exit', (code, signal) => {
      if (until === 'DONE' && code !== 0) reject(new Error(`child failed (${code}): ${stderr}`));
      else if (until !== 'DONE' && signal !== 'SIGKILL') reject(new Error(`child was not killed (${code}): ${stderr}`));
      else resolve(lines);
    });
  });
}

async function serverPerson() {
  return server.db.kysely.selectFrom('people').select(['mobile_phone', 'extension']).where('id', '=', personId).executeTakeFirstOrThrow();
}
async function storedCommands() {
  return server.db.kysely.selectFrom('sync_commands').selectAll().where('type', '=', 'directory.setPhones').execute();
}

describe('outbox crash safety (kill -9)', () => {
  it('killed between the server applying and the answer being stored: replayed, applied once', async () => {
    const dataDir = join(tmp.dir, 'desktop-a');
    const before = await serverPerson();
    const payload = { personId, phones: { mobilePhone: '+32470000001', extension: '7001' }, expected: { mobilePhone: before.mobile_phone, extension: before.extension } };
    const lines = await runChild(dataDir, 'enqueue-push', 'SENT', payload);
    expect(lines).toEqual(['QUEUED 1', 'SENT']);

    // The server applied it; the desktop never stored the answer.
    expect(await serverPerson()).toEqual({ mobile_phone: '+32470000001', extension: '7001' });
    let db = migratedCache(dataDir);
    expect(db.prepare('SELECT status FROM core_outbox WHERE seq = 1').get()).toEqual({ status: 'pending' });
    db.close();

    // Next start: the command is sent again with the same (client id, seq). Applying it a second time
    // would be refused as a conflict (the expected old phones no longer match): it must come back applied.
    const done = await runChild(dataDir, 'push', 'DONE');
    expect(done.at(-1)).toBe('DONE {"sent":1,"answered":1,"newClientIds":0}');
    db = migratedCache(dataDir);
    const row = db.prepare('SELECT status, result, reason FROM core_outbox WHERE seq = 1').get() as { status: string; result: string; reason: string | null };
    db.close();
    expect(row).toMatchObject({ status: 'applied', reason: null });
    expect(JSON.parse(row.result)).toEqual({ personId });
    expect(await storedCommands()).toHaveLength(1);
    expect(await serverPerson()).toEqual({ mobile_phone: '+32470000001', extension: '7001' });
  });

  it('killed after storing a command and before sending it: nothing lost, sent once later', async () => {
    const dataDir = join(tmp.dir, 'desktop-b');
    const before = await serverPerson();
    const payload = { personId, phones: { mobilePhone: '+32470000002', extension: '7002' }, expected: { mobilePhone: before.mobile_phone, extension: before.extension } };
    expect(await runChild(dataDir, 'enqueue-only', 'QUEUED', payload)).toEqual(['QUEUED 1']);
    expect(await serverPerson()).toEqual(before);

    const done = await runChild(dataDir, 'push', 'DONE');
    expect(done.at(-1)).toBe('DONE {"sent":1,"answered":1,"newClientIds":0}');
    expect(await serverPerson()).toEqual({ mobile_phone: '+32470000002', extension: '7002' });
    // A further push has nothing left to send.
    expect((await runChild(dataDir, 'push', 'DONE')).at(-1)).toBe('DONE {"sent":0,"answered":0,"newClientIds":0}');
    expect(await storedCommands()).toHaveLength(2);
  });
});
