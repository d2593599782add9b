/**
 * Beheer end to end (Chromium -> web harness -> real backend): the admin finds a colleague with the
 * typeahead (keyboard only), grants a role with the checkboxes, sees the change in the Logboek tab
 * and the directory sources with their last run in Bronnen;
 * disabling asks for confirmation first (cancelled here). axe on both tabs and the dialog; a user
 * without the admin role has no Beheer entry.
 */
import { expect, test } from './fixtures.js';

test('a user without the admin role has no Beheer entry', async ({ app: page, stack }) => {
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Briefnummers' })).toBeVisible();
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Beheer' })).toHaveCount(0);
  await expect(stack.harness.call('admin.accounts', { q: 'demo' })).rejects.toThrow(/forbidden/);
});

test('the admin grants a role to a colleague in Beheer and sees it in the log', async ({ app: page, stack, axe, shot }) => {
  try {
    await stack.harness.call('session.signIn', { username: 'admin', password: 'demo' });
    await stack.harness.waitForSync();
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.reload();
    await page.getByRole('navigation').getByRole('link', { name: 'Beheer' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Beheer' })).toBeVisible();
    const find = page.getByRole('combobox', { name: 'Account zoeken' });
    await expect(find).toBeFocused();
    await axe('beheer');

    // keyboard only: type, the suggestion list opens, Enter chooses the first
    await find.fill('burgerzaken');
    await expect(page.getByRole('option', { name: /burgerzaken/ })).toBeVisible();
    await find.press('ArrowDown');
    await find.press('Enter');
    const account = page.getByTestId('admin-account');
    await expect(account).toContainText('burgerzaken');
    await expect(page.getByRole('checkbox', { name: 'Burgerzaken' })).toBeChecked();
    const secretariat = page.getByRole('checkbox', { name: 'Secretariaat' });
    await expect(secretariat).not.toBeChecked();
    await secretariat.check();
    await page.getByRole('button', { name: 'Rollen bewaren' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Rollen bewaard.' })).toBeVisible();
    await expect(secretariat).toBeChecked();
    await axe('beheer account');
    await page.screenshot({ path: '/tmp/beheer-1366-light.png', fullPage: true });
    await shot('beheer-account');

    // disabling asks first; Cancel keeps the account active
    await page.getByRole('button', { name: 'Account uitschakelen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Account uitschakelen' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Annuleren' })).toBeFocused();
    await axe('beheer confirm');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(account).toContainText('Actief');

    // the log tab (arrow keys move between tabs)
    await page.getByRole('tab', { name: 'Accounts' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { name: 'Logboek' })).toHaveAttribute('aria-selected', 'true');
    const row = page.getByTestId('admin-log').getByRole('row').nth(1);
    await expect(row).toContainText('Rollen gewijzigd');
    await expect(row).toContainText('burgerzaken');
    await expect(row).toContainText('admin');
    await expect(row).toContainText('Personeel, Secretariaat, Burgerzaken');
    await axe('beheer log');

    // sources (read-only): the demo seed's source with its last run
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { name: 'Bronnen' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('admin-source').first()).toContainText('Laatste import');
    await axe('beheer sources');
    await page.screenshot({ path: '/tmp/beheer-sources-1366-light.png', fullPage: true });

    await page.setViewportSize({ width: 640, height: 900 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByRole('tab', { name: 'Accounts' }).click();
    await expect(account).toBeVisible();
    await axe('beheer dark narrow');
    await page.screenshot({ path: '/tmp/beheer-640-dark.png', fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });

    const log = await stack.harness.call('admin.log', { limit: 5 });
    expect(log.items[0]).toMatchObject({ actor: 'admin', action: 'roles', target: 'burgerzaken' });
  } finally {
    await stack.harness.call('session.signIn', { username: 'demo', password: 'demo' });
    await stack.harness.waitForSync();
  }
});
