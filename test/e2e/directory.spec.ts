/**
 * The directory end to end: real backend -> sync -> SQLite cache in the harness -> contract over
 * HTTP -> Vue screens in Chromium. Each screen is checked with axe and photographed.
 */
import type { PersonDetail } from '../../src/shared/contract/directory.js';
import { expect, test, type Harness } from './fixtures.js';

const ACCENTED = /[À-ÖØ-öø-ÿĀ-ž]/;

/** A person whose name has an accent and who has a manager, found through the contract. */
async function accentedPersonWithManager(harness: Harness): Promise<PersonDetail & { manager: NonNullable<PersonDetail['manager']> }> {
  for (let offset = 0; offset < 2000; offset += 200) {
    const page = await harness.call('directory.search', { query: '', offset, limit: 200 });
    for (const summary of page.items) {
      if (!ACCENTED.test(summary.firstName) && !ACCENTED.test(summary.lastName)) continue;
      const detail = await harness.call('directory.person', { id: summary.id });
      if (detail?.manager) return detail as PersonDetail & { manager: NonNullable<PersonDetail['manager']> };
    }
    if (page.items.length < 200) break;
  }
  throw new Error('the demo data has no colleague with an accented name and a manager');
}

/** The part of the name to type: the accented word cut after its first accent (at least 4 letters). */
function partialAccented(person: PersonDetail): { word: string; typed: string } {
  const word = ACCENTED.test(person.firstName) ? person.firstName : person.lastName;
  const accentAt = word.search(ACCENTED);
  return { word, typed: word.slice(0, Math.max(4, accentAt + 2)) };
}

test('search a colleague by a partial accented name, open the card, follow the manager link', async ({ app: page, stack, axe, shot }) => {
  const person = await accentedPersonWithManager(stack.harness);
  const { typed } = partialAccented(person);
  const fullName = `${person.firstName} ${person.lastName}`;

  await page.getByRole('navigation').getByRole('link', { name: 'Collega’s' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Collega’s zoeken' })).toBeVisible();
  const search = page.getByRole('combobox', { name: 'Zoek een collega' });
  await expect(search).toBeFocused();
  await expect(page.getByTestId('result-count')).toContainText('gevonden');
  await axe('directory');
  await shot('directory');

  // Results as you type: the accented partial name, then the same without accents.
  await search.pressSequentially(typed, { delay: 40 });
  const listbox = page.getByRole('listbox', { name: 'Zoekresultaten' });
  await expect(listbox.getByRole('option', { name: new RegExp(fullName) }).first()).toBeVisible();
  await shot('directory-search');
  const plain = typed.normalize('NFD').replace(/\p{M}/gu, '');
  await search.fill(plain);
  await expect(listbox).toHaveAttribute('aria-busy', 'false');
  await expect(listbox.getByRole('option', { name: new RegExp(fullName) }).first()).toBeVisible();

  // Keyboard: arrows move through results, Enter opens the active one.
  const options = listbox.getByRole('option');
  const names = await options.allInnerTexts();
  const index = names.findIndex((text) => text.includes(fullName));
  expect(index).toBeGreaterThanOrEqual(0);
  for (let i = 0; i <= index; i += 1) await search.press('ArrowDown');
  await expect(search).toHaveAttribute('aria-activedescendant', `directory-result-${index}`);
  await search.press('Enter');

  // The person card; focus moves to its heading (screen readers announce the new screen).
  await expect(page.getByRole('heading', { level: 1, name: fullName })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: fullName })).toBeFocused();
  await expect(page).toHaveURL(new RegExp(`#/directory/${encodeURIComponent(person.id)}$`));
  const mail = page.getByRole('link', { name: person.email });
  await expect(mail).toHaveAttribute('href', `mailto:${person.email}`);
  await expect(page.getByRole('link', { name: `Chatten met ${person.firstName}` })).toHaveAttribute(
    'href',
    `msteams:/l/chat/0/0?users=${encodeURIComponent(person.email)}`,
  );
  const phone = person.deskPhone ?? person.mobilePhone;
  if (phone) await expect(page.locator(`a[href="tel:${phone}"]`)).toHaveText(/^0\d{1,3}( \d{2,3}){3}$/);
  await expect(page.getByText(person.departmentName, { exact: true })).toBeVisible();
  await axe('person card');
  await shot('person-card');

  // vCard: a .vcf download with the person's name.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /vCard/ }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.vcf$/);
  const content = await (await file.createReadStream()).toArray();
  expect(Buffer.concat(content).toString('utf8')).toContain('BEGIN:VCARD');

  // Manager link leads to the manager's card, which lists this person as a report.
  await page.getByTestId('manager-link').click();
  const managerHeading = page.getByRole('heading', { level: 1, name: `${person.manager.firstName} ${person.manager.lastName}` });
  await expect(managerHeading).toBeVisible();
  await expect(managerHeading).toBeFocused();
  await expect(page.getByRole('link', { name: new RegExp(fullName) })).toBeVisible();
  await shot('manager-card');

  // Back to the search: the query and results are kept.
  await page.getByRole('link', { name: '← Terug naar zoeken' }).click();
  await expect(search).toHaveValue(plain);

  // Typing and pressing Enter at once opens the first result of what was typed, not of the query before.
  await search.fill(fullName);
  await search.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: fullName })).toBeFocused();
});

