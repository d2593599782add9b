import { Wrench } from 'lucide-vue-next';
import { hasAnyRole, type Feature } from '../types.js';
import { adminMessages } from './messages/index.js';

/**
 * Beheer (administration): accounts, roles, deputies and the admin log of the own municipality.
 * Online only (no cache): the nav entry shows only for the `admin` role; the backend refuses
 * everyone else and other municipalities' accounts anyway.
 */
export const adminFeature: Feature = {
  id: 'admin',
  routes: [{ path: '/admin', name: 'admin', component: () => import('./AdminView.vue'), meta: { titleKey: 'admin.title', roles: ['admin'] } }],
  nav: [{ path: '/admin', labelKey: 'admin.nav', icon: Wrench, order: 85, visible: hasAnyRole('admin') }],
  messages: adminMessages,
};
