/**
 * Offline: the backend goes away, the UI says so (with the last sync time) and the directory keeps
 * working from the local cache; when the backend is back, the banner goes away.
 */
import { expect, test } from './fixtures.js';

test('stop the backend: offline banner, directory still searchable; back online afterwards', async ({ app: page, stack, axe, shot }) => {
  const someone = (await stack.harness.call('directory.search', { query: '', limit: 1 })).items[0];
  expect(someone, 'the cache holds colleagues').toBeDefined();
  const banner = page.getByTestId('offline-banner');
  await expect(banner).toHaveCount(0);

  await stack.backend.stop();
  // Ask for a sync so the core notices at once instead of at its next interval.
  await stack.harness.call('sync.now').catch(() => undefined);
  await expect(banner).toBeVisible({ timeout: 60_000 });
  await expect(banner).toContainText(/^Offline: u werkt met de gegevens van \S+dag \d{1,2} \S+ \d{4} om \d{2}:\d{2}\.$/);
  await expect(page.getByRole('status').filter({ has: banner })).toHaveAttribute('aria-live', 'polite');

  await page.getByRole('navigation').getByRole('link', { name: 'Collega’s' }).click();
  const search = page.getByRole('combobox', { name: 'Zoek een collega' });
  await search.pressSequentially(someone!.lastName.slice(0, 4), { delay: 30 });
  await expect(page.getByRole('option', { name: new RegExp(`${someone!.firstName} ${someone!.lastName}`) }).first()).toBeVisible();
  await expect(banner).toBeVisible();
  await axe('directory offline');
  await shot('directory-offline');

  await stack.backend.start();
  await stack.harness.call('sync.now').catch(() => undefined);
  await expect(banner).toHaveCount(0, { timeout: 60_000 });
});