test('see today’s birthdays on Home and the week on the birthdays screen', async ({ app: page, stack, axe, shot }) => {
  const upcoming = await stack.harness.call('birthdays.upcoming', { days: 7 });
  const today = upcoming.filter((b) => b.daysUntil === 0);

  await expect(page.getByRole('heading', { level: 1 })).toContainText(/Goede(morgen|middag|navond)|Welkom/);
  const card = page.getByTestId('home-birthdays');
  await expect(card.getByRole('heading', { name: 'Jarig vandaag' })).toBeVisible();
  if (today.length === 0) await expect(card).toContainText('Vandaag is niemand jarig.');
  for (const entry of today) await expect(card.getByRole('link', { name: new RegExp(`${entry.person.firstName} ${entry.person.lastName}`) })).toBeVisible();
  await expect(page.getByTestId('sync-state')).toContainText('Laatst bijgewerkt');
  await expect(page.getByTestId('demo-label').or(page.getByRole('button', { name: 'Afmelden' }))).toBeVisible();
  await axe('home');
  await shot('home');

  await page.getByRole('navigation').getByRole('link', { name: 'Verjaardagen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Verjaardagen' })).toBeVisible();
  if (today.length > 0) await expect(page.getByRole('heading', { level: 2, name: /^Vandaag · / })).toBeVisible();
  const days = new Set(upcoming.map((b) => b.daysUntil));
  await expect(page.getByRole('heading', { level: 2 })).toHaveCount(days.size);
  for (const entry of upcoming) await expect(page.getByRole('link', { name: new RegExp(`${entry.person.firstName} ${entry.person.lastName}`) }).first()).toBeVisible();
  await axe('birthdays');
  await shot('birthdays');
});

