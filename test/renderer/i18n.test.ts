/// <reference types="node" />
/**
 * i18n completeness: the shell's and every registered feature's strings (its `shell` and `screens`
 * parts) exist in nl-BE, fr-BE and en with the same keys and the same placeholders; every literal
 * key the sources use exists. fr-BE, en and every `screens` part are lazy chunks: they are loaded
 * here through the same loaders the app calls, so a loader pointing at the wrong file (or none)
 * fails too. Switching loads them before it switches; a route's screens load before it renders.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { features } from '../../src/renderer/features/index.js';
import { createAppI18n, loadMessages, loadScreens, mergeMessages, mergeTrees, setActiveI18n, setLocale, LOCALE_STORAGE_KEY } from '../../src/renderer/i18n/index.js';
import { LOCALES, type LazyMessages, type LocaleMessages, type MessageTree, type PartMessages } from '../../src/renderer/i18n/locales.js';
import { createAppRouter } from '../../src/renderer/router.js';
import { shellMessages } from '../../src/renderer/i18n/messages/index.js';

function flatten(tree: MessageTree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(`${prefix}${key}`, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** A part's three locales, the lazy ones through their loaders. */
async function loadAll(messages: PartMessages | LazyMessages): Promise<LocaleMessages> {
  const nl = messages['nl-BE'];
  return { 'nl-BE': typeof nl === 'function' ? await nl() : nl, 'fr-BE': await messages['fr-BE'](), en: await messages.en() };
}

/** The app shell's strings, and each feature's `shell` and `screens` parts (`feature`: its namespace). */
const parts = await Promise.all(
  [
    { id: 'shell', feature: null, messages: shellMessages as PartMessages | LazyMessages },
    ...features.flatMap((f) => [
      { id: `${f.id} shell`, feature: f.id, messages: f.messages.shell },
      ...(f.messages.screens ? [{ id: `${f.id} screens`, feature: f.id, messages: f.messages.screens }] : []),
    ]),
  ].map(async (p) => ({ ...p, messages: await loadAll(p.messages) })),
);
const merged = Object.fromEntries(await Promise.all(LOCALES.map(async (l) => [l, await loadMessages(features, l)] as const))) as LocaleMessages;

describe('i18n completeness', () => {
  it.each(parts.map((p) => [p.id, p] as const))('%s has the same keys and placeholders in every locale', (_id, part) => {
    const reference = flatten(part.messages['nl-BE']);
    expect(reference.size).toBeGreaterThan(0);
    for (const locale of LOCALES) {
      const messages = flatten(part.messages[locale]);
      expect([...messages.keys()].sort(), `${part.id} ${locale}`).toEqual([...reference.keys()].sort());
      for (const [key, text] of messages) {
        expect(text.trim(), `${part.id} ${locale} ${key} is empty`).not.toBe('');
        expect(placeholders(text), `${part.id} ${locale} ${key} placeholders`).toEqual(placeholders(reference.get(key)!));
        expect(text.split('|').length, `${part.id} ${locale} ${key} plural forms`).toBe(reference.get(key)!.split('|').length);
      }
    }
  });

  it('loads each lazy locale from its own file (not another locale\'s)', () => {
    for (const part of parts) {
      expect(flatten(part.messages['fr-BE']), `${part.id} fr-BE is not the Dutch`).not.toEqual(flatten(part.messages['nl-BE']));
      expect(flatten(part.messages.en), `${part.id} en is not the Dutch`).not.toEqual(flatten(part.messages['nl-BE']));
      expect(flatten(part.messages.en), `${part.id} en is not the French`).not.toEqual(flatten(part.messages['fr-BE']));
    }
  });

  it('keeps each feature under its own namespace', () => {
    for (const part of parts.filter((p) => p.feature !== null)) {
      for (const locale of LOCALES) expect(Object.keys(part.messages[locale]), `${part.id} ${locale}`).toEqual([part.feature]);
    }
  });

  it('has each key of a feature in its shell part or its screens part, not in both', () => {
    for (const feature of features) {
      const [shell, screens] = [parts.find((p) => p.id === `${feature.id} shell`)!, parts.find((p) => p.id === `${feature.id} screens`)];
      if (!screens) continue;
      const both = [...flatten(shell.messages['nl-BE']).keys()].filter((key) => flatten(screens.messages['nl-BE']).has(key));
      expect(both, feature.id).toEqual([]);
    }
  });

  it('merges all parts without clashes, in every locale', () => {
    expect(flatten(merged.en).get('directory.title')).toBe('Find a colleague');
    expect(flatten(merged['fr-BE']).get('directory.title')).toBe('Rechercher un collègue');
    expect(flatten(merged['nl-BE']).get('app.skipToContent')).toBe('Naar de inhoud');
  });

  it('refuses a key defined twice with different text, also across parts', () => {
    expect(() => mergeMessages({ a: { b: 'x' } }, { a: { b: 'y' } })).toThrow(/a\.b/);
    expect(() => mergeTrees([{ a: { b: 'x' } }, { a: { c: 'z' } }, { a: { b: 'y' } }])).toThrow(/a\.b/);
  });

  it('every literal t() key used in src/renderer exists in every locale', () => {
    const root = join(process.cwd(), 'src/renderer');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(vue|ts)$/.test(name)) files.push(path);
      }
    };
    // The shell's files, and the folders of registered features (others may be work in progress).
    for (const name of readdirSync(root)) {
      const path = join(root, name);
      if (name === 'features') for (const f of features) walk(join(path, f.id));
      else if (statSync(path).isDirectory()) walk(path);
      else if (/\.(vue|ts)$/.test(name)) files.push(path);
    }
    const used = new Set<string>();
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(/\b(?:t|te)\(\s*'([a-zA-Z][\w-]*(?:\.[\w-]+)+)'/g)) used.add(m[1]!);
      for (const m of source.matchAll(/(?:labelKey|titleKey|key):\s*'([a-zA-Z][\w-]*(?:\.[\w-]+)+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(50);
    for (const locale of LOCALES) {
      const keys = flatten(merged[locale]);
      const missing = [...used].filter((k) => !keys.has(k));
      expect(missing, locale).toEqual([]);
    }
  });
});

