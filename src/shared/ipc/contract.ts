/**
 * The one typed contract between the renderer and the desktop core (Electron main, or the web
 * harness in plain Node). Every method has an input and an output schema; main validates the
 * input of every call (src/main/core/dispatch.ts) and answers bad input with a clear error.
 */
import { z } from 'zod';
import { agendaContract } from '../contract/agenda.js';
import { approvalsContract, RequestDecided } from '../contract/approvals.js';
import { citizensContract } from '../contract/citizens.js';
import { adminContract } from '../contract/admin.js';
import { directoryContract } from '../contract/directory.js';
import { LetterNumberAssigned, lettersContract } from '../contract/letters.js';
import { ordersContract } from '../contract/orders.js';
import { settingsContract, UpdateState } from '../contract/settings.js';
import { authContract } from '../contract/auth.js';
import { SessionUser } from '../sync/protocol.js';
import type { EventName, MethodName } from './channels.js';
import { ERROR_CODES, PopError } from './errors.js';

const None = z.object({}).strict();

export const AppInfo = z.object({
  version: z.string(),
  /** true when running against the embedded demo backend. */
  demo: z.boolean(),
  backendUrl: z.string().nullable(),
  /** 'electron' in the desktop app, 'web' in the browser harness. */
  shell: z.enum(['electron', 'web']),
  platform: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const SessionState = z.object({
  signedIn: z.boolean(),
  user: SessionUser.nullable(),
  demo: z.boolean(),
});
export type SessionState = z.infer<typeof SessionState>;

export const SyncStatus = z.object({
  online: z.boolean(),
  syncing: z.boolean(),
  /** ISO time of the last successful complete pull, or null before the first. */
  lastSyncAt: z.string().nullable(),
  /** true once the cache holds a complete first sync. */
  ready: z.boolean(),
  /** Progress of the running pull: changes applied and (approximately) still to come. */
  progress: z.object({ applied: z.number().int(), remaining: z.number().int().nullable() }).nullable(),
  /** Last error as a code + readable message, cleared by the next success. */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** Commands waiting in the outbox. */
  pendingCommands: z.number().int().nonnegative(),
  /**
   * Something about the local copy the user must know (shown until the app restarts):
   * cache_rebuilt (it was damaged and is fetched again; `kept` queued actions were kept),
   * cache_corrupt (damage found while running: rebuilt at the next start),
   * data_folder_unwritable (the data folder `folder` is read-only or full).
   */
  notice: z
    .object({ code: z.enum(['cache_rebuilt', 'cache_corrupt', 'data_folder_unwritable']), folder: z.string(), kept: z.number().int().nonnegative() })
    .nullable()
    .default(null),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const contract = {
  'app.info': { input: None, output: AppInfo },
  'session.get': { input: None, output: SessionState },
  'session.signIn': {
    input: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }).strict(),
    output: SessionState,
  },
  'session.signOut': { input: None, output: SessionState },
  'sync.status': { input: None, output: SyncStatus },
  'sync.now': { input: None, output: SyncStatus },
  ...directoryContract,
  ...agendaContract,
  ...approvalsContract,
  ...ordersContract,
  ...lettersContract,
  ...citizensContract,
  ...adminContract,
  ...authContract,
  ...settingsContract,
  /** Opens tel:, mailto:, msteams: and configured https links outside the app. */
  'shell.openExternal': { input: z.object({ url: z.string().max(2000) }).strict(), output: z.object({ opened: z.boolean() }) },
} as const satisfies Record<MethodName, { input: z.ZodType; output: z.ZodType }>;

export type Contract = typeof contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
/** Input after validation and defaults: what handlers receive. */
export type MethodParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;

export const eventSchemas = {
  'sync.status': SyncStatus,
  'data.changed': z.object({ collections: z.array(z.string()) }),
  'updates.state': UpdateState,
  'app.navigate': z.object({ route: z.string().regex(/^\/[a-z0-9/-]*$/) }),
  'letters.numberAssigned': LetterNumberAssigned,
  'session.changed': SessionState,
  'approvals.decided': RequestDecided,
} as const satisfies Record<EventName, z.ZodType>;
export type EventPayload<E extends EventName> = z.output<(typeof eventSchemas)[E]>;

/** Error codes a call can fail with (the list and PopError live in the zod-free errors.ts). */
export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** What crosses the IPC / HTTP transport: never a thrown Error (Electron strips its fields). */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string } };

export { PopError };

/** What the preload exposes as `window.popIndex` and the web client implements over HTTP. */
export type PopApi = {
  [M in MethodName]: (...args: {} extends MethodInput<M> ? [input?: MethodInput<M>] : [input: MethodInput<M>]) => Promise<MethodOutput<M>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};