test('the language follows the switch, with <html lang>, and every screen stays axe-clean in French', async ({ app: page, stack, axe, shot }) => {
  await page.getByRole('combobox', { name: 'Taal' }).selectOption('fr-BE');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr-BE');
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Collègues' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Rechercher un collègue' })).toBeVisible();
  await axe('directory (fr-BE)');
  await shot('directory-fr');
  // Opened again, the remembered French loads (a lazy chunk) before the app mounts: no Dutch first.
  await page.addInitScript(`
    new MutationObserver((_, observer) => {
      const app = document.getElementById('app');
      if (!app || !app.firstElementChild) return;
      window.__firstText = app.textContent;
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  `);
  await page.goto('about:blank'); // else only the hash changes: no new document
  await page.goto(`${stack.harness.origin}/#/`);
  await expect(page.getByRole('navigation', { name: 'Navigation principale' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr-BE');
  const firstText = await page.evaluate(() => (globalThis as unknown as { __firstText?: string }).__firstText ?? '');
  expect(firstText).toContain('Aller au contenu');
  expect(firstText).not.toContain('Naar de inhoud');
  await page.getByRole('combobox', { name: 'Langue' }).selectOption('nl-BE');
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl-BE');
});

test('filter by municipality and department', async ({ app: page, stack }) => {
  const facets = await stack.harness.call('directory.facets');
  const ieper = facets.municipalities.find((m) => m.name === 'Ieper');
  expect(ieper, 'Ieper is among the municipalities the demo user may see').toBeDefined();
  const department = facets.departments.find((d) => d.municipalityId === ieper!.id && d.parentId === null) ?? facets.departments.find((d) => d.municipalityId === ieper!.id);
  const expected = await stack.harness.call('directory.search', { query: '', municipalityId: ieper!.id, departmentId: department!.id, limit: 1 });

  await page.getByRole('navigation').getByRole('link', { name: 'Collega’s' }).click();
  const listbox = page.getByRole('listbox', { name: 'Zoekresultaten' });
  await page.getByLabel('Gemeente').selectOption({ label: 'Ieper' });
  await expect(listbox).toHaveAttribute('aria-busy', 'false');
  const rows = listbox.getByRole('option');
  await expect(rows.first()).toContainText('Ieper');
  for (const text of await rows.allInnerTexts()) expect(text).toContain('Ieper');

  // The department list now only offers Ieper's departments.
  const offered = await page.getByLabel('Dienst').locator('option').allInnerTexts();
  expect(offered.length - 1).toBe(facets.departments.filter((d) => d.municipalityId === ieper!.id).length);
  await page.getByLabel('Dienst').selectOption(department!.id);
  await expect(page.getByTestId('result-count')).toHaveText(expected.total === 1 ? '1 collega gevonden' : `${expected.total.toLocaleString('nl-BE')} collega’s gevonden`);
  for (const text of await rows.allInnerTexts()) expect(text).toContain('Ieper');
});

test('department filter: grouped by municipality, own municipality first, no name twice in a group', async ({ app: page, stack }) => {
  const facets = await stack.harness.call('directory.facets');
  await page.getByRole('navigation').getByRole('link', { name: 'Collega’s' }).click();
  const municipality = page.getByLabel('Gemeente');
  // own municipality (demo: Poperinge) right after "Alle gemeenten", marked as such
  await expect(municipality.locator('option').nth(1)).toHaveText('Poperinge (uw gemeente)');

  const groups = page.getByLabel('Dienst').locator('optgroup');
  const labels = await groups.evaluateAll((els) => els.map((el) => el.getAttribute('label')));
  expect(labels[0]).toBe('Poperinge');
  expect(labels.length).toBe(new Set(facets.departments.map((d) => d.municipalityId)).size);
  for (let i = 0; i < labels.length; i += 1) {
    const names = await groups.nth(i).locator('option').allInnerTexts();
    expect(new Set(names).size, `${labels[i]}: each department once`).toBe(names.length);
  }
  expect(await page.getByLabel('Dienst').locator(':scope > option').count()).toBe(1); // only "Alle diensten" outside a group

  // a chosen municipality: only its departments, no groups
  await municipality.selectOption({ label: 'Poperinge (uw gemeente)' });
  await expect(groups).toHaveCount(0);
  const poperinge = facets.municipalities.find((m) => m.name === 'Poperinge')!;
  await expect(page.getByLabel('Dienst').locator('option')).toHaveCount(facets.departments.filter((d) => d.municipalityId === poperinge.id).length + 1);
});

test('a search without results says so instead of showing an empty list', async ({ app: page }) => {
  await page.getByRole('navigation').getByRole('link', { name: 'Collega’s' }).click();
  await page.getByRole('combobox', { name: 'Zoek een collega' }).fill('zzqxwv');
  await expect(page.getByText('Niemand gevonden.', { exact: false })).toBeVisible();
  await expect(page.getByRole('listbox', { name: 'Zoekresultaten' })).toBeHidden();
});

test('a total counted after the page: the list shows the rows at once and the count line the exact total', async ({ app: page, stack }) => {
  // A query whose first window of 100 is full of name matches with more behind it (fewer than the
  // cap): the screen gets the page first and asks directory.count after.
  let query: string | null = null;
  for (const first of 'abcdefghijklmnopqrstuvwxyz') {
    for (const second of 'aeiouy') {
      const probe = await stack.harness.call('directory.search', { query: first + second, limit: 100, deferTotal: true });
      if (probe.totalPending) {
        query = first + second;
        break;
      }
    }
    if (query) break;
  }
  expect(query, 'the demo directory has a two-letter prefix whose total is counted after its page').not.toBeNull();
  const exact = await stack.harness.call('directory.search', { query: query!, limit: 1 });
  expect(exact.totalPending).toBe(false);

  await page.getByRole('navigation').getByRole('link', { name: 'Collega’s' }).click();
  await page.getByRole('combobox', { name: 'Zoek een collega' }).fill(query!);
  const count = `${exact.total.toLocaleString('nl-BE')} collega’s gevonden`;
  await expect(page.getByTestId('result-count')).toHaveText(exact.totalCapped ? /meer dan/i : count);
  // The list is as long as the exact total: its options say their set size.
  await expect(page.getByRole('listbox', { name: 'Zoekresultaten' }).getByRole('option').first()).toHaveAttribute('aria-setsize', String(exact.total));
});
