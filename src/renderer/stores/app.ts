/**
 * App-wide state: app info (demo?), the session, the sync status and a revision counter per synced
 * collection (bumped by the core's `data.changed` event) that screens watch to reload.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AppInfo, SessionState, SyncStatus } from '../../shared/ipc/contract.js';
import { api } from '../api/index.js';

export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null);
  const session = ref<SessionState | null>(null);
  const sync = ref<SyncStatus | null>(null);
  const revisions = ref<Record<string, number>>({});
  const startError = ref<unknown>(null);
  let unsubscribe: Array<() => void> = [];

  const roles = computed(() => session.value?.user?.roles ?? []);
  const signedIn = computed(() => session.value?.signedIn === true);
  const demo = computed(() => info.value?.demo === true || session.value?.demo === true);
  // Unknown until the core said so: never claim "connected" before anything was reached.
  const online = computed(() => sync.value?.online ?? false);
  /** Known to be offline (the core said so): for offline notices, so nothing flashes at start. */
  const offline = computed(() => sync.value !== null && !sync.value.online);

  function bump(collections: readonly string[]) {
    const next = { ...revisions.value };
    for (const c of collections) next[c] = (next[c] ?? 0) + 1;
    revisions.value = next;
  }

  async function start() {
    startError.value = null;
    unsubscribe.forEach((off) => off());
    unsubscribe = [
      api.on('sync.status', (status) => {
        const becameReady = status.ready && !sync.value?.ready;
        const lostSession = status.error?.code === 'unauthenticated' && sync.value?.error?.code !== 'unauthenticated';
        sync.value = status;
        if (becameReady) bump(['*']);
        if (lostSession) void refreshSession();
      }),
      api.on('data.changed', ({ collections }) => bump(collections)),
      // the core ended or renewed the session on its own (e.g. a municipality sign-in that ran out)
      api.on('session.changed', (state) => {
        session.value = state;
      }),
    ];
    try {
      const [appInfo, state, status] = await Promise.all([api['app.info'](), api['session.get'](), api['sync.status']()]);
      info.value = appInfo;
      session.value = state;
      sync.value = status;
    } catch (error) {
      startError.value = error;
    }
  }

  async function refreshSession() {
    session.value = await api['session.get']().catch(() => session.value);
  }

  async function refreshSync() {
    sync.value = await api['sync.status']();
  }

  async function signIn(username: string, password: string) {
    session.value = await api['session.signIn']({ username, password });
    await refreshSync().catch(() => undefined);
    bump(['*']);
  }

  /** Municipality account (OpenID Connect through the system browser); see src/main/core/auth. */
  async function signInOidc(issuer?: string) {
    session.value = await api['session.signInOidc'](issuer ? { issuer } : {});
    await refreshSync().catch(() => undefined);
    bump(['*']);
  }

  async function signOut() {
    session.value = await api['session.signOut']();
  }

  async function syncNow() {
    sync.value = await api['sync.now']();
  }

  /** A number that changes whenever one of the collections (or everything) changed. */
  function revisionOf(collections: readonly string[]): number {
    return collections.reduce((sum, c) => sum + (revisions.value[c] ?? 0), revisions.value['*'] ?? 0);
  }

  return { info, session, sync, roles, signedIn, demo, online, offline, startError, start, signIn, signInOidc, signOut, syncNow, refreshSync, refreshSession, revisionOf };
});
