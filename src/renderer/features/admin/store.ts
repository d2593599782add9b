/**
 * Beheer: the selected account and the admin log, in memory only (online only: every read and
 * change goes to the backend through the core; nothing is cached on disk).
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { AdminAccount, AdminLogEntry } from '../../../shared/domain/admin.js';
import type { Role } from '../../../shared/sync/protocol.js';
import { PopError } from '../../../shared/ipc/errors.js';
import { api, errorMessageKey } from '../../api/index.js';

/** i18n key for a failed admin call. */
export function adminErrorKey(e: unknown): string {
  if (e instanceof PopError && (e.code === 'conflict' || e.code === 'forbidden')) return `admin.errors.${e.code}`;
  return errorMessageKey(e);
}

export const useAdminStore = defineStore('admin', () => {
  const account = shallowRef<AdminAccount | null>(null);
  const log = shallowRef<AdminLogEntry[]>([]);
  const nextBefore = ref<number | null>(null);
  const logLoaded = ref(false);
  const busy = ref(false);
  const failure = ref<string | null>(null);
  /** i18n key of the last success, read by a polite live region. */
  const notice = ref<string | null>(null);

  async function run<T>(work: () => Promise<T>, done?: string): Promise<T | null> {
    busy.value = true;
    failure.value = null;
    notice.value = null;
    try {
      const result = await work();
      if (done) notice.value = done;
      return result;
    } catch (e) {
      failure.value = adminErrorKey(e);
      return null;
    } finally {
      busy.value = false;
    }
  }

  const findAccounts = (q: string) => api['admin.accounts']({ q, limit: 10 });
  const findPeople = (q: string) => api['admin.people']({ q, limit: 10 });

  async function select(id: string): Promise<void> {
    const next = await run(() => api['admin.account']({ id }));
    if (next) account.value = next;
  }

  async function apply(change: Promise<AdminAccount> | (() => Promise<AdminAccount>), done: string): Promise<void> {
    const next = await run(typeof change === 'function' ? change : () => change, done);
    if (next) {
      account.value = next;
      logLoaded.value = false; // the log has a new line: reload when shown
    }
  }

  const setRoles = (roles: Role[]) => account.value && apply(() => api['admin.setRoles']({ id: account.value!.id, roles }), 'admin.roles.saved');
  const setDeputy = (deputyId: string | null) => account.value && apply(() => api['admin.setDeputy']({ id: account.value!.id, deputyId }), 'admin.deputy.saved');
  const setDisabled = (disabled: boolean) =>
    account.value && apply(() => api['admin.setDisabled']({ id: account.value!.id, disabled }), disabled ? 'admin.status.disabledNow' : 'admin.status.enabledNow');

  async function loadLog(more = false): Promise<void> {
    const page = await run(() => api['admin.log']({ limit: 50, ...(more && nextBefore.value ? { before: nextBefore.value } : {}) }));
    if (!page) return;
    log.value = more ? [...log.value, ...page.items] : page.items;
    nextBefore.value = page.nextBefore;
    logLoaded.value = true;
  }

  function reset(): void {
    account.value = null;
    log.value = [];
    nextBefore.value = null;
    logLoaded.value = false;
    failure.value = null;
    notice.value = null;
  }

  return { account, log, nextBefore, logLoaded, busy, failure, notice, findAccounts, findPeople, select, setRoles, setDeputy, setDisabled, loadLog, reset };
});
