/**
 * CoreHost: the core (cache, sync, outbox, search) running in its own worker, seen from the host
 * (Electron main, the web harness) as `{ handlers, on, start, stop }` — the same shape as an
 * in-process `createCore()`, so the desktop host, IPC registration and the harness do not change.
 *
 *   const core = createCoreHost({ spawn: workerThreadTransport(), core: { dataDir, backend }, secretStore, log });
 *   await core.start();            // resolves once the worker's core has started (or rejects)
 *   core.handlers['sync.status']({});
 *   core.on('sync.status', ...);
 *   await core.stop();             // the worker closes its cache; bounded wait, then killed
 *
 * Transports (postMessage + 'message' + 'exit'): thread-transport.ts (worker_threads, plain Node)
 * and src/main/shell/core-process.ts (Electron utilityProcess). Every message from the worker is
 * parsed (protocol.ts), every result against the method's output schema, every event against its
 * payload schema.
 *
 * A worker that exits unexpectedly is restarted (a short delay, at most `maxRestarts` within
 * `windowMs`, then the state is `failed`). Meanwhile calls in flight answer `core_restarting`
 * (whether they took effect is unknown: the outbox is in SQLite, so nothing queued is lost), new
 * calls wait for the new worker, and the renderer sees a sync status whose error is
 * `core_restarting` (then `core_failed` if restarting gives up), followed by a fresh status,
 * session and `data.changed ['*']` once the new worker is ready.
 */
import { isEventName, isMethodName, SETTINGS_METHODS, type EventName, type MethodName } from '../../shared/ipc/channels.js';
import { contract, ErrorCode, eventSchemas, PopError, type Envelope, type EventPayload, type SyncStatus } from '../../shared/ipc/contract.js';
import type { CoreHandlers } from '../core/index.js';
import { createEventBus } from '../core/events.js';
import type { Logger } from '../core/logging/logger.js';
import type { SecretStore } from '../core/session/secret-store.js';
import { FromWorker, type ToWorker, type WorkerCoreOptions } from './protocol.js';

/** One running worker, as the host drives it. */
export interface CoreTransport {
  post(message: ToWorker): void;
  onMessage(listener: (message: unknown) => void): void;
  /** The worker ended (code null when it was killed by a signal). */
  onExit(listener: (code: number | null) => void): void;
  /** End it now: a worker that does not stop in time (and tests that crash it on purpose). */
  kill(): void;
}
export type SpawnCore = () => CoreTransport;

export type CoreHostState = 'idle' | 'starting' | 'running' | 'restarting' | 'failed' | 'stopped';

export interface CoreHostOptions {
  spawn: SpawnCore;
  core: Omit<WorkerCoreOptions, 'openExternal'>;
  secretStore: SecretStore;
  openExternal?(url: string): Promise<void> | void;
  log: Logger;
  /** Restarts allowed within `windowMs` before giving up (default 5 in 60 s). */
  maxRestarts?: number;
  windowMs?: number;
  /** Delay before restart n (0-based), default 250 ms doubling to 4 s. */
  restartDelayMs?(attempt: number): number;
  /** How long stop() waits for the worker to close its cache before killing it (default 10 s). */
  stopTimeoutMs?: number;
}

