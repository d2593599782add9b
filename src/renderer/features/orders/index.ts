import { ShoppingCart } from 'lucide-vue-next';
import type { Feature } from '../types.js';
import OpenOrdersCard from './OpenOrdersCard.vue';
import { ordersMessages } from './messages.js';

export const ordersFeature: Feature = {
  id: 'orders',
  routes: [
    { path: '/orders', name: 'orders', component: () => import('./OrdersView.vue'), meta: { titleKey: 'orders.title' } },
    { path: '/orders/:id', name: 'order', component: () => import('./OrderView.vue'), meta: { titleKey: 'orders.title' } },
  ],
  nav: [{ path: '/orders', labelKey: 'orders.nav', icon: ShoppingCart, order: 50 }],
  homeCards: [{ id: 'orders-open', order: 40, component: OpenOrdersCard }],
  messages: ordersMessages,
};
