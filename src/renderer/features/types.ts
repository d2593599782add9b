/**
 * What a feature (a screen or a group of screens) hands to the app shell. The shell builds the
 * router, the navigation, the Home cards and the i18n messages from the registered features.
 */
import type { Component } from 'vue';
import type { RouteRecordRaw } from 'vue-router';
import type { Role } from '../../shared/sync/protocol.js';
import type { FeatureMessages } from '../i18n/locales.js';

export type NavEntry = {
  /** Route path the entry opens, e.g. '/directory'. */
  path: string;
  /** i18n key of the label, e.g. 'directory.nav'. */
  labelKey: string;
  /** The icon before the label (decorative, hidden from screen readers): a Lucide component, or a short glyph. */
  icon: Component | string;
  /** Position in the navigation: lower first. Home is 0; directory 10, birthdays 20, ... */
  order: number;
  /** Shown only when this returns true for the signed-in user's roles (default: everyone). */
  visible?: (roles: readonly Role[]) => boolean;
  /**
   * A count shown next to the label (e.g. approvals waiting), or null for none. Called inside a
   * computed in the layout: it may read Pinia stores and stays reactive.
   */
  badge?: () => number | null;
  /** i18n key read by screen readers after the count, pluralized with {count} (default 'app.badge'). */
  badgeLabelKey?: string;
};

export type HomeCard = {
  id: string;
  /** Position on Home: lower first. Birthdays is 10; sync state is always last. */
  order: number;
  /** A small self-contained component that loads its own data and renders one `<section class="card">` with an h2. */
  component: Component;
  visible?: (roles: readonly Role[]) => boolean;
};

export type Feature = {
  /** Folder name and i18n namespace: 'directory', 'agenda', ... */
  id: string;
  /** Routes of the feature; set `meta.titleKey` for the window title. */
  routes: RouteRecordRaw[];
  nav?: NavEntry[];
  homeCards?: HomeCard[];
  /**
   * Strings for nl-BE, fr-BE and en, same keys in all three, under the feature's id: the feature's
   * `messages/index.ts`. `shell`: what the app shows before a screen of the feature opens (nl-BE in
   * the first load); `screens`: the rest, loaded with the feature's routes (see FeatureMessages).
   */
  messages: FeatureMessages;
};

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the screen title (window title and <h1>). */
    titleKey?: string;
    /** Roles of which the user needs at least one to open the route (default: any signed-in user). */
    roles?: readonly Role[];
    /**
     * Set by the registry (`featureRoutes`), not by hand: the feature whose screen strings the
     * router loads before the route renders.
     */
    feature?: string;
  }
}

/** Helper for nav/card predicates: true when the user has at least one of the roles. */
export function hasAnyRole(...wanted: Role[]): (roles: readonly Role[]) => boolean {
  return (roles) => wanted.some((role) => roles.includes(role));
}