export interface CoreHost {
  handlers: CoreHandlers;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Calls one method in the worker; the answer is an Envelope (never throws). */
  call(method: MethodName, input: unknown): Promise<Envelope<unknown>>;
  state(): CoreHostState;
  onState(listener: (state: CoreHostState) => void): () => void;
  /** How many times the worker was restarted since start(). */
  restarts(): number;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Kills the current worker as a crash would (tests, and a shell's "restart the engine"). */
  crash(): void;
}

const RESTARTING = 'The local engine stopped and is being restarted: nothing you queued is lost. Try again.';
const FAILED = 'The local engine could not be restarted. Quit and reopen Pop Index.';

type Pending = { method: MethodName; resolve(envelope: Envelope<unknown>): void };

export function createCoreHost(o: CoreHostOptions): CoreHost {
  const log = o.log.scope('core-host');
  const bus = createEventBus((event) => log.warn('event listener failed', { event }));
  const stateListeners = new Set<(state: CoreHostState) => void>();
  const maxRestarts = o.maxRestarts ?? 5;
  const windowMs = o.windowMs ?? 60_000;
  const delay = o.restartDelayMs ?? ((n: number) => Math.min(4_000, 250 * 2 ** n));

  let state: CoreHostState = 'idle';
  let transport: CoreTransport | null = null;
  let generation = 0;
  let nextId = 1;
  let pending = new Map<number, Pending>();
  /** Calls made while no worker is ready: sent once one is. */
  const waiting: Array<() => void> = [];
  let crashTimes: number[] = [];
  let restartCount = 0;
  let lastStatus: SyncStatus | null = null;
  let firstStart: { resolve(): void; reject(err: Error): void } | null = null;
  let stopped: (() => void) | null = null;
  let restartTimer: ReturnType<typeof setTimeout> | null = null;

  const setState = (next: CoreHostState) => {
    if (state === next) return;
    state = next;
    for (const listener of stateListeners) listener(next);
  };
  const fail = (code: ErrorCode, message: string): Envelope<unknown> => ({ ok: false, error: { code, message } });

  function emitStatus(code: 'core_restarting' | 'core_failed'): void {
    const base: SyncStatus = lastStatus ?? { online: true, syncing: false, lastSyncAt: null, ready: false, progress: null, error: null, pendingCommands: 0, notice: null };
    bus.emit('sync.status', { ...base, syncing: false, progress: null, error: { code, message: code === 'core_failed' ? FAILED : RESTARTING } });
  }

  function spawn(): void {
    const gen = ++generation;
    const t = o.spawn();
    transport = t;
    t.onMessage((raw) => {
      // Not after its exit: an event the dead worker had already posted (a forwarded status) would
      // otherwise come after the host's own `core_failed` / `core_restarting` status.
      if (gen === generation && transport === t) receive(t, raw);
    });
    t.onExit((code) => {
      if (gen === generation) exited(code);
    });
    const { core } = o;
    t.post({ kind: 'init', options: { ...core, openExternal: o.openExternal !== undefined } });
  }

  function answer(t: CoreTransport, id: number, run: () => Promise<string | null | void>): void {
    // The worker may have ended meanwhile (its request then dies with it): never throw from here.
    const post = (message: ToWorker) => {
      try {
        if (t === transport) t.post(message);
      } catch {
        log.debug('answer to an ended core worker dropped');
      }
    };
    run().then(
      (value) => post({ kind: 'answer', id, ok: true, value: value ?? null }),
      (err: unknown) => post({ kind: 'answer', id, ok: false, message: err instanceof Error ? err.message.slice(0, 500) : 'refused' }),
    );
  }

  function receive(t: CoreTransport, raw: unknown): void {
    const parsed = FromWorker.safeParse(raw);
    if (!parsed.success) {
      log.warn('malformed message from the core worker dropped', { issue: parsed.error.issues[0]?.path.join('.') ?? '' });
      return;
    }
    const m = parsed.data;
    switch (m.kind) {
      case 'ready': {
        const restarted = state === 'restarting';
        setState('running');
        firstStart?.resolve();
        firstStart = null;
        for (const send of waiting.splice(0)) send();
        if (restarted) void announceRestart();
        return;
      }
      case 'failed':
        log.error('core worker failed to start', { reason: m.message });
        if (firstStart) {
          firstStart.reject(new Error(`core failed to start: ${m.message}`));
          firstStart = null;
          setState('failed');
          failWaiting(FAILED);
          t.kill();
          return;
        }
        t.kill(); // counted as a crash: restarted (or given up) from exited()
        return;
      case 'result': {
        const p = pending.get(m.id);
        if (!p) return;
        pending.delete(m.id);
        p.resolve(checkResult(p.method, m.envelope));
        return;
      }
      case 'event': {
        if (!isEventName(m.event)) return log.warn('unknown event from the core worker dropped', { event: m.event.slice(0, 64) });
        const payload = eventSchemas[m.event].safeParse(m.payload);
        if (!payload.success) return log.warn('invalid event payload from the core worker dropped', { event: m.event });
        if (m.event === 'sync.status') lastStatus = payload.data as SyncStatus;
        bus.emit(m.event, payload.data as never);
        return;
      }
      case 'request':
        switch (m.op) {
          case 'secret.get':
            return answer(t, m.id, () => (m.key ? o.secretStore.get(m.key) : Promise.reject(new Error('no key'))));
          case 'secret.set':
            return answer(t, m.id, () => (m.key && m.value !== undefined ? o.secretStore.set(m.key, m.value) : Promise.reject(new Error('no key'))));
          case 'secret.delete':
            return answer(t, m.id, () => (m.key ? o.secretStore.delete(m.key) : Promise.reject(new Error('no key'))));
          case 'openExternal':
            // The core checked the link against its policy before asking (shell.openExternal handler).
            return answer(t, m.id, async () => {
              if (!o.openExternal || !m.url) throw new Error('not available');
              await o.openExternal(m.url);
            });
        }
        return;
      case 'log': {
        let target = o.log;
        for (const name of m.scope) target = target.scope(name);
        target[m.level](m.message, m.fields);
        return;
      }
      case 'stopped':
        // The cache is closed: end the worker now rather than wait for its event loop to drain.
        if (stopped) t.kill();
        return;
    }
  }

  function checkResult(method: MethodName, envelope: Extract<FromWorker, { kind: 'result' }>['envelope']): Envelope<unknown> {
    if (!envelope.ok) {
      const code = ErrorCode.safeParse(envelope.error.code);
      return fail(code.success ? code.data : 'internal', envelope.error.message);
    }
    const output = contract[method].output.safeParse(envelope.value);
    if (!output.success) {
      log.error('core worker answered outside the contract', { method, issue: output.error.issues[0]?.path.join('.') ?? '' });
      return fail('internal', `Internal error in ${method}`);
    }
    return { ok: true, value: output.data };
  }

  function failPending(message: string): void {
    const inFlight = pending;
    pending = new Map();
    for (const p of inFlight.values()) p.resolve(fail('core_restarting', message));
  }
  /** After a final state (failed, stopped): every waiting and in-flight call gets its answer. */
  function failWaiting(message: string): void {
    for (const send of waiting.splice(0)) send();
    failPending(message);
  }

  function exited(code: number | null): void {
    transport = null;
    if (stopped) {
      failPending(FAILED);
      stopped();
      return;
    }
    if (state === 'failed' || state === 'stopped') return;
    const now = Date.now();
    crashTimes = [...crashTimes.filter((t) => now - t < windowMs), now];
    log.error('core worker exited unexpectedly', { code, inFlight: pending.size, recentCrashes: crashTimes.length });
    failPending(RESTARTING);
    if (crashTimes.length > maxRestarts || firstStart) {
      setState('failed');
      firstStart?.reject(new Error(`core worker exited during start (code ${String(code)})`));
      firstStart = null;
      emitStatus('core_failed');
      failWaiting(FAILED);
      return;
    }
    setState('restarting');
    emitStatus('core_restarting');
    restartTimer = setTimeout(() => {
      restartTimer = null;
      if (state !== 'restarting') return;
      restartCount++;
      spawn();
    }, delay(crashTimes.length - 1));
  }

  async function announceRestart(): Promise<void> {
    log.info('core worker restarted', { restarts: restartCount });
    const [status, session] = await Promise.all([call('sync.status', {}), call('session.get', {})]);
    if (status.ok) bus.emit('sync.status', status.value as SyncStatus);
    if (session.ok) bus.emit('session.changed', session.value as EventPayload<'session.changed'>);
    bus.emit('data.changed', { collections: ['*'] });
  }

  function call(method: MethodName, input: unknown): Promise<Envelope<unknown>> {
    return new Promise((resolve) => {
      const send = () => {
        if (state === 'failed' || state === 'stopped' || !transport) return resolve(fail('core_restarting', FAILED));
        const id = nextId++;
        pending.set(id, { method, resolve });
        transport.post({ kind: 'call', id, method, input });
      };
      if (state === 'running' || state === 'starting') send();
      else if (state === 'restarting' || state === 'idle') waiting.push(send);
      else resolve(fail('core_restarting', FAILED));
    });
  }

  const handlers = Object.fromEntries(
    (contractMethods() as MethodName[]).map((method) => [
      method,
      async (input: unknown) => {
        const envelope = await call(method, input);
        if (envelope.ok) return envelope.value;
        throw new PopError(envelope.error.code, envelope.error.message);
      },
    ]),
  ) as unknown as CoreHandlers;

  return {
    handlers,
    on: (event, listener) => bus.on(event, listener),
    call: (method, input) => (isMethodName(method) ? call(method, input) : Promise.resolve(fail('unknown_method', 'Unknown method'))),
    state: () => state,
    onState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    restarts: () => restartCount,
    start() {
      if (state !== 'idle') return Promise.reject(new Error(`core host already ${state}`));
      setState('starting');
      const started = new Promise<void>((resolve, reject) => (firstStart = { resolve, reject }));
      spawn();
      return started;
    },
    async stop() {
      if (restartTimer) clearTimeout(restartTimer);
      const t = transport;
      if (!t || state === 'stopped') {
        setState('stopped');
        failWaiting(FAILED);
        return;
      }
      const ended = new Promise<void>((resolve) => (stopped = resolve));
      t.post({ kind: 'stop' });
      const timer = setTimeout(() => {
        log.warn('core worker did not stop in time: killed');
        t.kill();
      }, o.stopTimeoutMs ?? 10_000);
      await ended;
      clearTimeout(timer);
      setState('stopped');
      failWaiting(FAILED);
    },
    crash() {
      transport?.kill();
    },
  };
}

/** Every contract method the core serves (the desktop host serves the settings methods). */
function contractMethods(): readonly string[] {
  const settings: readonly string[] = SETTINGS_METHODS;
  return Object.keys(contract).filter((m) => !settings.includes(m));
}
