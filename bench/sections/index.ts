/**
 * The bench sections, run in this order. Add yours with ONE import line and ONE array entry
 * (re-read this file right before editing: others append too).
 */
import { benchBrowser } from './browser.js';
import { benchCoreWorker } from './core-worker.js';
import { benchImports } from './imports.js';
import { benchMeetings } from './meetings.js';
import { benchRenderer } from './renderer.js';
import { benchSearch } from './search.js';
import { benchSync } from './sync.js';
import type { BenchSection } from './types.js';

export const sections: BenchSection[] = [
  { name: 'search', run: benchSearch },
  { name: 'import', run: benchImports },
  { name: 'meetings', run: benchMeetings },
  { name: 'core-worker', run: benchCoreWorker },
  { name: 'renderer', run: benchRenderer },
  { name: 'browser', run: benchBrowser },
  { name: 'sync', run: benchSync },
];
