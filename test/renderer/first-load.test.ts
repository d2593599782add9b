/**
 * What the renderer loads at start stays small (issue 12: first chunk under 100 kB gzip, measured by
 * `npm run bench -- --only renderer`): zod (~25 kB gzip) loads only with the screens that validate a
 * form, the French and English strings only when that language is chosen, and a feature's screen
 * strings (`messages/screens/`, any language) only with its routes. This walks the static imports
 * from src/renderer/main.ts (not `import type`, not lazy `import()`) and fails naming the chain that
 * reaches zod, a fr-BE/en messages file or a screens messages file: a constant taken from a zod
 * schema file once put zod back into the first chunk unnoticed (139.7 kB).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { features } from '../../src/renderer/features/index.js';
import { src, staticGraph } from './source-graph.js';

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

  it('does not reach any feature\'s screen strings: they load with its routes', () => {
    const screens = [...files.entries()].filter(([f]) => /[\\/]messages[\\/]screens[\\/]/.test(f));
    expect(screens.map(([, chain]) => chain.join(' <- '))).toEqual([]);
  });

  it('does not reach the fr-BE or en strings: they load when chosen', () => {
    const lazy = [...files.entries()].filter(([f]) => /[\\/]messages[\\/](?!nl-BE\.ts$)[^\\/]+\.ts$/.test(f) && !f.endsWith('index.ts'));
    expect(lazy.map(([, chain]) => chain.join(' <- '))).toEqual([]);
  });
});
