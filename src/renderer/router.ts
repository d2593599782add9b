/**
 * Routes: Home plus every registered feature's routes. Hash history, because the UI is served from
 * a custom protocol (Electron) or static files (web harness), where only the hash is ours.
 */
import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
import type { Role } from '../shared/sync/protocol.js';
import { featureRoutes } from './features/index.js';
import HomeView from './views/HomeView.vue';
import NotFoundView from './views/NotFoundView.vue';

export function buildRoutes(): RouteRecordRaw[] {
  return [
    { path: '/', name: 'home', component: HomeView, meta: { titleKey: 'home.title' } },
    ...featureRoutes(),
    { path: '/:pathMatch(.*)*', name: 'not-found', component: NotFoundView, meta: { titleKey: 'notFound.title' } },
  ];
}

export function createAppRouter(currentRoles: () => readonly Role[]) {
  const router = createRouter({ history: createWebHashHistory(), routes: buildRoutes() });
  router.beforeEach((to) => {
    const needed = to.meta.roles;
    if (needed && !needed.some((role) => currentRoles().includes(role))) return { name: 'home' };
    return true;
  });
  return router;
}
