/**
 * Bench section `renderer`: what a window downloads and parses before it shows anything. Builds the
 * renderer (the config electron-vite and the web harness share) into a temp folder and sums the
 * gzip size (zlib, level 9) of the JS that index.html loads at once: the entry script plus its
 * modulepreload links. Lazy route chunks are not counted; their total is reported apart.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { rendererConfig } from '../../src/renderer/vite.config.js';
import { tempDir } from '../../test/core/helpers.js';
import type { Metrics } from './types.js';

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

export async function benchRenderer(): Promise<Metrics> {
  const tmp = tempDir('pop-bench-renderer-');
  try {
    await build({ ...rendererConfig, configFile: false, logLevel: 'warn', build: { ...rendererConfig.build, outDir: tmp.dir, emptyOutDir: true } });
    const html = readFileSync(join(tmp.dir, 'index.html'), 'utf8');
    const first = [...html.matchAll(/<script[^>]+src="\.\/([^"]+\.js)"|<link rel="modulepreload"[^>]+href="\.\/([^"]+\.js)"/g)].map((m) => m[1] ?? m[2]!);
    const css = [...html.matchAll(/<link rel="stylesheet"[^>]+href="\.\/([^"]+\.css)"/g)].map((m) => m[1]!);
    const gz = (file: string) => gzipSync(readFileSync(join(tmp.dir, file)), { level: 9 }).length;
    const all = readdirSync(join(tmp.dir, 'assets')).filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`);
    const firstJs = first.reduce((sum, f) => sum + gz(f), 0);
    const lazyJs = all.filter((f) => !first.includes(f)).reduce((sum, f) => sum + gz(f), 0);
    const firstCss = css.reduce((sum, f) => sum + gz(f), 0);
    console.log(`first load: ${first.join(', ')} = ${kb(firstJs)} kB gzip JS (+ ${kb(firstCss)} kB CSS); lazy chunks: ${kb(lazyJs)} kB gzip in ${all.length - first.length} files`);
    for (const f of first) console.log(`  ${f}: ${kb(gz(f))} kB gzip`);
    return { 'renderer.first_chunk_gzip_kb': kb(firstJs), 'renderer.first_css_gzip_kb': kb(firstCss), 'renderer.lazy_js_gzip_kb': kb(lazyJs) };
  } finally {
    tmp.cleanup();
  }
}
