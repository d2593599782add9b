/// <reference types="node" />
/**
 * i18n completeness: the shell's and every registered feature's strings exist in nl-BE, fr-BE and
 * en with the same keys and the same placeholders; every literal key the sources use exists.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { features } from '../../src/renderer/features/index.js';
import { buildMessages, mergeMessages } from '../../src/renderer/i18n/index.js';
import { LOCALES, type MessageTree } from '../../src/renderer/i18n/locales.js';
import { shellMessages } from '../../src/renderer/i18n/messages.js';

function flatten(tree: MessageTree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(`${prefix}${key}`, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

const parts = [{ id: 'shell', messages: shellMessages }, ...features.map((f) => ({ id: f.id, messages: f.messages }))];

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

  it('keeps each feature under its own namespace', () => {
    for (const feature of features) {
      for (const locale of LOCALES) expect(Object.keys(feature.messages[locale]), `${feature.id} ${locale}`).toEqual([feature.id]);
    }
  });

  it('merges all parts without clashes', () => {
    const all = buildMessages(features.map((f) => f.messages));
    expect(flatten(all.en).get('directory.title')).toBe('Find a colleague');
    expect(flatten(all['nl-BE']).get('app.skipToContent')).toBe('Naar de inhoud');
  });

  it('refuses a key defined twice with different text', () => {
    expect(() => mergeMessages({ a: { b: 'x' } }, { a: { b: 'y' } })).toThrow(/a\.b/);
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
    const all = buildMessages(features.map((f) => f.messages));
    const used = new Set<string>();
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(/\b(?:t|te)\(\s*'([a-zA-Z][\w-]*(?:\.[\w-]+)+)'/g)) used.add(m[1]!);
      for (const m of source.matchAll(/(?:labelKey|titleKey|key):\s*'([a-zA-Z][\w-]*(?:\.[\w-]+)+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(50);
    for (const locale of LOCALES) {
      const keys = flatten(all[locale]);
      const missing = [...used].filter((k) => !keys.has(k));
      expect(missing, locale).toEqual([]);
    }
  });
});
