/**
 * Routes: Home plus every registered feature's routes. Hash history, because the UI is served from
 * a custom protocol (Electron) or static files (web harness), where only the hash is ours.
 */
import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
import type { Role } from '../shared/sync/protocol.js';
import { featureRoutes } from './features/index.js';
import { loadScreenStrings } from './i18n/index.js';
import HomeView from './views/HomeView.vue';
import ForbiddenView from './views/ForbiddenView.vue';
import NotFoundView from './views/NotFoundView.vue';

export function buildRoutes(): RouteRecordRaw[] {
  return [
    { path: '/', name: 'home', component: HomeView, meta: { titleKey: 'home.title' } },
    ...featureRoutes(),
    { path: '/no-access', name: 'forbidden', component: ForbiddenView, meta: { titleKey: 'forbidden.title' } },
    { path: '/:pathMatch(.*)*', name: 'not-found', component: NotFoundView, meta: { titleKey: 'notFound.title' } },
  ];
}

/**
 * A screen that needs a role the user lacks opens "no access" (which names the screen) instead.
 * A feature's route renders once that feature's screen strings are loaded (`meta.feature`, set by
 * `featureRoutes`).
 * `sessionKnown` waits for the session at start, so a reload on such a screen is not refused
 * before the roles are known.
 */
export function createAppRouter(currentRoles: () => readonly Role[], sessionKnown?: () => Promise<void>) {
  const router = createRouter({ history: createWebHashHistory(), routes: buildRoutes() });
  router.beforeEach(async (to) => {
    const needed = to.meta.roles;
    if (!needed) return true;
    await sessionKnown?.();
    if (!needed.some((role) => currentRoles().includes(role))) return { name: 'forbidden', query: { screen: to.meta.titleKey ?? '' }, replace: true };
    return true;
  });
  // A feature's screen strings are not in the first load: the route renders once they are there
  // (in the current language; a later switch loads them too), so no key ever shows raw.
  router.beforeResolve(async (to) => {
    await loadScreenStrings([...new Set(to.matched.flatMap((record) => (record.meta.feature ? [record.meta.feature] : [])))]);
  });
  return router;
}
