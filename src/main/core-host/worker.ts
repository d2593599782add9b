/**
 * The worker side of the core host: creates the core (cache, sync, outbox, search, demo backend)
 * inside a worker thread or an Electron utility process and serves it over the channel of
 * protocol.ts. Secrets and opening links stay with the host (safeStorage and shell.openExternal
 * live in Electron main): the core asks for them with `request` messages.
 *
 * Shutdown (`stop`): the sync engine finishes or abandons its run, the outbox stays in SQLite, the
 * cache is closed; then `stopped` is sent and the worker lets its process end.
 */
import { readlinkSync } from 'node:fs';
import { constants, setPriority } from 'node:os';
import { isMainThread } from 'node:worker_threads';
import { EVENTS } from '../../shared/ipc/channels.js';
import { createCore, type Core } from '../core/index.js';
import { dispatch } from '../core/dispatch.js';
import { mergeHandlers } from '../desktop/merge-handlers.js';
import { maskFields, type Logger, type LogLevel } from '../core/logging/logger.js';
import type { SecretStore } from '../core/session/secret-store.js';
import { ToWorker, type FromWorker, type HostOp, type WorkerSidePort } from './protocol.js';

/**
 * Lowers this worker's CPU priority: the whole process when it is one (Electron's utility process),
 * else this thread where the OS names threads like processes (Linux: its tid from /proc/thread-self).
 */
export function lowerPriority(log: Logger): boolean {
  try {
    let target = 0;
    if (!isMainThread) {
      if (process.platform !== 'linux') return false;
      target = Number(readlinkSync('/proc/thread-self').split('/').pop());
      if (!Number.isInteger(target) || target <= 0) return false;
    }
    setPriority(target, constants.priority.PRIORITY_BELOW_NORMAL);
    return true;
  } catch (err) {
    log.debug('priority not lowered', { error: err instanceof Error ? err.name : typeof err });
    return false;
  }
}

/** A Logger whose lines travel to the host's logger (masked here: personal data never crosses). */
export function portLogger(post: (message: FromWorker) => void, scope: string[] = []): Logger {
  const line = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    let safe: Record<string, unknown> | undefined;
    try {
      safe = fields ? (JSON.parse(JSON.stringify(maskFields(fields))) as Record<string, unknown>) : undefined;
    } catch {
      safe = { fields: 'unserialisable' };
    }
    post({ kind: 'log', level, scope, message: message.slice(0, 500), ...(safe ? { fields: safe } : {}) });
  };
  return {
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
    scope: (name) => portLogger(post, [...scope, name].slice(-8)),
  };
}

export function serveCore(port: WorkerSidePort, exit: () => void = () => undefined): void {
  const post = (message: FromWorker) => port.post(message);
  const log = portLogger(post);
  const pending = new Map<number, { resolve(value: string | null): void; reject(err: Error): void }>();
  let nextId = 1;
  let core: Core | null = null;
  let starting: Promise<void> | null = null;
  let stopping = false;
  const early: ToWorker[] = [];

  const ask = (op: HostOp, fields: { key?: string; value?: string; url?: string }): Promise<string | null> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      post({ kind: 'request', id, op, ...fields });
    });
  const secretStore: SecretStore = {
    get: (key) => ask('secret.get', { key }),
    set: async (key, value) => void (await ask('secret.set', { key, value })),
    delete: async (key) => void (await ask('secret.delete', { key })),
  };

  let served: ReturnType<typeof mergeHandlers> | null = null;
  async function call(id: number, method: string, input: unknown): Promise<void> {
    if (!core || !served) {
      post({ kind: 'result', id, envelope: { ok: false, error: { code: 'internal', message: 'The core is not started' } } });
      return;
    }
    const envelope = await dispatch(served, method, input, log.scope('dispatch'));
    post({ kind: 'result', id, envelope });
  }

  async function stop(): Promise<void> {
    if (stopping) return;
    stopping = true;
    try {
      await starting?.catch(() => undefined);
      await core?.stop();
    } catch (err) {
      log.error('core stop failed', { error: err instanceof Error ? err.name : typeof err });
    }
    for (const p of pending.values()) p.reject(new Error('stopping'));
    pending.clear();
    post({ kind: 'stopped' });
    exit();
  }

  function handle(message: ToWorker): void {
    switch (message.kind) {
      case 'init': {
        if (core || starting) return log.warn('second init ignored');
        const { openExternal, background, ...options } = message.options;
        if (background !== false) lowerPriority(log);
        try {
          core = createCore({
            ...options,
            secretStore,
            log,
            ...(openExternal ? { openExternal: async (url: string) => void (await ask('openExternal', { url })) } : {}),
          });
        } catch (err) {
          // e.g. a cache written by a newer app: the host shows it and does not restart in a loop.
          post({ kind: 'failed', message: err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 500) : 'start failed' });
          return;
        }
        const started = core;
        // A method this core does not serve answers unknown_method (the host serves the settings).
        served = mergeHandlers(started.handlers);
        for (const event of EVENTS) started.on(event, (payload) => post({ kind: 'event', event, payload }));
        // Handlers answer while the core starts (as in-process): status, cached data.
        for (const m of early.splice(0)) handle(m);
        starting = started.start();
        starting.then(
          () => post({ kind: 'ready' }),
          (err: unknown) => post({ kind: 'failed', message: err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 500) : 'start failed' }),
        );
        return;
      }
      case 'call':
        if (!core) return void early.push(message);
        void call(message.id, message.method, message.input);
        return;
      case 'answer': {
        const p = pending.get(message.id);
        if (!p) return;
        pending.delete(message.id);
        if (message.ok) p.resolve(message.value ?? null);
        else p.reject(new Error(message.message ?? 'host refused'));
        return;
      }
      case 'stop':
        void stop();
        return;
    }
  }

  port.onMessage((raw) => {
    const parsed = ToWorker.safeParse(raw);
    if (!parsed.success) return log.warn('malformed message from host dropped', { kind: typeof raw === 'object' && raw && 'kind' in raw ? String(raw.kind).slice(0, 32) : typeof raw });
    handle(parsed.data);
  });
}
