import { Landmark } from 'lucide-vue-next';
import type { Feature } from '../types.js';
import NextMeetingsCard from './NextMeetingsCard.vue';
import { agendaMessages } from './messages/index.js';

export const agendaFeature: Feature = {
  id: 'agenda',
  routes: [
    { path: '/agenda', name: 'agenda', component: () => import('./AgendaView.vue'), meta: { titleKey: 'agenda.title' } },
    { path: '/agenda/:id', name: 'meeting', component: () => import('./MeetingView.vue'), meta: { titleKey: 'agenda.title' } },
  ],
  nav: [{ path: '/agenda', labelKey: 'agenda.nav', icon: Landmark, order: 30 }],
  homeCards: [{ id: 'agenda-next', order: 30, component: NextMeetingsCard }],
  messages: agendaMessages,
};
