/**
 * Approvals in the browser against the real backend: Home cards, the inbox (overdue first),
 * approving offline with the keyboard (pending), done once the backend is back, and a conflict
 * after the deputy decided first, explained on screen. Axe-clean, screenshots kept.
 */
import { join } from 'node:path';
import { createServer } from '../../src/server/app.js';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, type LoginResponse, type PushResponse } from '../../src/shared/sync/protocol.js';
import { expect, test, type Stack } from './fixtures.js';

/** Another user decides over HTTP on a second backend process over the same database file. */
async function deputyDecides(stack: Stack, requestId: string): Promise<PushResponse> {
  const server = await createServer({ file: join(stack.backend.dataDir, 'pop-index.sqlite'), databaseUrl: null, seed: false, oidc: null, updatesDir: null });
  try {
    const url = await server.listen(0, '127.0.0.1');
    const headers = { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) };
    const login = (await (await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers, body: JSON.stringify({ username: 'admin', password: 'demo' }) })).json()) as LoginResponse;
    const body = { clientId: crypto.randomUUID(), commands: [{ seq: 1, type: 'approvals.decide', payload: { requestId, stepPosition: 1, version: 1, decision: 'approve', comment: 'Afgehandeld tijdens afwezigheid' }, createdAt: new Date().toISOString() }] };
    const res = await fetch(`${url}/api/v1/sync/push`, { method: 'POST', headers: { ...headers, authorization: `Bearer ${login.token}` }, body: JSON.stringify(body) });
    return (await res.json()) as PushResponse;
  } finally {
    await server.close();
  }
}

test('Home shows pending approvals, next meetings and my open orders', async ({ app: page, axe, shot }) => {
  await expect(page.getByTestId('home-approvals-count')).toHaveText(/\d+ aanvragen wachten op u/);
  await expect(page.getByTestId('home-approvals')).toContainText('Dringendst: Overuren evenement Hoppefeesten (6 uur)');
  await expect(page.getByTestId('home-approvals')).toContainText('Over tijd');
  await expect(page.getByTestId('home-meetings').getByRole('link', { name: /Poperinge|Commissie/ }).first()).toBeVisible();
  await expect(page.getByTestId('home-orders')).toContainText(/BB-\d{4}-\d{5}/);
  await expect(page.getByTestId('home-orders')).toContainText(/€\s\d/);
  await axe('home');
  await shot('home');
});

