/**
 * Reading the renderer's sources for tests: the static import graph from a file (not `import type`,
 * not lazy `import()`), and the i18n keys a file uses literally. Used by first-load.test.ts (what
 * main.ts loads at once) and screen-strings.test.ts (which part of a feature's strings each file needs).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

export const src = join(import.meta.dirname, '../../src');
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

/** The files `file` imports statically (absolute paths), and the packages. */
export function staticImports(file: string): { files: string[]; packages: string[] } {
  const files: string[] = [];
  const packages: string[] = [];
  for (const [, spec] of scriptOf(file).matchAll(STATIC_IMPORT)) {
    const target = resolve(file, spec!);
    if (target !== null) files.push(target);
    else if (!spec!.startsWith('.')) packages.push(spec!);
  }
  return { files, packages };
}

/**
 * Every package and source file a static import chain from `entry` reaches, each with one chain to
 * it (`relative to src`, the reached file first, the entry last).
 */
export function staticGraph(entry: string): { packages: Map<string, string[]>; files: Map<string, string[]> } {
  const parent = new Map<string, string | null>([[entry, null]]);
  const chainOf = (file: string) => {
    const chain: string[] = [];
    for (let f: string | null = file; f; f = parent.get(f) ?? null) chain.push(relative(src, f));
    return chain;
  };
  const packages = new Map<string, string[]>();
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift()!;
    const imports = staticImports(file);
    for (const name of imports.packages) if (!packages.has(name)) packages.set(name, [name, ...chainOf(file)]);
    for (const target of imports.files) {
      if (parent.has(target)) continue;
      parent.set(target, file);
      queue.push(target);
    }
  }
  return { packages, files: new Map([...parent.keys()].map((file) => [relative(src, file), chainOf(file)])) };
}

/** Every .vue and .ts file under `dir` (absolute paths). */
export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(vue|ts)$/.test(name)) out.push(path);
  }
  return out;
}

/**
 * The i18n keys a file names literally: `t('a.b')`, `te('a.b')`, `labelKey: 'a.b'` (also titleKey,
 * badgeLabelKey, key), and the prefixes of built keys, `t(\`a.statuses.${s}\`)` giving `a.statuses`
 * (the whole subtree is needed). Block comments (a usage example) do not count.
 */
export function keysUsed(file: string): { keys: Set<string>; prefixes: Set<string> } {
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|<!--[\s\S]*?-->/g, '');
  const keys = new Set<string>();
  const prefixes = new Set<string>();
  for (const m of text.matchAll(/\b(?:t|te)\(\s*'([a-zA-Z][\w-]*(?:\.[\w-]+)+)'/g)) keys.add(m[1]!);
  for (const m of text.matchAll(/(?:labelKey|titleKey|badgeLabelKey|key):\s*'([a-zA-Z][\w-]*(?:\.[\w-]+)+)'/g)) keys.add(m[1]!);
  for (const m of text.matchAll(/\b(?:t|te)\(\s*`([a-zA-Z][\w-]*(?:\.[\w-]+)*)\.\$\{/g)) prefixes.add(m[1]!);
  return { keys, prefixes };
}
