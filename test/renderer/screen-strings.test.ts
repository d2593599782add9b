/// <reference types="node" />
/**
 * Which part of a feature's strings each source file may use (issue 12: the first load carries only
 * what the shell shows before a feature's route opens). A file in the first load (the static import
 * graph of main.ts: the layout, the nav, Home and its cards, the badges) or a feature's file that
 * other parts import statically (directory's PersonAvatar in other features' lists, approvals'
 * AbsenceNote in the directory) may use only first-load strings: the app shell's and each
 * feature's `shell` part. Any other file of a feature may also use that feature's own `screens`
 * part, which the router loads before its routes render. A key found in the wrong place fails
 * here, naming the file: move the key to the feature's `messages/<locale>.ts` (shell part), or the
 * component out of the first load.
 */
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { features } from '../../src/renderer/features/index.js';
import { loadMessages } from '../../src/renderer/i18n/index.js';
import type { MessageTree } from '../../src/renderer/i18n/locales.js';
import { shellMessages } from '../../src/renderer/i18n/messages/index.js';
import { keysUsed, sourceFiles, src, staticGraph, staticImports } from './source-graph.js';

function flatten(tree: MessageTree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : flatten(value, `${prefix}${key}.`)));
}

const renderer = join(src, 'renderer');
const firstLoadKeys = new Set(flatten(shellMessages['nl-BE']).concat(features.flatMap((f) => flatten(f.messages.shell['nl-BE']))));
const screenKeys = new Map(await Promise.all(features.map(async (f) => [f.id, new Set(f.messages.screens ? flatten(await f.messages.screens['nl-BE']()) : [])] as const)));
const allKeys = flatten(await loadMessages(features, 'nl-BE'));
const firstLoad = new Set([...staticGraph(join(renderer, 'main.ts')).files.keys()].map((f) => join(src, f)));

/** The registered feature a file belongs to, or null (the app shell). */
function featureOf(file: string): string | null {
  const [top, id] = relative(renderer, file).split(sep);
  return top === 'features' && features.some((f) => f.id === id) ? id! : null;
}

const files = sourceFiles(renderer).filter((f) => !f.split(sep).includes('messages') && (featureOf(f) !== null || !relative(renderer, f).startsWith('features')));
/** Files of a feature that a file outside that feature imports statically. */
const sharedOut = new Set(files.flatMap((from) => staticImports(from).files.filter((to) => featureOf(to) !== null && featureOf(to) !== featureOf(from))));

describe('screen strings load with their routes', () => {
  it('finds the first load and the shared components (the walk is real)', () => {
    const names = (set: Set<string>) => [...set].map((f) => relative(renderer, f));
    expect(names(firstLoad)).toEqual(expect.arrayContaining([join('features', 'birthdays', 'BirthdaysTodayCard.vue'), join('features', 'directory', 'PersonLink.vue'), join('views', 'HomeView.vue')]));
    expect(names(sharedOut)).toEqual(expect.arrayContaining([join('features', 'directory', 'PersonAvatar.vue'), join('features', 'approvals', 'AbsenceNote.vue')]));
    expect(names(firstLoad)).not.toContain(join('features', 'directory', 'DirectoryView.vue'));
  });

  it('every feature with screens has most of its strings there (a real split)', () => {
    for (const f of features.filter((f) => f.messages.screens)) expect(screenKeys.get(f.id)!.size, f.id).toBeGreaterThan(flatten(f.messages.shell['nl-BE']).length);
  });

  it('each file uses only the strings that are loaded when it shows', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const feature = featureOf(file);
      const early = firstLoad.has(file) || sharedOut.has(file) || feature === null;
      const allowed = (key: string) => firstLoadKeys.has(key) || (!early && screenKeys.get(feature!)!.has(key));
      const where = firstLoad.has(file) ? 'in the first load' : sharedOut.has(file) ? 'shown by other features' : feature === null ? 'app shell' : `${feature} screens`;
      const { keys, prefixes } = keysUsed(file);
      for (const key of keys) if (allKeys.includes(key) && !allowed(key)) wrong.push(`${relative(renderer, file)} (${where}): ${key}`);
      for (const prefix of prefixes) {
        const under = allKeys.filter((k) => k.startsWith(`${prefix}.`));
        if (under.some((k) => !allowed(k))) wrong.push(`${relative(renderer, file)} (${where}): ${prefix}.*`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
