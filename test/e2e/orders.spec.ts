/**
 * Purchase orders in the browser: mine and my department's, filter by status, an order with its
 * lines, nl-BE totals, enterprise number, status timeline and the link to its approval.
 */
import { expect, test } from './fixtures.js';

test('my orders, my department’s, a status filter and an order in full', async ({ app: page, axe, shot }) => {
  await page.getByRole('navigation').getByRole('link', { name: 'Bestelbonnen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Bestelbonnen' })).toBeVisible();
  const rows = page.getByTestId('orders-table').locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  const mine = await rows.count();
  for (const row of await rows.all()) await expect(row).toContainText('Céline Vanneste');
  await axe('orders');
  await shot('orders-mine');

  await page.getByTestId('orders-scope-department').click();
  await expect(page.getByTestId('orders-scope-department')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => rows.count()).toBeGreaterThan(mine);
  await page.getByLabel('Status').selectOption({ label: 'Geweigerd' });
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Koffiemachine cafetaria');
  await page.getByLabel('Status').selectOption({ label: 'Alle lopende' });
  await expect(page.getByTestId('orders-table')).not.toContainText('Geweigerd');
  await shot('orders-department-open');

  await page.getByRole('row', { name: /Bureaustoelen voor de dienst/ }).getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name: /BB-\d{4}-\d{5} — Bureaustoelen voor de dienst/ })).toBeVisible();
  await expect(page.getByTestId('order-lines').locator('tbody tr')).toHaveCount(2);
  await expect(page.getByTestId('order-lines')).toContainText('€ 345,00');
  await expect(page.getByTestId('order-total-excl')).toHaveText('€ 4.410,00');
  await expect(page.getByTestId('order-total-incl')).toHaveText('€ 5.336,10');
  await expect(page.getByText(/^0\d{3}\.\d{3}\.\d{3}$/)).toBeVisible();
  await expect(page.getByTestId('order-timeline').getByRole('listitem')).toHaveCount(2);
  await expect(page.getByTestId('order-timeline')).toContainText('Ingediend');
  await axe('order');
  await shot('order');

  // Money and statuses follow the user's language (and come back to Dutch for the next tests).
  await page.getByLabel('Taal').selectOption('fr-BE');
  await expect(page.getByTestId('order-total-incl')).toHaveText(/^5\s336,10\s€$/);
  await expect(page.getByTestId('order-status')).toHaveText('Introduit');
  await page.getByLabel('Langue').selectOption('en');
  await expect(page.getByTestId('order-total-incl')).toHaveText('€5,336.10');
  await expect(page.getByTestId('order-status')).toHaveText('Submitted');
  await shot('order-en');
  await page.getByLabel('Language').selectOption('nl-BE');
  await expect(page.getByTestId('order-status')).toHaveText('Ingediend');

  await page.getByTestId('order-approval-link').click();
  await expect(page.getByRole('heading', { level: 1, name: /Bestelbon BB-\d{4}-\d{5}: Bureaustoelen voor de dienst/ })).toBeVisible();
  await expect(page.getByTestId('approval-chain')).toContainText('Diensthoofd');
  await expect(page.getByRole('button', { name: 'Goedkeuren' })).toBeVisible();
});

test('move my order on: delivered, done on the server, shown in the timeline', async ({ app: page, axe, shot }) => {
  await page.getByRole('navigation').getByRole('link', { name: 'Bestelbonnen' }).click();
  await page.getByRole('row', { name: /Beamer voor vergaderzaal 1/ }).getByRole('link').click();
  await expect(page.getByTestId('order-status')).toHaveText('Besteld');
  await page.getByRole('button', { name: 'Geleverd', exact: true }).click();
  const state = page.getByTestId('order-action-state');
  await expect(state).toHaveAttribute('data-status', 'applied', { timeout: 30_000 });
  await expect(state).toHaveText('Uw actie "Geleverd" is uitgevoerd');
  await expect(page.getByTestId('order-status')).toHaveText('Geleverd');
  await expect(page.getByTestId('order-timeline').getByRole('listitem').last()).toContainText('Geleverd');
  await expect(page.getByRole('button', { name: 'Geleverd', exact: true })).toHaveCount(0);
  await axe('order after action');
  await shot('order-delivered');
});
