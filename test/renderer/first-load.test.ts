/**
 * What the renderer loads at start stays small (issue 12: first chunk under 100 kB gzip, measured by
 * `npm run bench -- --only renderer`): zod (~25 kB gzip) loads only with the screens that validate a
 * form. This walks the static imports from src/renderer/main.ts (not `import type`, not lazy
 * `import()`) and fails naming the chain that reaches zod: a constant taken from a zod schema file
 * once put zod back into the first chunk unnoticed (139.7 kB).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

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

/** Every package a static import chain from `entry` reaches, with one chain to it. */
function staticPackages(entry: string): Map<string, string[]> {
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
  return packages;
}

describe('renderer first load', () => {
  const packages = staticPackages(join(src, 'renderer/main.ts'));

  it('walks the real graph (vue, pinia and vue-i18n are reached)', () => {
    expect([...packages.keys()]).toEqual(expect.arrayContaining(['vue', 'pinia', 'vue-i18n']));
  });

  it('does not reach zod: schemas load with the screens that validate', () => {
    const zod = [...packages.entries()].filter(([name]) => name === 'zod' || name.startsWith('zod/'));
    expect(zod.map(([, chain]) => chain.join(' <- '))).toEqual([]);
  });
});
