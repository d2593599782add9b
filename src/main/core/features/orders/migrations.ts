/**
 * Cache tables of the orders feature. Numbered per feature; additive once shipped.
 *   1: purchase_orders (synced rows)
 *   2: order_actions: my actions on an order (outbox command `orders.transition`), one per order and
 *      status it was taken from: pending, then applied / rejected from the server's answer.
 *   3: order_budget_keys: the budget keys finance published (synced collection budgetKeys)
 *   4: order_discarded: new drafts the server refused that the user threw away (hidden from the lists)
 */
import type { CacheMigration } from '../types.js';

export const ordersMigrations: CacheMigration[] = [
  {
    version: 1,
    name: 'purchase orders',
    up(db) {
      db.exec(`
        CREATE TABLE purchase_orders (
          id TEXT PRIMARY KEY,
          status TEXT NOT NULL,
          requester_id TEXT NOT NULL,
          department_id TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          data TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 2,
    name: 'order actions',
    up(db) {
      db.exec(`
        CREATE TABLE order_actions (
          order_id TEXT NOT NULL,
          from_status TEXT NOT NULL,
          person_id TEXT,
          action TEXT NOT NULL,
          status TEXT NOT NULL,
          reason TEXT,
          message TEXT,
          at TEXT NOT NULL,
          PRIMARY KEY (order_id, from_status)
        );
      `);
    },
  },
  {
    version: 3,
    name: 'budget keys',
    up(db) {
      db.exec(`
        CREATE TABLE order_budget_keys (
          id TEXT PRIMARY KEY,
          active INTEGER NOT NULL,
          label TEXT NOT NULL,
          data TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 4,
    name: 'discarded drafts',
    up(db) {
      db.exec('CREATE TABLE order_discarded (order_id TEXT PRIMARY KEY, at TEXT NOT NULL);');
    },
  },
];
