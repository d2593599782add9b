/**
 * Names of every renderer <-> main method and event. Zod-free on purpose: the preload imports
 * only this file, so it stays tiny. `contract.ts` gives each name its schemas, and the
 * compiler checks that both lists agree.
 *
 * Adding a method: add its name here, its schemas in ../contract/<feature>.ts (spread into
 * contract.ts), its handler in a core feature's `handlers(ctx)` (src/main/core/features/<name>/;
 * settings in src/main/desktop/handlers.ts). The preload, the web harness and the renderer pick it up.
 */
export const CHANNEL_PREFIX = 'pop:';
/** Electron IPC channel of each event main pushes (methods and events may share a name). */
export const EVENT_CHANNEL_PREFIX = 'pop:event:';

/** App, session, sync and shell: the core's own methods (src/main/core/core-handlers.ts). */
export const APP_METHODS = ['app.info', 'session.get', 'session.signIn', 'session.signOut', 'sync.status', 'sync.now', 'shell.openExternal'] as const;
/** Directory and birthdays (src/shared/contract/directory.ts). */
export const DIRECTORY_METHODS = ['directory.search', 'directory.count', 'directory.person', 'directory.facets', 'directory.vcard', 'directory.photo', 'directory.photos', 'birthdays.upcoming'] as const;
/** Settings, updates and diagnostics (src/shared/contract/settings.ts), served by src/main/desktop. */
export const SETTINGS_METHODS = ['settings.get', 'settings.set', 'updates.state', 'updates.check', 'updates.installNow', 'diagnostics.copy', 'diagnostics.log'] as const;
/** Meetings, approvals and purchase orders (src/shared/contract/{agenda,approvals,orders}.ts). */
export const AGENDA_METHODS = ['agenda.bodies', 'agenda.upcoming', 'agenda.meeting', 'agenda.search'] as const;
export const APPROVALS_METHODS = ['approvals.list', 'approvals.get', 'approvals.decide', 'approvals.resubmit', 'approvals.summary', 'approvals.rejections', 'approvals.acknowledge', 'approvals.create', 'approvals.outgoing', 'approvals.dismissOutgoing', 'approvals.withdraw', 'approvals.absences'] as const;
export const ORDERS_METHODS = ['orders.list', 'orders.get', 'orders.act', 'orders.saveDraft', 'orders.discardDraft', 'orders.budgetKeys', 'orders.suppliers', 'orders.financeQueue', 'orders.attach', 'orders.attachment'] as const;
/** Letter numbers and citizen lookup (src/shared/contract/{letters,citizens}.ts). */
export const LETTERS_METHODS = ['letters.mine', 'letters.reserve', 'letters.cancel', 'letters.markSent', 'letters.register', 'letters.exportCsv'] as const;
export const CITIZENS_METHODS = ['citizens.search', 'citizens.view', 'citizens.audit', 'citizens.auditExport'] as const;
/** Sign-in with a municipality account, OpenID Connect (src/shared/contract/auth.ts). */
export const AUTH_METHODS = ['session.authMethods', 'session.signInOidc'] as const;
/** Beheer: accounts, roles, deputies, the admin log (src/shared/contract/admin.ts). */
export const ADMIN_METHODS = ['admin.accounts', 'admin.account', 'admin.setRoles', 'admin.setDeputy', 'admin.setDisabled', 'admin.log', 'admin.people', 'admin.sources', 'admin.previewSource', 'admin.runSource'] as const;
// A feature adds its own `FEATURE_METHODS` list above and spreads it here.

export const METHODS = [...APP_METHODS, ...DIRECTORY_METHODS, ...SETTINGS_METHODS, ...AGENDA_METHODS, ...APPROVALS_METHODS, ...ORDERS_METHODS, ...LETTERS_METHODS, ...CITIZENS_METHODS, ...AUTH_METHODS, ...ADMIN_METHODS] as const;
export type MethodName = (typeof METHODS)[number];

export const EVENTS = [
  /** SyncStatus, whenever it changes (online/offline, progress, last sync). */
  'sync.status',
  /** { collections: string[] } after a pull changed cached data. */
  'data.changed',
  /** UpdateState, whenever the updater's state changes. */
  'updates.state',
  /** { route } : main asks the UI to show a screen (tray menu, notification click). */
  'app.navigate',
  /** LetterNumberAssigned: the server answered a letter reservation made earlier (notification). */
  'letters.numberAssigned',
  /** SessionState, whenever who is signed in changes (sign-in, sign-out, a session that ended). */
  'session.changed',
  /** RequestDecided: a request of the signed-in user was approved, refused or sent back (notification). */
  'approvals.decided',
] as const;
export type EventName = (typeof EVENTS)[number];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && (METHODS as readonly string[]).includes(name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (EVENTS as readonly string[]).includes(name);
}
