/**
 * The registry of core features. Add yours: import it and append it to `features` (keep `as const`
 * so its method names reach the type of `createCore().handlers`).
 */
import { directoryFeature } from './directory/index.js';
import { agendaFeature } from './agenda/index.js';
import { approvalsFeature } from './approvals/index.js';
import { ordersFeature } from './orders/index.js';
import { lettersFeature } from './letters/index.js';
import { citizensFeature } from './citizens/index.js';
import { adminFeature } from './admin/index.js';
import type { FeatureMethods } from './types.js';

export const features = [directoryFeature, agendaFeature, approvalsFeature, ordersFeature, lettersFeature, citizensFeature, adminFeature] as const;

export type CoreFeatureMethods = FeatureMethods<typeof features>;
