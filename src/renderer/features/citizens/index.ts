import { FileClock, UserSearch } from 'lucide-vue-next';
import { hasAnyRole, type Feature } from '../types.js';
import { citizensMessages } from './messages/index.js';

/**
 * Citizen lookup: online only, results in component memory only (no Pinia store on purpose: nothing
 * about citizens outlives the screen). The nav entry shows only for the `population` role; the
 * server refuses everyone else anyway.
 */
export const citizensFeature: Feature = {
  id: 'citizens',
  routes: [
    { path: '/citizens', name: 'citizens', component: () => import('./CitizensView.vue'), meta: { titleKey: 'citizens.title', roles: ['population'] } },
    { path: '/citizens/audit', name: 'citizens-audit', component: () => import('./AuditView.vue'), meta: { titleKey: 'citizens.audit.title', roles: ['dpo'] } },
  ],
  nav: [
    { path: '/citizens', labelKey: 'citizens.nav', icon: UserSearch, order: 70, visible: hasAnyRole('population') },
    { path: '/citizens/audit', labelKey: 'citizens.audit.nav', icon: FileClock, order: 71, visible: hasAnyRole('dpo') },
  ],
  messages: citizensMessages,
};
