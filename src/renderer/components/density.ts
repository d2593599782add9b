/**
 * Display density: "comfortable" (default) or "compact", for people who keep Pop Index open
 * beside their work. A per-PC display choice kept in localStorage and set as <html data-density>;
 * the stylesheet scales the rem-based sizes and tightens spacing.
 */
import { ref } from 'vue';

export const DENSITIES = ['comfortable', 'compact'] as const;
export type Density = (typeof DENSITIES)[number];
const KEY = 'popIndex.density';

function stored(): Density {
  try {
    return window.localStorage.getItem(KEY) === 'compact' ? 'compact' : 'comfortable';
  } catch {
    return 'comfortable';
  }
}

export const density = ref<Density>('comfortable');

export function applyDensity(value: Density = stored()): void {
  density.value = value;
  document.documentElement.dataset.density = value;
}

export function setDensity(value: Density): void {
  try {
    window.localStorage.setItem(KEY, value);
  } catch {
    // storage refused: it still applies to this window
  }
  applyDensity(value);
}
