/**
 * Staff photos end to end: the demo gives a handful of people a photo (through the import), the
 * backend syncs them apart from the people rows, the card shows the photo (alt = the name) or the
 * initials, the list shows them decoratively; axe on both. Screenshots of the card at 1366 px
 * (light) and 640 px (dark preference) go to test-results and /tmp/photos-*.png.
 */
import type { PersonSummary } from '../../src/shared/contract/directory.js';
import { expect, test, type Harness } from './fixtures.js';

/** From the first results: one person with a cached photo and one without. */
async function withAndWithout(harness: Harness): Promise<{ photo: PersonSummary; none: PersonSummary }> {
  const first = await harness.call('directory.person', { id: 'p-pop-00001' });
  const page = await harness.call('directory.search', { query: '', offset: 0, limit: 99 });
  const photos = await harness.call('directory.photos', { ids: [first!.id, ...page.items.map((p) => p.id)] });
  const none = page.items.find((p) => !photos[p.id]);
  if (!first || !photos[first.id] || !none) throw new Error('the demo data should have a person with a photo and one without');
  return { photo: first, none };
}

test('the person card shows the photo of a demo person with one, initials otherwise; the list shows them too', async ({ app: page, stack, axe, shot }) => {
  const { photo, none } = await withAndWithout(stack.harness);
  const photoName = `${photo.firstName} ${photo.lastName}`;

  await page.goto(`${stack.harness.url.split('#')[0]}#/directory/${photo.id}`);
  await expect(page.getByRole('heading', { level: 1, name: photoName })).toBeVisible();
  const img = page.getByRole('img', { name: `Foto van ${photoName}` });
  await expect(img).toBeVisible();
  expect(
    await img.evaluate((el) => {
      const image = el as unknown as { complete: boolean; naturalWidth: number; src: string };
      return image.complete && image.naturalWidth > 0 && image.src.startsWith('data:image/jpeg;base64,');
    }),
  ).toBe(true);
  await axe('person card with photo');
  await page.setViewportSize({ width: 1366, height: 800 });
  await page.screenshot({ path: '/tmp/photos-card-1366-light.png', fullPage: true });
  await shot('card-1366-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 640, height: 900 });
  await page.screenshot({ path: '/tmp/photos-card-640-dark.png', fullPage: true });
  await shot('card-640-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.goto(`${stack.harness.url.split('#')[0]}#/directory/${none.id}`);
  await expect(page.getByRole('heading', { level: 1, name: `${none.firstName} ${none.lastName}` })).toBeVisible();
  const initials = page.locator('.person-card__header').getByTestId('avatar-initials'); // the manager and reports have theirs too
  await expect(initials).toHaveText(`${none.firstName[0]}${none.lastName[0]}`.toLocaleUpperCase('nl-BE'));
  await expect(initials).toHaveAttribute('aria-hidden', 'true');
  await expect(page.getByRole('img', { name: /^Foto van/ })).toHaveCount(0);
  await axe('person card with initials');
  await page.screenshot({ path: '/tmp/photos-card-initials.png', fullPage: true });

  // The list: the photo row shows the photo (decorative: alt=""), the option's name is still the person's.
  await page.getByRole('link', { name: '← Terug naar zoeken' }).click();
  const search = page.getByRole('combobox', { name: 'Zoek een collega' });
  await search.fill(photo.lastName);
  const listbox = page.getByRole('listbox', { name: 'Zoekresultaten' });
  const option = listbox.getByRole('option', { name: new RegExp(photoName) }).first();
  await expect(option).toBeVisible();
  await expect(option.getByTestId('avatar-photo')).toHaveAttribute('alt', '');
  await axe('directory list with photos');
  await page.screenshot({ path: '/tmp/photos-list.png', fullPage: true });
});
