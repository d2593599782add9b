import { Cake } from 'lucide-vue-next';
import type { Feature } from '../types.js';
import BirthdaysTodayCard from './BirthdaysTodayCard.vue';
import { birthdaysMessages } from './messages/index.js';

export const birthdaysFeature: Feature = {
  id: 'birthdays',
  routes: [{ path: '/birthdays', name: 'birthdays', component: () => import('./BirthdaysView.vue'), meta: { titleKey: 'birthdays.title' } }],
  nav: [{ path: '/birthdays', labelKey: 'birthdays.nav', icon: Cake, order: 20 }],
  homeCards: [{ id: 'birthdays-today', order: 10, component: BirthdaysTodayCard }],
  messages: birthdaysMessages,
};
