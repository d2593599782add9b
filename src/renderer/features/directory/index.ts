import { BookUser } from 'lucide-vue-next';
import type { Feature } from '../types.js';
import { directoryMessages } from './messages/index.js';

export const directoryFeature: Feature = {
  id: 'directory',
  routes: [
    { path: '/directory', name: 'directory', component: () => import('./DirectoryView.vue'), meta: { titleKey: 'directory.title' } },
    { path: '/directory/:id', name: 'person', component: () => import('./PersonView.vue'), meta: { titleKey: 'directory.title' } },
  ],
  nav: [{ path: '/directory', labelKey: 'directory.nav', icon: BookUser, order: 10 }],
  messages: directoryMessages,
};
