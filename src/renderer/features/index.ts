/**
 * The feature registry: every screen of the app is a feature folder registered here.
 * Adding one: create src/renderer/features/<id>/index.ts exporting a `Feature` (see types.ts),
 * import it below and append it to `features`. Only registered features appear in the navigation.
 */
import { birthdaysFeature } from './birthdays/index.js';
import { directoryFeature } from './directory/index.js';
import { agendaFeature } from './agenda/index.js';
import { approvalsFeature } from './approvals/index.js';
import { ordersFeature } from './orders/index.js';
import { lettersFeature } from './letters/index.js';
import { citizensFeature } from './citizens/index.js';
import { settingsFeature } from './settings/index.js';
import { adminFeature } from './admin/index.js';
import type { RouteRecordRaw } from 'vue-router';
import type { Feature, HomeCard, NavEntry } from './types.js';
import type { Role } from '../../shared/sync/protocol.js';

export const features: Feature[] = [
  directoryFeature,
  birthdaysFeature,
  agendaFeature,
  approvalsFeature,
  ordersFeature,
  lettersFeature,
  citizensFeature,
  settingsFeature,
  adminFeature,
  // Other features append here, one line each.
];

/** Every feature's routes, each marked with its feature (`meta.feature`: the router loads its screen strings first). */
export function featureRoutes(list: readonly Feature[] = features): RouteRecordRaw[] {
  return list.flatMap((feature) => feature.routes.map((route) => ({ ...route, meta: { ...route.meta, feature: feature.id } }) as RouteRecordRaw));
}

export function navEntries(roles: readonly Role[], list: readonly Feature[] = features): NavEntry[] {
  return list
    .flatMap((feature) => feature.nav ?? [])
    .filter((entry) => entry.visible?.(roles) ?? true)
    .sort((a, b) => a.order - b.order);
}

export function homeCards(roles: readonly Role[], list: readonly Feature[] = features): HomeCard[] {
  return list
    .flatMap((feature) => feature.homeCards ?? [])
    .filter((card) => card.visible?.(roles) ?? true)
    .sort((a, b) => a.order - b.order);
}