describe('switching the language', () => {
  afterEach(() => window.localStorage.removeItem(LOCALE_STORAGE_KEY));

  it('starts in nl-BE with only its strings, and loads the chosen language before it switches', async () => {
    const i18n = createAppI18n(features);
    setActiveI18n(i18n);
    expect(i18n.global.availableLocales).toEqual(['nl-BE']);
    expect(i18n.global.t('directory.title')).toBe('Collega’s zoeken');
    const switching = setLocale('fr-BE');
    expect(i18n.global.locale.value, 'not before the strings are there').toBe('nl-BE');
    await switching;
    expect(i18n.global.locale.value).toBe('fr-BE');
    expect(i18n.global.t('directory.title')).toBe('Rechercher un collègue');
    expect(i18n.global.t('app.skipToContent')).toBe('Aller au contenu');
    expect(document.documentElement.lang).toBe('fr-BE');
    expect(window.localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('fr-BE');
    await setLocale('nl-BE');
    expect(i18n.global.t('directory.title')).toBe('Collega’s zoeken');
    expect(document.documentElement.lang).toBe('nl-BE');
  });

  it('ends on the last choice when switched again before the strings came', async () => {
    const i18n = createAppI18n(features);
    setActiveI18n(i18n);
    const first = setLocale('en');
    const second = setLocale('nl-BE', { remember: false });
    await Promise.all([first, second]);
    expect(i18n.global.locale.value).toBe('nl-BE');
    expect(document.documentElement.lang).toBe('nl-BE');
    expect(i18n.global.availableLocales).toContain('en');
  });

  it('loads a feature\'s screens when asked (its route), and again in each language switched to', async () => {
    const i18n = createAppI18n(features);
    setActiveI18n(i18n);
    expect(i18n.global.te('directory.searchLabel'), 'not in the first load').toBe(false);
    expect(i18n.global.t('directory.nav'), 'the nav label is').toBe('Collega’s');
    await loadScreens(i18n, ['directory']);
    expect(i18n.global.t('directory.searchLabel')).toBe('Zoek een collega');
    await setLocale('fr-BE', { remember: false });
    expect(i18n.global.te('directory.searchLabel', 'fr-BE')).toBe(true);
    expect(i18n.global.te('orders.scopeLabel', 'fr-BE'), 'only the features opened so far').toBe(false);
    await loadScreens(i18n, ['orders']);
    expect(i18n.global.t('orders.scopeLabel')).toBe('Quels bons de commande');
    expect(i18n.global.te('orders.scopeLabel', 'nl-BE'), 'in the current language only').toBe(false);
    await setLocale('nl-BE', { remember: false });
    expect(i18n.global.t('orders.scopeLabel')).toBe('Welke bestelbonnen');
  });

  it('has the screens of a route opened during a switch in the language switched to', async () => {
    const i18n = createAppI18n(features);
    setActiveI18n(i18n);
    const switching = setLocale('en', { remember: false });
    const opening = loadScreens(i18n, ['agenda']); // still nl-BE: loads the Dutch
    await Promise.all([switching, opening]);
    expect(i18n.global.locale.value).toBe('en');
    expect(i18n.global.te('agenda.filterBody', 'en')).toBe(true);
    expect(i18n.global.te('agenda.filterBody', 'nl-BE')).toBe(true);
  });

  it('the router renders a feature\'s route once its screen strings are there', async () => {
    const i18n = createAppI18n(features);
    setActiveI18n(i18n);
    const router = createAppRouter(() => ['staff', 'population', 'admin']);
    expect(i18n.global.te('letters.registerNav'), 'the nav label is in the first load').toBe(true);
    expect(i18n.global.te('admin.tabs.accounts')).toBe(false);
    await router.push('/letters');
    expect(router.currentRoute.value.meta.feature).toBe('letters');
    expect(i18n.global.te('admin.tabs.accounts'), 'no other feature\'s screens').toBe(false);
    const letters = [...flatten(merged['nl-BE']).keys()].filter((key) => key.startsWith('letters.'));
    expect(letters.every((key) => i18n.global.te(key)), 'every letters string').toBe(true);
  });
});
