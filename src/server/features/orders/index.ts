/** Purchase orders (bestelbonnen): status flow with history, approval through the linked request. */
import type { ServerFeature } from '../types.js';
import { purchaseOrders } from './collections.js';
import { ordersCommands } from './commands.js';
import { ordersMigrations } from './migrations.js';
import { seedOrders } from './seed.js';

export const ordersFeature: ServerFeature = {
  name: 'orders',
  migrations: ordersMigrations,
  collections: { purchaseOrders },
  commands: ordersCommands,
  seed: seedOrders,
};
