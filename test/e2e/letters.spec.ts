/**
 * Letter numbers end to end (Chromium -> web harness -> real backend): a number requested while the
 * backend is down shows "pending, number follows", and the number appears when it is back; cancel
 * with a reason keeps the number; the secretariat's register lists it. Axe-clean, screenshots.
 */
import { expect, test } from './fixtures.js';

test('reserve offline: pending, number follows; backend back: the number is shown; cancel keeps it', async ({ app: page, stack, axe, shot }) => {
  await page.getByRole('navigation').getByRole('link', { name: 'Briefnummers' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Briefnummers' })).toBeVisible();
  await axe('letters');

  // the form validates before anything is queued
  await page.getByRole('button', { name: 'Nummer aanvragen' }).click();
  await expect(page.getByText('Vul de verplichte velden in.')).toBeVisible();
  await expect(page.getByLabel(/^Onderwerp/)).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel(/^Onderwerp/)).toBeFocused();

  await stack.backend.stop();
  await stack.harness.call('sync.now').catch(() => undefined);

  const subject = `Antwoord bouwaanvraag ${Date.now()}`;
  await page.getByLabel(/^Onderwerp/).fill(subject);
  await page.getByLabel(/^Bestemmeling/).fill('Familie Testmans');
  const department = page.getByLabel(/^Dienst/);
  if ((await department.inputValue()) === '') await department.selectOption({ index: 1 });
  await page.getByLabel(/^Behandelaar/).fill('An Peeters');
  await page.getByRole('radio', { name: 'Aangetekend' }).check();
  await page.getByLabel('Uw kenmerk').fill('UK-2026-7');
  await page.getByRole('button', { name: 'Nummer aanvragen' }).click();

  await expect(page.getByRole('status').filter({ hasText: 'Aanvraag bewaard' })).toBeVisible();
  await expect(page.getByTestId('letter-result')).toContainText('U bent offline. De aanvraag wordt verstuurd zodra er verbinding is');
  const row = page.getByRole('row').filter({ hasText: subject });
  await expect(row).toContainText('in behandeling, nummer volgt');
  await expect(row).toContainText('In behandeling, nummer volgt');
  await axe('letters pending');
  await shot('letters-pending');

  await stack.backend.start();
  await stack.harness.call('sync.now').catch(() => undefined);
  await expect(row.locator('.letters-table__number strong')).toHaveText(/^\d{4}\/\d{5}$/, { timeout: 60_000 });
  const number = (await row.locator('.letters-table__number strong').textContent())!;
  // the pending notice under the form turned into the number
  await expect(page.getByTestId('letter-result').locator('.letter-result__number')).toHaveText(number);
  await expect(row).toContainText('Gereserveerd');
  await shot('letters-number');

  // cancel with a reason: refused without one, then the number stays as cancelled
  await row.getByRole('button', { name: /^Annuleren/ }).click();
  await expect(page.getByLabel('Reden van annulering')).toBeFocused();
  await page.getByRole('button', { name: 'Nummer annuleren' }).click();
  await expect(page.getByText('Geef een reden (minstens 3 tekens).')).toBeVisible();
  await page.getByLabel('Reden van annulering').fill('Dubbel aangevraagd');
  await page.getByRole('button', { name: 'Nummer annuleren' }).click();
  await stack.harness.call('sync.now');
  await expect(row).toContainText('Geannuleerd', { timeout: 30_000 });
  await expect(row).toContainText(number);
  await expect(row).toContainText('Dubbel aangevraagd');
  await axe('letters cancelled');
  await shot('letters-cancelled');

  // the secretariat's register lists every number, this one as cancelled
  expect(await page.getByRole('navigation').getByRole('link', { name: 'Briefregister' }).count()).toBe(0);
  try {
    await stack.harness.call('session.signIn', { username: 'secretariaat', password: 'demo' });
    await stack.harness.waitForSync();
    await page.reload();
    await page.getByRole('navigation').getByRole('link', { name: 'Briefregister' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Briefregister' })).toBeVisible();
    const registered = page.getByRole('row').filter({ hasText: number });
    await expect(registered).toContainText('Geannuleerd');
    await expect(page.getByText(/Ontbrekende nummers/)).toHaveCount(0);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Exporteren (CSV)' }).click();
    expect((await download).suggestedFilename()).toMatch(/^briefregister-.*\.csv$/);
    await axe('letter register');
    await shot('letters-register');
  } finally {
    await stack.harness.call('session.signIn', { username: 'demo', password: 'demo' });
    await stack.harness.waitForSync();
  }
});

test('reserve online: the number is shown large under the form the moment the server answers, with a copy button', async ({ app: page, axe, shot }) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
  await page.getByRole('navigation').getByRole('link', { name: 'Briefnummers' }).click();
  const subject = `Online aanvraag ${Date.now()}`;
  await page.getByLabel(/^Onderwerp/).fill(subject);
  await page.getByLabel(/^Bestemmeling/).fill('Familie Testmans');
  const department = page.getByLabel(/^Dienst/);
  if ((await department.inputValue()) === '') await department.selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Nummer aanvragen' }).click();

  const result = page.getByTestId('letter-result');
  const number = result.locator('.letter-result__number');
  await expect(number).toHaveText(/^\d{4}\/\d{5}$/, { timeout: 30_000 });
  await expect(result.getByRole('status').first()).toContainText('Uw briefnummer');
  await expect(result).toContainText(subject);
  // large: at least twice the body text, and inside the viewport without scrolling
  const size = Number.parseFloat(await number.evaluate((el) => (el.ownerDocument.defaultView as unknown as { getComputedStyle(e: unknown): { fontSize: string } }).getComputedStyle(el).fontSize));
  expect(size).toBeGreaterThanOrEqual(32);
  await expect(number).toBeInViewport();
  // the same number as in the list below
  const shown = (await number.textContent())!;
  await expect(page.getByRole('row').filter({ hasText: subject })).toContainText(shown);

  await result.getByRole('button', { name: `Nummer kopiëren ${shown}` }).click();
  await expect(result).toContainText('Gekopieerd naar het klembord.');
  expect(await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText())).toBe(shown);
  await axe('letters number shown');
  await shot('letters-online-number');
});
