/**
 * Citizen lookup end to end (Chromium -> web harness -> real backend): a non-population user has no
 * nav entry, the route sends them home and the server refuses the call; a Burgerzaken user looks a
 * citizen up with a purpose (validated first, national number included) and sees the result; leaving
 * the screen drops it (nothing in web storage); offline the screen says it needs a connection.
 */
import { expect, test } from './fixtures.js';

test('a user without the population role has no citizens entry and is refused', async ({ app: page, stack, shot }) => {
  const nav = page.getByRole('navigation');
  await expect(nav.getByRole('link', { name: 'Briefnummers' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Burgers opzoeken' })).toHaveCount(0);
  await page.goto(`${stack.harness.origin}/#/citizens`);
  await expect(page.getByRole('heading', { level: 1, name: 'Geen toegang' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveText('Uw rol geeft geen toegang tot het scherm “Burgers opzoeken”.');
  await expect(page.getByRole('heading', { level: 1, name: 'Burgers opzoeken' })).toHaveCount(0);
  await expect(page).not.toHaveURL(/#\/citizens/);
  await shot('citizens-refused');
  await expect(
    stack.harness.call('citizens.search', { query: { by: 'name', lastName: 'Demeyere' }, reason: { purpose: 'nieuwsgierig', dossier: '' } }),
  ).rejects.toThrow(/forbidden/);
});

test('Burgerzaken looks a citizen up with a purpose; results vanish when leaving; offline needs a connection', async ({ app: page, stack, axe, shot }) => {
  try {
    await stack.harness.call('session.signIn', { username: 'burgerzaken', password: 'demo' });
    await stack.harness.waitForSync();
    await page.reload();
    await page.getByRole('navigation').getByRole('link', { name: 'Burgers opzoeken' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Burgers opzoeken' })).toBeVisible();
    // a reload on the screen waits for the session before checking the role (no "no access" flash)
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Burgers opzoeken' })).toBeVisible();
    await expect(page).toHaveURL(/#\/citizens$/);
    await axe('citizens');

    // burgerzaken may not see national numbers, so it may not search by them either
    await expect(page.getByRole('radio', { name: 'Rijksregisternummer' })).toHaveCount(0);
    // validated before anything is sent: a name too short, and no purpose
    await page.getByLabel(/^Familienaam/).fill('D');
    await page.getByRole('button', { name: 'Zoeken' }).click();
    await expect(page.getByText('Geef minstens 2 letters van de familienaam.')).toBeVisible();
    await expect(page.getByText('Geef het doel van de opzoeking (minstens 3 tekens) of een dossiernummer.')).toBeVisible();
    await expect(page.getByLabel(/^Familienaam/)).toBeFocused();
    await axe('citizens form errors');
    await shot('citizens-validation');

    await page.getByLabel(/^Familienaam/).fill('Demeyere');
    await page.getByLabel('Voornaam').fill('Jozefien');
    await page.getByLabel(/^Doel van de opzoeking/).fill('Attest gezinssamenstelling');
    await page.getByRole('button', { name: 'Zoeken' }).click();
    const result = page.getByRole('button', { name: 'Demeyere, Jozefien' });
    await expect(result).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: /resultaat/ })).toBeVisible();
    await result.click();
    const card = page.getByRole('region', { name: 'Demeyere, Jozefien' });
    await expect(card).toContainText('Gasthuisstraat 12');
    await expect(card).toContainText('Pieter-Jan');
    await expect(card).not.toContainText('Rijksregisternummer'); // burgerzaken may not see it
    await axe('citizen detail');
    await shot('citizens-detail');

    // nothing about the citizen in web storage; leaving the screen drops the results
    const stored = String(await page.evaluate('JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })'));
    expect(stored).not.toContain('Jozefien');
    await page.getByRole('navigation').getByRole('link', { name: 'Collega’s' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Burgers opzoeken' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Burgers opzoeken' })).toBeVisible();
    await expect(page.getByText('Jozefien')).toHaveCount(0);
    await expect(page.getByLabel(/^Familienaam/)).toHaveValue('');

    // offline: the screen says it needs a connection and does not send anything
    await stack.backend.stop();
    await stack.harness.call('sync.now').catch(() => undefined);
    await expect(page.getByText('Opzoeken in het bevolkingsregister kan alleen met verbinding met de server.')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole('button', { name: 'Zoeken' })).toBeDisabled();
    await axe('citizens offline');
    await shot('citizens-offline');
    await stack.backend.start();
    await stack.harness.call('sync.now').catch(() => undefined);
    await expect(page.getByRole('button', { name: 'Zoeken' })).toBeEnabled({ timeout: 60_000 });
  } finally {
    if (!stack.backend.running) await stack.backend.start();
    await stack.harness.call('session.signIn', { username: 'demo', password: 'demo' });
    await stack.harness.waitForSync();
  }
});

test('the data-protection officer sees who looked at a citizen and exports the log', async ({ app: page, stack, axe, shot }) => {
  try {
    // a lookup by the head of Bevolking (who may see the national number), through the same core
    await stack.harness.call('session.signIn', { username: 'bevolking.hoofd', password: 'demo' });
    const reason = { purpose: 'Controle adres', dossier: 'BZ-2026-0099' };
    const found = await stack.harness.call('citizens.search', { query: { by: 'name', lastName: 'Demeyere', firstName: 'Jozefien' }, reason });
    const detail = await stack.harness.call('citizens.view', { id: found.items[0]!.id, reason });
    expect(detail.nationalNumber).toMatch(/^\d{2}\.\d{2}\.\d{2}-\d{3}\.\d{2}$/);

    await stack.harness.call('session.signIn', { username: 'dpo', password: 'demo' });
    await stack.harness.waitForSync();
    await page.reload();
    await expect(page.getByRole('navigation').getByRole('link', { name: 'Burgers opzoeken' })).toHaveCount(0);
    await page.getByRole('navigation').getByRole('link', { name: 'Raadplegingslog' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Raadplegingslog' })).toBeVisible();
    await page.getByLabel('Rijksregisternummer').fill(detail.nationalNumber!);
    await page.getByRole('button', { name: 'Tonen' }).click();
    const entries = page.getByRole('region', { name: /raadpleging/ });
    await expect(entries).toContainText('bevolking.hoofd');
    await expect(entries).toContainText('fiche geopend');
    await expect(entries).toContainText('Controle adres (BZ-2026-0099)');
    await axe('citizens audit');
    await shot('citizens-audit');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Exporteren (CSV)' }).click();
    expect((await download).suggestedFilename()).toMatch(/^raadplegingen-.*\.csv$/);
  } finally {
    await stack.harness.call('session.signIn', { username: 'demo', password: 'demo' });
    await stack.harness.waitForSync();
  }
});
