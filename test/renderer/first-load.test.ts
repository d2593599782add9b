/**
 * What the renderer loads at start stays small (issue 12: first chunk under 100 kB gzip, measured by
 * `npm run bench -- --only renderer`): zod (~25 kB gzip) loads only with the screens that validate a
 * form, and the French and English strings only when that language is chosen. This walks the static
 * imports from src/renderer/main.ts (not `import type`, not lazy `import()`) and fails naming the
 * chain that reaches zod or a fr-BE/en messages file: a constant taken from a zod schema file once
 * put zod back into the first chunk unnoticed (139.7 kB).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { features } from '../../src/renderer/features/index.js';

const src = join(import.meta.dirname, '../../src');
const STATIC_IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^'"]*?\bfrom\s+)?['"]([^'"]+)['"]/gm;

function resolve(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const p = normalize(join(dirname(from), spec));
  const found = [p, p.replace(/\.js$/, '.ts'), `${p}.ts`, `${p}.vue`, join(p, 'index.ts')].find((c) => existsSync(c) && statSync(c).isFile());
  return found ?? null;
}

function scriptOf(file: string): string {
  const text = readFileSync(file, 'utf8');
  if (!file.endsWith('.vue')) return text;
  return [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
}

/** Every package and source file a static import chain from `entry` reaches, with one chain to it. */
function staticGraph(entry: string): { packages: Map<string, string[]>; files: Map<string, string[]> } {
  const parent = new Map<string, string | null>([[entry, null]]);
  const packages = new Map<string, string[]>();
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift()!;
    for (const [, spec] of scriptOf(file).matchAll(STATIC_IMPORT)) {
      const target = resolve(file, spec!);
      if (target === null) {
        if (!spec!.startsWith('.') && !packages.has(spec!)) {
          const chain = [spec!];
          for (let f: string | null = file; f; f = parent.get(f) ?? null) chain.push(relative(src, f));
          packages.set(spec!, chain);
        }
        continue;
      }
      if (parent.has(target)) continue;
      parent.set(target, file);
      queue.push(target);
    }
  }
  const files = new Map<string, string[]>();
  for (const file of parent.keys()) {
    const chain: string[] = [];
    for (let f: string | null = file; f; f = parent.get(f) ?? null) chain.push(relative(src, f));
    files.set(relative(src, file), chain);
  }
  return { packages, files };
}

describe('renderer first load', () => {
  const { packages, files } = staticGraph(join(src, 'renderer/main.ts'));

  it('walks the real graph (vue, pinia and vue-i18n are reached)', () => {
    expect([...packages.keys()]).toEqual(expect.arrayContaining(['vue', 'pinia', 'vue-i18n']));
  });

  it('does not reach zod: schemas load with the screens that validate', () => {
    const zod = [...packages.entries()].filter(([name]) => name === 'zod' || name.startsWith('zod/'));
    expect(zod.map(([, chain]) => chain.join(' <- '))).toEqual([]);
  });

  it('has the nl-BE strings of the shell and of every feature', () => {
    const nl = [...files.keys()].filter((f) => /[\\/]messages[\\/]nl-BE\.ts$/.test(f));
    expect(nl).toContain(join('renderer', 'i18n', 'messages', 'nl-BE.ts'));
    expect(nl.length).toBe(1 + features.length);
  });

  it('does not reach the fr-BE or en strings: they load when chosen', () => {
    const lazy = [...files.entries()].filter(([f]) => /[\\/]messages[\\/](?!nl-BE\.ts$)[^\\/]+\.ts$/.test(f) && !f.endsWith('index.ts'));
    expect(lazy.map(([, chain]) => chain.join(' <- '))).toEqual([]);
  });
});
