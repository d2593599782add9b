/**
 * Dates and times in the Belgian way (dd/mm/jjjj, 24-hour) in every date and time field, with the
 * browser in US English (navigator.language en-US, --lang=en-US): a native <input type=date|time>
 * would show mm/dd/yyyy and 08:30 AM here. Citizen birth date, the DPO's export range, the
 * notification and update times in Settings.
 */
import { expect, openApp, test } from './fixtures.js';

test.use({
  locale: 'en-US',
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run', '--lang=en-US'],
  },
});

const NATIVE = 'input[type=date], input[type=time], input[type=datetime-local], input[type=month], input[type=week]';

test('settings: the notification time is 24-hour uu:mm with an en-US browser', async ({ app: page, stack, axe, shot }) => {
  expect(await page.evaluate(() => (globalThis as unknown as { navigator: { language: string } }).navigator.language)).toBe('en-US');
  await page.getByRole('navigation').getByRole('link', { name: 'Instellingen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Instellingen' })).toBeVisible();
  expect(await page.locator(NATIVE).count()).toBe(0);
  const time = page.locator('#settings-birthday-time');
  await expect(time).toHaveValue(/^\d{2}:\d{2}$/);
  await expect(time).toHaveAttribute('placeholder', 'uu:mm');

  await time.fill('20u15');
  await time.press('Tab');
  await expect(time).toHaveValue('20:15');
  await expect.poll(async () => (await stack.harness.call('settings.get')).values.birthdayNotificationTime).toBe('20:15');

  // an impossible time is refused with a message, nothing is saved
  await time.fill('08:30 PM');
  await time.press('Tab');
  await expect(time).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Geef een tijd als uu:mm (24 uur), bijvoorbeeld 08:30.')).toBeVisible();
  expect((await stack.harness.call('settings.get')).values.birthdayNotificationTime).toBe('20:15');
  await axe('settings time en-US');
  await shot('settings-time-en-US');
  await time.fill('08:00');
  await time.press('Tab');
  await expect.poll(async () => (await stack.harness.call('settings.get')).values.birthdayNotificationTime).toBe('08:00');
});

test('citizen birth date and the DPO export range are dd/mm/jjjj with an en-US browser', async ({ page, stack, axe, shot }) => {
  try {
    await stack.harness.call('session.signIn', { username: 'burgerzaken', password: 'demo' });
    await openApp(page, stack.harness, 'burgerzaken');
    await stack.harness.waitForSync();
    await page.getByRole('navigation').getByRole('link', { name: 'Burgers opzoeken' }).click();
    expect(await page.locator(NATIVE).count()).toBe(0);
    const birth = page.getByLabel('Geboortedatum');
    await expect(birth).toHaveAttribute('placeholder', 'dd/mm/jjjj');
    await birth.pressSequentially('11012026');
    await expect(birth).toHaveValue('11/01/2026'); // masked while typing
    await birth.fill('31/02/2026');
    await birth.press('Tab');
    await expect(birth).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText('Geef een bestaande datum als dd/mm/jjjj')).toBeVisible();
    await axe('citizen birth date en-US');
    await shot('citizens-birthdate-en-US');

    await stack.harness.call('session.signIn', { username: 'dpo', password: 'demo' });
    await stack.harness.waitForSync();
    await page.reload();
    await page.getByRole('navigation').getByRole('link', { name: 'Raadplegingslog' }).click();
    expect(await page.locator(NATIVE).count()).toBe(0);
    const from = page.getByLabel('Van');
    const to = page.getByLabel('Tot');
    await expect(from).toHaveValue(/^01\/\d{2}\/\d{4}$/);
    await expect(to).toHaveValue(/^\d{2}\/\d{2}\/\d{4}$/);
    await from.fill('11/01/2026');
    await to.fill('5/2/2026');
    await to.press('Tab');
    await expect(to).toHaveValue('05/02/2026');
    const request = page.waitForRequest((r) => r.url().includes('citizens.auditExport'));
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Exporteren (CSV)' }).click();
    expect((await request).postDataJSON()).toMatchObject({ from: '2026-01-11', to: '2026-02-05' }); // 11 January, not November 1st
    await download;
    await axe('audit range en-US');
    await shot('citizens-audit-en-US');
  } finally {
    await stack.harness.call('session.signIn', { username: 'demo', password: 'demo' });
  }
});
