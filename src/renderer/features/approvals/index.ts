import { ListChecks } from 'lucide-vue-next';
import type { Feature } from '../types.js';
import ApprovalsCard from './ApprovalsCard.vue';
import { approvalsMessages } from './messages/index.js';
import { useApprovalsStore } from './store.js';

export const approvalsFeature: Feature = {
  id: 'approvals',
  routes: [
    { path: '/approvals', name: 'approvals', component: () => import('./ApprovalsView.vue'), meta: { titleKey: 'approvals.title' } },
    { path: '/approvals/new', name: 'approval-new', component: () => import('./NewRequestView.vue'), meta: { titleKey: 'approvals.form.title' } },
    { path: '/approvals/:id', name: 'approval', component: () => import('./ApprovalDetailView.vue'), meta: { titleKey: 'approvals.title' } },
  ],
  nav: [
    {
      path: '/approvals',
      labelKey: 'approvals.nav',
      icon: ListChecks,
      order: 40,
      badge: () => {
        const n = useApprovalsStore().summary?.pending ?? 0;
        return n > 0 ? n : null;
      },
      badgeLabelKey: 'approvals.badge',
    },
  ],
  homeCards: [{ id: 'approvals-pending', order: 5, component: ApprovalsCard }],
  messages: approvalsMessages,
};
