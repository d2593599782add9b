/**
 * The preload's logic in Node: Electron's contextBridge and ipcRenderer cannot run here, so a small
 * stand-in records what is exposed and carries invoke() to main's real path (channel -> method,
 * dispatch with the real desktop host's handlers). Proves: one function per contract method, no
 * ipcRenderer, envelopes unwrapped, error codes kept, events subscribed and unsubscribed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../src/main/core/dispatch.js';
import { silentLogger } from '../../src/main/core/logging/logger.js';
import { DesktopHost } from '../../src/main/desktop/host.js';
import { methodOfChannel } from '../../src/main/desktop/ipc-sender.js';
import { mergeHandlers } from '../../src/main/desktop/merge-handlers.js';
import { parseBridgeError } from '../../src/shared/ipc/bridge-error.js';
import { METHODS } from '../../src/shared/ipc/channels.js';
import type { PopApi } from '../../src/shared/ipc/contract.js';

type Listener = (event: unknown, payload: unknown) => void;
const bridge = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  listeners: new Map<string, Set<(event: unknown, payload: unknown) => void>>(),
  invoke: null as null | ((channel: string, input: unknown) => Promise<unknown>),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => bridge.exposed.set(key, value) },
  ipcRenderer: {
    invoke: (channel: string, input: unknown) => bridge.invoke!(channel, input),
    on: (channel: string, listener: Listener) => bridge.listeners.set(channel, (bridge.listeners.get(channel) ?? new Set()).add(listener)),
    removeListener: (channel: string, listener: Listener) => bridge.listeners.get(channel)?.delete(listener),
  },
}));

let dir: string;
let api: PopApi;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pop-preload-'));
  const host = new DesktopHost({
    dataDir: dir,
    logDir: null,
    policyFile: join(dir, 'none.json'),
    log: silentLogger,
    appVersion: '0.1.0',
    shell: 'electron',
    platform: 'linux',
    startAtLoginSupported: false,
    updater: { engine: null, disabledReason: 'unpackaged' },
  });
  const handlers = mergeHandlers(host.handlers);
  bridge.invoke = async (channel, input) => dispatch(handlers, methodOfChannel(channel) ?? channel, input);
  await import('../../src/preload/index.js');
  api = bridge.exposed.get('popIndex') as PopApi;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('preload', () => {
  it('exposes exactly one function per contract method plus on(), and nothing else', () => {
    expect([...bridge.exposed.keys()]).toEqual(['popIndex']);
    expect(Object.keys(api).sort()).toEqual([...METHODS, 'on'].sort());
    for (const key of Object.keys(api)) expect(typeof (api as unknown as Record<string, unknown>)[key]).toBe('function');
  });

  it('unwraps a successful envelope', async () => {
    const view = await api['settings.get']();
    expect(view.values.language).toBe('nl-BE');
  });

  it('throws an Error carrying the code (field and message) on failure', async () => {
    const error = await api['settings.set']({ language: 'xx' as 'en' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error & { code: string }).code).toBe('invalid_input');
    expect(parseBridgeError((error as Error).message)).toMatchObject({ code: 'invalid_input' });
    const missing = await api['directory.search']({ query: 'x' }).catch((e: unknown) => e);
    expect((missing as Error & { code: string }).code).toBe('unknown_method');
  });

  it('subscribes to events on their own channel and unsubscribes', () => {
    const seen: unknown[] = [];
    const off = api.on('app.navigate', (payload) => seen.push(payload));
    for (const l of bridge.listeners.get('pop:event:app.navigate') ?? []) l({}, { route: '/settings' });
    off();
    for (const l of bridge.listeners.get('pop:event:app.navigate') ?? []) l({}, { route: '/approvals' });
    expect(seen).toEqual([{ route: '/settings' }]);
    expect(() => api.on('no.such' as 'app.navigate', () => undefined)).toThrow(/\[pop:invalid_input\]/);
  });
});
