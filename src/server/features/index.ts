/**
 * The registry of server features. Add yours with ONE import line and ONE array entry (small
 * str_replace edit; re-read this file right before editing, others append too).
 * Order matters only for `seed` (features seed in this order, after the directory).
 */
import { directoryFeature } from './directory/index.js';
import { agendaFeature } from './agenda/index.js';
import { approvalsFeature } from './approvals/index.js';
import { ordersFeature } from './orders/index.js';
import { lettersFeature } from './letters/index.js';
import { citizensFeature } from './citizens/index.js';
import { serviceApiFeature } from './service-api/index.js';
import type { ServerFeature } from './types.js';

export const serverFeatures: ServerFeature[] = [
  directoryFeature,
  agendaFeature,
  approvalsFeature,
  ordersFeature,
  lettersFeature,
  citizensFeature,
  serviceApiFeature,
];
