import { BookOpen, Mail } from 'lucide-vue-next';
import { hasAnyRole, type Feature } from '../types.js';
import { lettersMessages } from './messages/index.js';

export const lettersFeature: Feature = {
  id: 'letters',
  routes: [
    { path: '/letters', name: 'letters', component: () => import('./LettersView.vue'), meta: { titleKey: 'letters.title' } },
    {
      path: '/letter-register',
      name: 'letters-register',
      component: () => import('./RegisterView.vue'),
      meta: { titleKey: 'letters.registerTitle', roles: ['secretariat'] },
    },
  ],
  nav: [
    { path: '/letters', labelKey: 'letters.nav', icon: Mail, order: 60 },
    { path: '/letter-register', labelKey: 'letters.registerNav', icon: BookOpen, order: 61, visible: hasAnyRole('secretariat') },
  ],
  messages: lettersMessages,
};
