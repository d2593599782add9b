/**
 * The message channel between a host (Electron main, the web harness, tests) and the core running
 * in its own worker (src/main/core-host/worker.ts). One protocol for both transports: Electron's
 * utilityProcess and Node's worker_threads both give postMessage + 'message' with structured-clone
 * payloads (plain objects only: no functions, no class instances, nothing transferred).
 *
 *   host -> worker   init (options), call (id, method, input), answer (to a worker request), stop
 *   worker -> host   ready | failed, result (id, envelope), event, request (secrets, openExternal),
 *                    log (already masked), stopped
 *
 * Both sides parse every message they receive with these schemas (it is an IPC boundary): a
 * message that does not parse is dropped with a log line. Contract inputs are validated again in
 * the worker by dispatch(); results and events are validated in the host against the contract.
 */
import { z } from 'zod';

const Id = z.number().int().nonnegative();

/** What the worker needs to create the core: data only (the host keeps secrets and links). */
export const WorkerCoreOptions = z
  .object({
    dataDir: z.string().min(1),
    backend: z.union([z.object({ url: z.string().min(1) }).strict(), z.object({ demo: z.literal(true) }).strict()]),
    version: z.string().optional(),
    shell: z.enum(['electron', 'web']).optional(),
    pollMs: z.number().int().positive().optional(),
    live: z.boolean().optional(),
    pageLimit: z.number().int().positive().optional(),
    /** better-sqlite3 built for Electron's ABI (the utility process runs Electron's Node). */
    nativeBinding: z.string().optional(),
    linkPolicy: z.object({ httpsHosts: z.array(z.string()) }).optional(),
    /**
     * Run below normal CPU priority (default true): on a busy PC the windows, tray and IPC of the
     * host get the CPU first and the sync takes what is left. A utility process lowers itself; a
     * worker thread lowers its own thread where the OS allows it (Linux).
     */
    background: z.boolean().optional(),
    /** Lets the host's openExternal run (the core checks the link first, in the worker). */
    openExternal: z.boolean().optional(),
  })
  .strict();
export type WorkerCoreOptions = z.infer<typeof WorkerCoreOptions>;

/** What the worker may ask of its host. */
export const HostOp = z.enum(['secret.get', 'secret.set', 'secret.delete', 'openExternal']);
export type HostOp = z.infer<typeof HostOp>;

export const ToWorker = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('init'), options: WorkerCoreOptions }).strict(),
  z.object({ kind: z.literal('call'), id: Id, method: z.string().max(64), input: z.unknown() }).strict(),
  z
    .object({ kind: z.literal('answer'), id: Id, ok: z.boolean(), value: z.union([z.string(), z.null()]).optional(), message: z.string().max(500).optional() })
    .strict(),
  z.object({ kind: z.literal('stop') }).strict(),
]);
export type ToWorker = z.infer<typeof ToWorker>;

const LogLevel = z.enum(['debug', 'info', 'warn', 'error']);

export const FromWorker = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ready') }).strict(),
  z.object({ kind: z.literal('failed'), message: z.string().max(500) }).strict(),
  z
    .object({
      kind: z.literal('result'),
      id: Id,
      envelope: z.union([
        z.object({ ok: z.literal(true), value: z.unknown() }).strict(),
        z.object({ ok: z.literal(false), error: z.object({ code: z.string().max(64), message: z.string().max(2000) }).strict() }).strict(),
      ]),
    })
    .strict(),
  z.object({ kind: z.literal('event'), event: z.string().max(64), payload: z.unknown() }).strict(),
  z
    .object({
      kind: z.literal('request'),
      id: Id,
      op: HostOp,
      key: z.string().max(200).optional(),
      value: z.string().max(100_000).optional(),
      url: z.string().max(2048).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('log'),
      level: LogLevel,
      scope: z.array(z.string().max(64)).max(8),
      message: z.string().max(500),
      fields: z.record(z.string(), z.unknown()).optional(),
    })
    .strict(),
  z.object({ kind: z.literal('stopped') }).strict(),
]);
export type FromWorker = z.infer<typeof FromWorker>;

/** One end of the channel as each side sees it (worker_threads port, Electron parentPort, ...). */
export interface WorkerSidePort {
  post(message: FromWorker): void;
  /** Raw messages: the receiver parses them. */
  onMessage(listener: (message: unknown) => void): void;
}
