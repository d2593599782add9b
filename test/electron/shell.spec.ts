/**
 * The Electron shell, for real: window security settings, the preload API, demo mode. Runs where
 * the Electron binary exists; elsewhere every test is skipped with "skipped: no Electron binary".
 */
import { expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { METHODS } from '../../src/shared/ipc/channels.js';
import { electronPath, launchApp } from './electron-app.js';

/** The renderer's global as these page functions see it (this tsconfig has no DOM types). */
type PageGlobal = { popIndex: Record<string, (input?: unknown) => Promise<unknown>>; open(url: string): unknown; location: { href: string } };

test.skip(!electronPath, 'no Electron binary');

let app: ElectronApplication;
let page: Page;

test.beforeAll(async () => {
  ({ app, page } = await launchApp());
});
test.afterAll(async () => {
  await app?.close();
});

test('the window is locked down and loads the UI from app://pop-index/', async () => {
  const prefs = await app.evaluate(({ BrowserWindow }) => {
    const win = BrowserWindow.getAllWindows()[0];
    if (!win) throw new Error('no window');
    // Electron keeps the effective preferences (not in its typings).
    const p = (win.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> | null }).getLastWebPreferences();
    return { contextIsolation: p?.contextIsolation, sandbox: p?.sandbox, nodeIntegration: p?.nodeIntegration, webSecurity: p?.webSecurity, webviewTag: p?.webviewTag, url: win.webContents.getURL() };
  });
  expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
  expect(prefs.url.startsWith('app://pop-index/')).toBe(true);
  expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  // New windows are denied; navigation away is refused.
  expect(await page.evaluate(() => (globalThis as unknown as PageGlobal).open('https://example.org') === null)).toBe(true);
  await page.evaluate(() => ((globalThis as unknown as PageGlobal).location.href = 'https://example.org/'));
  await page.waitForTimeout(500);
  expect(page.url().startsWith('app://pop-index/')).toBe(true);
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
});

test('the preload exposes one function per contract method, never ipcRenderer', async () => {
  const keys = await page.evaluate(() => Object.keys((globalThis as unknown as PageGlobal).popIndex));
  for (const method of METHODS) expect(keys).toContain(method);
  expect(keys).toContain('on');
  expect(keys).not.toContain('ipcRenderer');
  const error = await page.evaluate(async () => {
    try {
      await (globalThis as unknown as PageGlobal).popIndex['directory.search']!({ limit: 'many' });
      return 'no error';
    } catch (err) {
      return String((err as Error).message);
    }
  });
  expect(error).toContain('[pop:invalid_input]');
});

test('demo mode: no backend configured, the embedded demo backend runs and the UI says Demo', async () => {
  const info = await page.evaluate(() => (globalThis as unknown as PageGlobal).popIndex['app.info']!());
  expect(info).toMatchObject({ demo: true, shell: 'electron' });
  await expect(page.getByTestId('demo-label')).toHaveText('Demo');
});
