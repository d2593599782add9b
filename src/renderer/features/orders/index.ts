import { Receipt, ShoppingCart } from 'lucide-vue-next';
import type { Feature } from '../types.js';
import OpenOrdersCard from './OpenOrdersCard.vue';
import { ordersMessages } from './messages/index.js';

export const ordersFeature: Feature = {
  id: 'orders',
  routes: [
    { path: '/orders', name: 'orders', component: () => import('./OrdersView.vue'), meta: { titleKey: 'orders.title' } },
    { path: '/orders/new', name: 'order-new', component: () => import('./OrderFormView.vue'), meta: { titleKey: 'orders.form.newTitle' } },
    { path: '/orders/finance', name: 'orders-finance', component: () => import('./FinanceQueueView.vue'), meta: { titleKey: 'orders.finance.title', roles: ['finance'] } },
    { path: '/orders/:id', name: 'order', component: () => import('./OrderView.vue'), meta: { titleKey: 'orders.title' } },
    { path: '/orders/:id/edit', name: 'order-edit', component: () => import('./OrderFormView.vue'), meta: { titleKey: 'orders.form.editTitleShort' } },
  ],
  nav: [
    { path: '/orders', labelKey: 'orders.nav', icon: ShoppingCart, order: 50 },
    { path: '/orders/finance', labelKey: 'orders.finance.nav', icon: Receipt, order: 51, visible: (roles) => roles.includes('finance') },
  ],
  homeCards: [{ id: 'orders-open', order: 40, component: OpenOrdersCard }],
  messages: ordersMessages,
};
