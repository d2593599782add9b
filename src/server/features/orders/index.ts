/** Purchase orders (bestelbonnen): status flow with history, approval through the linked request. */
import type { ServerFeature } from '../types.js';
import { budgetKeys } from './budget-keys.js';
import { purchaseOrders } from './collections.js';
import { ordersCommands } from './commands.js';
import { ordersMigrations } from './migrations.js';
import { ordersRoutes } from './routes.js';
import { seedOrders } from './seed.js';

export const ordersFeature: ServerFeature = {
  name: 'orders',
  migrations: ordersMigrations,
  collections: { purchaseOrders, budgetKeys },
  routes: ordersRoutes,
  commands: ordersCommands,
  seed: seedOrders,
};
