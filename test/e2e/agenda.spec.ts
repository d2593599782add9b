/**
 * Meetings in the browser: upcoming meetings by day and body, the council meeting with its ordered
 * items, the closed item never shown to a non-member (demo), search across titles, and synced text
 * shown as text (an item titled <img src=x onerror=alert(1)> stays inert).
 */
import { PROTOCOL_HEADER, PROTOCOL_VERSION, type LoginResponse, type PushResponse } from '../../src/shared/sync/protocol.js';
import { expect, test } from './fixtures.js';

const CLOSED = 'aanstelling van een diensthoofd bibliotheek';
const XSS = '<img src=x onerror=alert(1)>';

test('upcoming meetings by day and body; the council meeting without its closed item', async ({ app: page, axe, shot }) => {
  await page.getByRole('navigation').getByRole('link', { name: 'Vergaderingen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Vergaderingen' })).toBeVisible();
  await expect(page.getByTestId('agenda-day').first()).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: 'Gemeenteraad Poperinge' })).toBeVisible();
  await axe('agenda');
  await shot('agenda');

  // a meeting's link names the meeting, not just its time and room
  await expect(page.getByRole('link', { name: /^Gemeenteraad Poperinge om \d{2}:\d{2}$/ }).first()).toBeVisible();
  // the search field shows its whole placeholder
  const search = page.getByLabel('Zoek in agendapunten');
  await expect(search).toBeVisible();
  // (a string: this file is type-checked without the DOM library)
  const room = await page.evaluate<number>(`(() => {
    const input = document.getElementById('agenda-search');
    const style = getComputedStyle(input);
    const context = document.createElement('canvas').getContext('2d');
    context.font = style.fontSize + ' ' + style.fontFamily;
    const inner = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return inner - context.measureText(input.placeholder).width;
  })()`);
  expect(room).toBeGreaterThan(0);

  await page.getByLabel('Bestuursorgaan').selectOption({ label: 'Gemeenteraad Poperinge' });
  await expect(page.getByRole('heading', { level: 3, name: /College van burgemeester/ })).toHaveCount(0);
  await expect(page.getByTestId('agenda-day')).toHaveCount(1);
  await page.getByTestId('agenda-day').getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1, name: /Gemeenteraad Poperinge/ })).toBeVisible();
  const items = page.getByTestId('agenda-item');
  await expect(items).toHaveCount(8);
  await expect(items.nth(0)).toContainText('1. ');
  await expect(items.nth(5)).toContainText('6. ');
  await expect(items.nth(6)).toContainText('8. '); // 7 is closed: not even a gap marker for its title
  // ...but the gap in the numbering is explained
  await expect(page.getByTestId('hidden-items')).toHaveText('Besloten agendapunten die u niet mag inzien, worden niet getoond: daarom ontbreken sommige nummers.');
  await expect(items.nth(6)).toContainText('Aanvullend');
  await expect(items.nth(7)).toContainText('Spoedeisend');
  expect(await page.content()).not.toContain(CLOSED);
  await axe('meeting');
  await shot('meeting');

  await page.getByRole('link', { name: /Terug naar vergaderingen/ }).click();
  await page.getByLabel('Zoek in agendapunten').fill('aanstelling');
  await expect(page.getByTestId('agenda-hits')).toContainText('Geen agendapunten gevonden.');
  await page.getByLabel('Zoek in agendapunten').fill('zone 30');
  await expect(page.getByTestId('agenda-hits').getByRole('link')).toContainText(['zone 30 in de schoolomgeving van Proven']);
});

test('an item titled with HTML stays text', async ({ app: page, stack, axe, shot }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  // The secretariat puts the item on the agenda through the backend, as any client would.
  const headers = { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) };
  const base = stack.backend.url;
  const login = (await (await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers, body: JSON.stringify({ username: 'secretariaat', password: 'demo' }) })).json()) as LoginResponse;
  const push = (await (
    await fetch(`${base}/api/v1/sync/push`, {
      method: 'POST',
      headers: { ...headers, authorization: `Bearer ${login.token}` },
      body: JSON.stringify({
        clientId: crypto.randomUUID(),
        commands: [{ seq: 1, type: 'agenda.addItem', payload: { meetingId: 'mtg-poperinge-gr-next', title: XSS, description: `<script>alert(2)</script>`, visibility: 'public', kind: 'supplementary' }, createdAt: new Date().toISOString() }],
      }),
    })
  ).json()) as PushResponse;
  expect(push.results[0]?.status).toBe('applied');
  await stack.harness.call('sync.now');

  await page.getByRole('navigation').getByRole('link', { name: 'Vergaderingen' }).click();
  await page.getByLabel('Zoek in agendapunten').fill('onerror');
  await expect(page.getByTestId('agenda-hits').getByRole('link')).toContainText([XSS]);
  await page.getByTestId('agenda-hits').getByRole('link').first().click();
  const item = page.getByTestId('agenda-item').filter({ hasText: XSS });
  await expect(item).toBeVisible();
  await expect(item).toContainText('<script>alert(2)</script>');
  await expect(page.locator('main img')).toHaveCount(0);
  await expect(page.locator('main script')).toHaveCount(0);
  await page.waitForTimeout(500);
  expect(dialogs).toEqual([]);
  await axe('meeting with html title');
  await shot('meeting-xss');
});
