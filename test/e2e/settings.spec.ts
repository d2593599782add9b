/**
 * The settings screen end to end (Chromium -> web harness -> desktop host + core -> real backend):
 * reachable from the navigation by keyboard, axe-clean, a notification choice survives a reload,
 * updates show why they are off in the browser, "copy diagnostics" puts the helpdesk text on the
 * clipboard.
 */
import { expect, test } from './fixtures.js';

test('settings: keyboard-reachable, axe-clean, choices kept, diagnostics copied', async ({ app: page, stack, axe, shot, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.harness.origin });
  const link = page.getByRole('navigation').getByRole('link', { name: 'Instellingen' });
  await link.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Instellingen' })).toBeVisible();
  await expect(page.getByText('Pop Index versie 0.1.0')).toBeVisible();
  await expect(page.getByTestId('settings-updates').getByRole('status')).toHaveText(/Automatische updates staan uit\.\s+— browserversie/);
  await axe('settings');
  await shot('settings');

  const approvals = page.getByRole('checkbox', { name: 'Nieuwe goedkeuringen' });
  await expect(approvals).toBeChecked();
  await approvals.press('Space');
  await expect(page.getByRole('status').filter({ hasText: 'Bewaard.' })).toBeVisible();
  expect((await stack.harness.call('settings.get')).values.notifyApprovals).toBe(false);
  await page.reload();
  await expect(page.getByRole('checkbox', { name: 'Nieuwe goedkeuringen' })).not.toBeChecked();

  await page.getByRole('button', { name: 'Diagnose kopiëren' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'De diagnose staat op het klembord.' })).toBeVisible();
  const copied = await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
  expect(copied).toContain('Pop Index 0.1.0 (web)');
  expect(copied).toContain('Sync: online');

  await stack.harness.call('settings.set', { notifyApprovals: true });
});
