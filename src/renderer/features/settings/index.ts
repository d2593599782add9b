import { Settings } from 'lucide-vue-next';
import type { Feature } from '../types.js';
import UpdateNoticeCard from './UpdateNoticeCard.vue';
import { settingsMessages } from './messages/index.js';

export const settingsFeature: Feature = {
  id: 'settings',
  routes: [{ path: '/settings', name: 'settings', component: () => import('./SettingsView.vue'), meta: { titleKey: 'settings.title' } }],
  nav: [{ path: '/settings', labelKey: 'settings.nav', icon: Settings, order: 90 }],
  homeCards: [{ id: 'update-notice', order: 1, component: UpdateNoticeCard }],
  messages: settingsMessages,
};
