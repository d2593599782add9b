/** The one logger: scopes, size-capped rotating files, personal data masked; renderer logs via the contract. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/main/core/dispatch.js';
import { createLogger } from '../../src/main/core/logging/logger.js';
import { DesktopHost } from '../../src/main/desktop/host.js';
import { mergeHandlers } from '../../src/main/desktop/merge-handlers.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'pop-logs-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const lines = (file = 'pop-index.log') => readFileSync(join(dir, file), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('logger', () => {
  it('writes scoped JSON lines and masks personal data', async () => {
    const log = createLogger({ dir });
    log.scope('sync').scope('pull').info('applied for jan.peeters@poperinge.be, call 057 34 56 78 or +32475123456, INSZ 85.07.30-033.28', {
      email: 'x@y.be',
      query: 'Céline',
      changes: 12,
      nested: { displayName: 'Jan', note: 'mail marie@ieper.be' },
      token: 'secret',
    });
    // Written off the main thread's path: nothing yet, everything after flush.
    expect(existsSync(join(dir, 'pop-index.log'))).toBe(false);
    await log.flush!();
    const [line] = lines();
    expect(line).toMatchObject({ level: 'info', scope: 'app.sync.pull', email: '***', query: '***', changes: 12, token: '***', nested: { displayName: '***', note: 'mail ***@***' } });
    const text = readFileSync(join(dir, 'pop-index.log'), 'utf8');
    for (const secret of ['jan.peeters', '057 34 56 78', '+32475123456', '85.07.30-033.28', 'Céline', 'secret', 'marie@']) expect(text).not.toContain(secret);
  });

  it('drops lines under the level and rotates at the size cap, keeping maxFiles files', async () => {
    const log = createLogger({ dir, level: 'warn', maxBytes: 2_000, maxFiles: 3 });
    log.info('not written');
    for (let i = 0; i < 200; i++) log.warn(`line ${i} ${'x'.repeat(50)}`);
    await log.flush!();
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['pop-index.log', 'pop-index.log.1', 'pop-index.log.2']);
    for (const f of files) expect(statSync(join(dir, f)).size).toBeLessThanOrEqual(2_000);
    expect(lines().at(-1)?.msg).toMatch(/^line 199 /);
    expect(readFileSync(join(dir, 'pop-index.log.2'), 'utf8')).not.toContain('not written');
  });

  it('never throws when the folder disappears', async () => {
    const log = createLogger({ dir: join(dir, 'gone') });
    rmSync(join(dir, 'gone'), { recursive: true });
    expect(() => log.error('still fine')).not.toThrow();
    await expect(log.flush!()).resolves.toBeUndefined();
  });
});

describe('renderer logs', () => {
  it('go to the main log file through diagnostics.log, masked and rate-limited', async () => {
    const rendererLog = createLogger({ dir });
    const host = new DesktopHost({
      dataDir: join(dir, 'data'),
      logDir: dir,
      policyFile: join(dir, 'none.json'),
      log: rendererLog,
      appVersion: '0.1.0',
      shell: 'web',
      platform: 'linux',
      startAtLoginSupported: false,
      updater: { engine: null, disabledReason: 'web' },
      now: () => new Date(2026, 2, 5, 10, 0),
    });
    const handlers = mergeHandlers(host.handlers);
    expect(await dispatch(handlers, 'diagnostics.log', { level: 'error', scope: 'directory', message: 'render failed for marie@ieper.be' })).toEqual({ ok: true, value: { logged: true } });
    expect(await dispatch(handlers, 'diagnostics.log', { level: 'fatal', message: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    await rendererLog.flush!();
    const line = lines().find((l) => l.scope === 'app.desktop.renderer.directory');
    expect(line).toMatchObject({ level: 'error', msg: 'render failed for ***@***' });
    let refused = 0;
    for (let i = 0; i < 150; i++) {
      const r = await dispatch(handlers, 'diagnostics.log', { level: 'info', message: `spam ${i}` });
      if (r.ok && !(r.value as { logged: boolean }).logged) refused++;
    }
    expect(refused).toBe(150 - 119);
    expect(existsSync(join(dir, 'pop-index.log'))).toBe(true);
  });
});
