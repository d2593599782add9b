/**
 * electron-updater's autoUpdater as the desktop UpdateService engine, or null with the reason:
 * off when unpackaged, under test (POP_INDEX_TEST / CI / NODE_ENV=test); the policy can turn it off too.
 */
import { app } from 'electron';
import electronUpdater from 'electron-updater';
import type { DisabledReason, UpdaterEngine } from '../desktop/updater.js';

export function createUpdaterEngine(env: Record<string, string | undefined>): { engine: UpdaterEngine | null; disabledReason: DisabledReason | null } {
  if (env.POP_INDEX_TEST || env.CI || env.NODE_ENV === 'test') return { engine: null, disabledReason: 'test' };
  if (!app.isPackaged) return { engine: null, disabledReason: 'unpackaged' };
  // Loaded lazily: the getter picks NSIS, AppImage, deb or the macOS updater for this platform.
  return { engine: electronUpdater.autoUpdater satisfies UpdaterEngine, disabledReason: null };
}
