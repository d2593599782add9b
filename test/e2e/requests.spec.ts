/**
 * "Nieuwe aanvraag" as a new user would, in Chromium against the real backend: Wouter Coene
 * (`admin`, ICT) asks for two days of leave, first with the dates the wrong way round (a clear
 * error, nothing sent), then right; his manager Céline Vanneste (`demo`) approves it; he sees it
 * approved, and colleagues see "afwezig tot ..." on his card and in the search results.
 * Keyboard-usable and axe-clean on every screen; screenshots kept.
 */
import type { Page } from '@playwright/test';
import { expect, openApp, test, type Stack } from './fixtures.js';

const pad = (n: number) => String(n).padStart(2, '0');
const nl = (d: Date) => `${d.getDate()}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
const short = (d: Date) => `${d.getDate()}/${pad(d.getMonth() + 1)}`;

/** Today and the day on which two working days (Monday to Friday) from today are complete. */
function twoWorkingDays(): { from: Date; to: Date } {
  const from = new Date();
  from.setHours(12, 0, 0, 0);
  const to = new Date(from);
  let count = 0;
  for (;;) {
    if (to.getDay() !== 0 && to.getDay() !== 6) count += 1;
    if (count === 2) return { from, to };
    to.setDate(to.getDate() + 1);
  }
}

async function signInAs(page: Page, stack: Stack, username: string): Promise<void> {
  await page.getByRole('button', { name: 'Afmelden' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Aanmelden' })).toBeVisible();
  await openApp(page, stack.harness, username);
  await stack.harness.waitForSync();
}

test('ask for two days of leave, the manager approves it, the absence shows', async ({ app: page, stack, axe, shot }) => {
  test.setTimeout(180_000);
  const { from, to } = twoWorkingDays();
  const title = `Verlof van ${nl(from)} tot ${nl(to)} (2 dagen)`;

  await signInAs(page, stack, 'admin');
  await page.getByRole('navigation').getByRole('link', { name: /Goedkeuringen/ }).click();
  await page.getByRole('link', { name: 'Nieuwe aanvraag' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nieuwe aanvraag' })).toBeVisible();
  await axe('new request, empty');

  // Keyboard only: the kind with the arrow keys, the fields with Tab.
  const kinds = page.getByRole('radiogroup').or(page.getByRole('group', { name: 'Wat vraagt u aan?' }));
  await kinds.getByRole('radio', { name: 'Verlof' }).focus();
  await page.keyboard.press('Space');
  await expect(kinds.getByRole('radio', { name: 'Verlof' })).toBeChecked();
  await page.keyboard.press('ArrowRight');
  await expect(kinds.getByRole('radio', { name: 'Overuren' })).toBeChecked();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByLabel('Soort verlof')).toBeVisible();
  await page.getByLabel('Soort verlof').selectOption({ label: 'Jaarlijkse vakantie' });

  // The dates the wrong way round: the error appears as soon as the field is left, follows typing.
  const fromField = page.getByLabel('Van', { exact: true });
  const toField = page.getByLabel('Tot en met');
  await fromField.fill(nl(to));
  await toField.focus();
  await page.keyboard.type(nl(from));
  await page.keyboard.press('Tab');
  if (from.getTime() !== to.getTime()) {
    await expect(page.getByTestId('req-to-error')).toHaveText('De einddatum ligt vóór de begindatum.');
    await expect(toField).toHaveAttribute('aria-invalid', 'true');
    await page.getByRole('button', { name: 'Aanvraag versturen' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Controleer de velden met een fout.' })).toBeVisible();
    await expect(toField).toBeFocused();
    await axe('new request, with an error');
    await shot('new-request-error');
  }
  // A date that does not exist, then the right ones: the errors go away while typing.
  await fromField.fill('31/02/2026');
  await fromField.blur();
  await expect(page.getByTestId('req-from-error')).toHaveText('Dit is geen bestaande datum; schrijf ze als dd/mm/jjjj.');
  await fromField.fill(nl(from));
  await toField.fill(nl(to));
  await expect(page.getByTestId('req-from-error')).toHaveCount(0);
  await expect(page.getByTestId('req-to-error')).toHaveCount(0);
  await expect(page.getByTestId('req-days')).toHaveText('Werkdagen: 2');
  await page.getByLabel('Opmerking voor uw leidinggevende (niet verplicht)').fill('Familiefeest');
  await shot('new-request-filled');
  await toField.focus();
  await page.keyboard.press('Enter'); // submits the form

  // "Door mij aangevraagd": the request with its step, waiting for the manager; withdraw possible.
  await expect(page.getByRole('heading', { level: 1, name: 'Goedkeuringen' })).toBeVisible();
  await expect(page.getByTestId('box-requested')).toHaveAttribute('aria-pressed', 'true');
  const mine = page.getByTestId('approvals-list').getByRole('listitem').filter({ hasText: title });
  await expect(mine).toBeVisible({ timeout: 30_000 });
  await expect(mine.getByTestId('approval-chain')).toContainText('Céline Vanneste');
  await expect(mine.getByTestId('approval-chain')).toContainText('Wacht op beslissing');
  await expect(mine.getByRole('button', { name: 'Intrekken' })).toBeVisible();
  await axe('my requests');
  await shot('my-requests');

  // The manager approves it.
  await signInAs(page, stack, 'demo');
  await page.getByRole('navigation').getByRole('link', { name: /Goedkeuringen/ }).click();
  await page.getByTestId('box-inbox').click();
  await page.getByTestId('approvals-list').getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByTestId('request-details')).toContainText('Jaarlijkse vakantie');
  await expect(page.getByText('Familiefeest')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Intrekken' })).toHaveCount(0);
  await axe('leave request for the manager');
  await page.getByRole('button', { name: 'Goedkeuren' }).click();
  const dialog = page.getByRole('dialog', { name: 'Aanvraag goedkeuren?' });
  await dialog.getByRole('button', { name: 'Goedkeuren' }).click();
  await expect(page.getByTestId('decision-status')).toHaveAttribute('data-status', 'applied', { timeout: 30_000 });

  // The requester sees it approved; the card and the search results say until when he is away.
  await signInAs(page, stack, 'admin');
  await page.getByRole('navigation').getByRole('link', { name: /Goedkeuringen/ }).click();
  await page.getByTestId('box-requested').click();
  const done = page.getByTestId('approvals-list').getByRole('listitem').filter({ hasText: title });
  await expect(done).toContainText('Goedgekeurd');
  await expect(done.getByRole('button', { name: 'Intrekken' })).toHaveCount(0);

  await page.getByRole('navigation').getByRole('link', { name: 'Collega’s' }).click();
  await page.getByRole('combobox', { name: 'Zoek een collega' }).fill('Coene');
  const option = page.getByRole('listbox', { name: 'Zoekresultaten' }).getByRole('option', { name: /Wouter Coene/ });
  await expect(option).toContainText(`afwezig tot ${short(to)}`);
  await axe('search results with an absence');
  await option.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Wouter Coene' })).toBeVisible();
  await expect(page.getByTestId('absence-note')).toHaveText(`afwezig tot ${short(to)}`);
  await axe('card with an absence');
  await shot('card-absent');
});

test('what was typed stays when leaving the form; a withdrawn request says so', async ({ app: page, axe }) => {
  await page.getByRole('navigation').getByRole('link', { name: /Goedkeuringen/ }).click();
  await page.getByRole('link', { name: 'Nieuwe aanvraag' }).click();
  await page.getByRole('radio', { name: 'Andere' }).check();
  await page.getByLabel('Titel').fill('Tweede scherm voor de helpdesk');
  await page.getByRole('link', { name: /Terug naar goedkeuringen/ }).click();
  await page.getByRole('link', { name: 'Nieuwe aanvraag' }).click();
  await expect(page.getByLabel('Titel')).toHaveValue('Tweede scherm voor de helpdesk');
  await page.getByRole('button', { name: 'Aanvraag versturen' }).click();
  await expect(page.getByTestId('req-description-error')).toHaveText('Geef een omschrijving op.');
  await expect(page.getByLabel('Omschrijving')).toBeFocused();
  await page.keyboard.type('Voor het opvolgen van tickets naast de telefoon.');
  await expect(page.getByTestId('req-description-error')).toHaveCount(0);
  await page.getByRole('button', { name: 'Aanvraag versturen' }).click();
  const mine = page.getByTestId('approvals-list').getByRole('listitem').filter({ hasText: 'Tweede scherm voor de helpdesk' });
  await expect(mine.getByRole('button', { name: 'Intrekken' })).toBeVisible({ timeout: 30_000 });
  await mine.getByRole('button', { name: 'Intrekken' }).click();
  await expect(mine).toContainText('Ingetrokken', { timeout: 30_000 });
  await expect(mine.getByTestId('decision-status')).toHaveAttribute('data-status', 'applied', { timeout: 30_000 });
  await expect(mine.getByRole('button', { name: 'Intrekken' })).toHaveCount(0);
  await axe('withdrawn request');
});

test('offline: the request waits to be sent with what was typed, and arrives when the backend is back', async ({ app: page, stack, axe, shot }) => {
  await page.getByRole('navigation').getByRole('link', { name: /Goedkeuringen/ }).click();
  await stack.backend.stop();
  await stack.harness.call('sync.now').catch(() => undefined);
  await expect(page.getByTestId('offline-banner')).toBeVisible({ timeout: 60_000 });

  await page.getByRole('link', { name: 'Nieuwe aanvraag' }).click();
  await expect(page.getByTestId('req-offline')).toBeVisible();
  await page.getByRole('radio', { name: 'Overuren' }).check();
  await page.getByLabel('Datum').fill('28/11/2026');
  await page.getByLabel('Aantal uren').fill('3,5');
  await page.getByLabel('Reden').fill('Serverupdate buiten de kantooruren');
  await page.getByRole('button', { name: 'Aanvraag versturen' }).click();

  const outgoing = page.getByTestId('approvals-outgoing');
  await expect(outgoing).toContainText('Overuren op 28/11/2026 (3,5 uur)');
  await expect(outgoing).toContainText('Wacht op verzending');
  await axe('request waiting to be sent');
  await shot('request-offline');

  await stack.backend.start();
  await stack.harness.call('sync.now').catch(() => undefined);
  const mine = page.getByTestId('approvals-list').getByRole('listitem').filter({ hasText: 'Overuren op 28/11/2026 (3,5 uur)' });
  await expect(mine).toContainText('Wacht op beslissing', { timeout: 60_000 });
  await expect(outgoing).toHaveCount(0);
});
