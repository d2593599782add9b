/**
 * Finding and launching the real Electron app for the _electron tests. Where no Electron binary
 * exists (it cannot be downloaded on some machines), `electronPath` is null and the tests skip
 * with the printed reason "skipped: no Electron binary".
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication, type Page } from '@playwright/test';

export const root = join(import.meta.dirname, '..', '..');

function findElectron(): string | null {
  if (process.env.ELECTRON_PATH && existsSync(process.env.ELECTRON_PATH)) return process.env.ELECTRON_PATH;
  const res = spawnSync(process.execPath, ['-e', 'process.stdout.write(require("electron"))'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  const path = res.stdout?.trim();
  return res.status === 0 && path && existsSync(path) ? path : null;
}

export const electronPath = findElectron();
if (!electronPath) console.log('skipped: no Electron binary');

export async function launchApp(env: Record<string, string> = {}): Promise<{ app: ElectronApplication; page: Page; userData: string }> {
  if (!electronPath) throw new Error('no Electron binary');
  if (!existsSync(join(root, 'out', 'main', 'index.js'))) spawnSync(join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], { cwd: root, stdio: 'inherit' });
  const userData = mkdtempSync(join(tmpdir(), 'pop-electron-'));
  const app = await _electron.launch({
    executablePath: electronPath,
    args: [root],
    env: { ...(process.env as Record<string, string>), POP_INDEX_TEST: '1', POP_INDEX_USER_DATA: userData, POP_INDEX_POLICY: join(userData, 'no-policy.json'), ...env },
  });
  const page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  return { app, page, userData };
}