test('the inbox lists what waits for me, overdue first, with the chain in the detail', async ({ app: page, axe, shot }) => {
  await page.getByRole('navigation').getByRole('link', { name: /Goedkeuringen/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Goedkeuringen' })).toBeVisible();
  const list = page.getByTestId('approvals-list');
  await expect(list.getByRole('listitem').first()).toContainText('Over tijd');
  await expect(list.getByRole('listitem').first()).toContainText('Overuren evenement Hoppefeesten');
  // every requester with a photo or initials beside the name (decorative: the name is right there)
  const avatars = list.locator('.person-inline .avatar');
  await expect(avatars).toHaveCount(await list.getByRole('listitem').count());
  await expect(avatars.first()).toBeVisible();
  await axe('approvals inbox');
  await shot('approvals-inbox');
  // Keyboard: arrows move between requests, W opens the refusal dialog, Escape cancels and returns focus.
  const links = list.locator('[data-item-link]');
  await links.nth(0).focus();
  await page.keyboard.press('ArrowDown');
  await expect(links.nth(1)).toBeFocused();
  await page.keyboard.press('w');
  const dialog = page.getByRole('dialog', { name: 'Aanvraag weigeren?' });
  await expect(dialog).toBeVisible();
  // the reason is marked required (label and attribute), the button says what it does
  const reason = dialog.getByLabel('Reden (verplicht)', { exact: true });
  await expect(reason).toBeFocused();
  await expect(reason).toHaveAttribute('required', '');
  await expect(dialog.getByRole('button', { name: 'Weigeren', exact: true })).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Bevestigen' })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(links.nth(1)).toBeFocused();
  await expect(list.getByRole('listitem')).toHaveCount(await links.count());
  await list.getByRole('link', { name: /Opleiding 'Toegankelijke websites/ }).click();
  const chain = page.getByTestId('approval-chain');
  await expect(chain.getByRole('listitem')).toHaveCount(2);
  await expect(chain.getByRole('listitem').nth(0)).toContainText('Diensthoofd');
  await expect(chain.getByRole('listitem').nth(0)).toContainText('Wacht op beslissing');
  await expect(chain.getByRole('listitem').nth(1)).toContainText('Algemeen directeur');
  await expect(page.getByText('€ 450,00')).toBeVisible();
  await axe('approval detail');
  await shot('approval-detail');
});

test('approve offline with the keyboard: pending, then done when the backend is back', async ({ app: page, stack, axe, shot }) => {
  await page.getByRole('navigation').getByRole('link', { name: /Goedkeuringen/ }).click();
  const link = page.getByRole('link', { name: 'Verlof van 22/12 tot 2/01 (8 dagen)' });
  await expect(link).toBeVisible();

  await stack.backend.stop();
  await stack.harness.call('sync.now').catch(() => undefined);
  await expect(page.getByTestId('offline-banner')).toBeVisible({ timeout: 60_000 });

  await link.focus();
  await page.keyboard.press('a');
  const dialog = page.getByRole('dialog', { name: 'Aanvraag goedkeuren?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('U bent offline');
  await expect(dialog.getByLabel('Opmerking (niet verplicht)')).toBeFocused();
  await axe('decision dialog');
  await shot('approve-dialog');
  await page.keyboard.type('Prettige feestdagen');
  await dialog.getByRole('button', { name: 'Goedkeuren', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('decision-live')).toHaveText('„Verlof van 22/12 tot 2/01 (8 dagen)”: Uw goedkeuring wacht op verzending');
  await expect(page.getByRole('link', { name: 'Verlof van 22/12 tot 2/01 (8 dagen)' })).toHaveCount(0);

  await page.getByTestId('box-decided').click();
  const item = page.getByTestId('approvals-list').getByRole('listitem').filter({ hasText: 'Verlof van 22/12 tot 2/01' });
  await expect(item.getByTestId('decision-status')).toHaveAttribute('data-status', 'pending');
  await expect(item).toContainText('wacht op verzending');
  await axe('approvals pending');
  await shot('approvals-pending');

  await stack.backend.start();
  await stack.harness.call('sync.now').catch(() => undefined);
  await expect(item.getByTestId('decision-status')).toHaveAttribute('data-status', 'applied', { timeout: 60_000 });
  await expect(item).toContainText('U hebt deze aanvraag goedgekeurd');
  await expect(item).toContainText('Goedgekeurd');
  await shot('approvals-done');
});

test('a decision made meanwhile by someone else is shown as a conflict and explained', async ({ app: page, stack, axe, shot }) => {
  await page.getByRole('navigation').getByRole('link', { name: /Goedkeuringen/ }).click();
  const title = 'Ondertekening samenwerkingsovereenkomst met de bibliotheek van Ieper';
  await page.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();

  // Demo decides while offline; meanwhile the deputy (Wouter Coene) approves on the server.
  await stack.backend.stop();
  await stack.harness.call('sync.now').catch(() => undefined);
  await page.getByRole('button', { name: 'Terugsturen' }).click();
  const dialog = page.getByRole('dialog', { name: 'Aanvraag terugsturen naar de aanvrager?' });
  await dialog.getByRole('button', { name: 'Terugsturen', exact: true }).click();
  await expect(dialog.getByText('Geef een reden op.')).toBeVisible();
  await dialog.getByLabel('Reden (verplicht)').fill('Graag de ontwerptekst toevoegen.');
  await dialog.getByRole('button', { name: 'Terugsturen', exact: true }).click();
  await expect(page.getByTestId('decision-status')).toHaveAttribute('data-status', 'pending');

  const deputy = await deputyDecides(stack, 'apr-poperinge-005');
  expect(deputy.results[0]?.status).toBe('applied');

  await stack.backend.start();
  await stack.harness.call('sync.now').catch(() => undefined);
  const alert = page.getByTestId('approval-conflicts');
  await expect(alert).toBeVisible({ timeout: 60_000 });
  await expect(alert).toContainText('Beslissing niet geregistreerd');
  await expect(alert.getByTestId('conflict-message')).toHaveText(/^Deze aanvraag werd intussen al goedgekeurd door Wouter Coene op \d{1,2}\/\d{2}\/\d{4} om \d{2}:\d{2}\. Uw beslissing werd niet geregistreerd\.$/);
  await expect(alert).toContainText('Iemand anders heeft over deze aanvraag beslist');
  await expect(page.getByTestId('approval-chain')).toContainText('Wouter Coene');
  await expect(page.getByRole('button', { name: 'Terugsturen' })).toHaveCount(0);
  await axe('approval conflict');
  await shot('approval-conflict');
  await alert.getByRole('button', { name: 'Begrepen' }).click();
  await expect(alert).toHaveCount(0);
});

test('a request sent back to me is resubmitted from its detail', async ({ app: page, axe, shot }) => {
  await page.getByRole('navigation').getByRole('link', { name: /Goedkeuringen/ }).click();
  await page.getByTestId('box-requested').click();
  await page.getByRole('link', { name: /Congres lokale besturen/ }).click();
  await expect(page.getByText('Deze aanvraag werd naar u teruggestuurd.', { exact: false })).toBeVisible();
  await expect(page.getByTestId('approval-chain')).toContainText('Graag het programma toevoegen.');
  await axe('sent back to me');
  await page.getByRole('button', { name: 'Opnieuw indienen' }).click();
  await expect(page.getByTestId('decision-status')).toHaveAttribute('data-status', 'applied', { timeout: 30_000 });
  await expect(page.getByTestId('decision-status')).toHaveText('U hebt deze aanvraag opnieuw ingediend');
  await expect(page.getByTestId('approval-chain')).toContainText('Wacht op beslissing');
  await expect(page.getByRole('button', { name: 'Opnieuw indienen' })).toHaveCount(0);
  await shot('approval-resubmitted');
});
