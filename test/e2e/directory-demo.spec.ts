/**
 * Demo mode: the harness without a backend starts the embedded demo backend and signs in `demo`;
 * the UI says "Demo" clearly and offers no sign-out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, Harness, test } from './fixtures.js';

test('demo mode is labelled Demo, signed in without a sign-in screen', async ({ page, axe, shot }) => {
  test.setTimeout(180_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'pop-e2e-demo-'));
  const harness = new Harness(dataDir);
  try {
    await harness.start(null);
    expect((await harness.call('app.info')).demo).toBe(true);
    await harness.waitForSync(120_000);
    await page.goto(harness.url);
    await expect(page.getByRole('navigation', { name: 'Hoofdnavigatie' })).toBeVisible();
    const label = page.getByTestId('demo-label');
    await expect(label).toHaveText('Demo');
    await expect(label).toHaveAttribute('title', 'Demomodus: fictieve gegevens');
    await expect(page.getByRole('banner')).toContainText('Pop Index');
    await expect(page.getByRole('button', { name: 'Afmelden' })).toHaveCount(0);
    await expect(page.getByTestId('home-birthdays')).toBeVisible();
    await axe('home (demo)');
    await shot('home-demo');
  } finally {
    await harness.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
