#!/usr/bin/env node
/**
 * `npm run package:dir`: validates electron-builder.yml as far as this machine allows. Electron's
 * binary cannot be downloaded here, so electron-builder packs an unpacked Linux app around a
 * stand-in "electron" file that carries Electron's fuse wire (sentinel + Electron's default fuse
 * states); then this script checks what electron-builder produced:
 *   - resources/app.asar with the built main, preload, renderer, tray icons and package.json,
 *     and nothing of src/, test/ or scripts/; native modules unpacked next to it;
 *   - resources/app-update.yml for the generic feed;
 *   - the fuses really flipped in the binary (RunAsNode off, inspect arguments off, only load the
 *     app from the asar, asar integrity on, cookie encryption on).
 * node_modules/better-sqlite3 is protected: its binary is backed up and restored if anything
 * changed it (npmRebuild is off too). Usage: node scripts/package-check.mjs [--out <dir>] [--skip-build]
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const outArg = args.indexOf('--out');
const out = outArg >= 0 ? args[outArg + 1] : join(root, 'dist', 'package-check');
const bin = (name) => join(root, 'node_modules', '.bin', name);

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// Electron's own defaults (fuse wire v1, 8 fuses): RunAsNode 1, CookieEncryption 0, NodeOptions 1,
// NodeCliInspect 1, AsarIntegrity 0, OnlyLoadAppFromAsar 0, BrowserV8Snapshot 0, FileProtocolPrivileges 1.
const DEFAULT_WIRE = '10110001';
const FUSES = ['RunAsNode', 'EnableCookieEncryption', 'EnableNodeOptionsEnvironmentVariable', 'EnableNodeCliInspectArguments', 'EnableEmbeddedAsarIntegrityValidation', 'OnlyLoadAppFromAsar', 'LoadBrowserProcessSpecificV8Snapshot', 'GrantFileProtocolExtraPrivileges'];
const EXPECTED = { RunAsNode: false, EnableCookieEncryption: true, EnableNodeOptionsEnvironmentVariable: false, EnableNodeCliInspectArguments: false, EnableEmbeddedAsarIntegrityValidation: true, OnlyLoadAppFromAsar: true };

const problems = [];
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) problems.push(what);
};

// 1. Build the app (electron-vite works without the Electron binary).
if (!args.includes('--skip-build')) {
  const build = spawnSync(bin('electron-vite'), ['build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// 2. A stand-in Electron distribution: a file named 'electron' carrying the fuse wire.
const standIn = mkdtempSync(join(tmpdir(), 'pop-electron-standin-'));
writeFileSync(join(standIn, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\necho "stand-in Electron for package checks"\nexit 1\n'), Buffer.from(SENTINEL), Buffer.from([1, 8]), Buffer.from(DEFAULT_WIRE.replace(/./g, (c) => String.fromCharCode(c === '1' ? 49 : 48)), 'latin1')]));
chmodSync(join(standIn, 'electron'), 0o755);
writeFileSync(join(standIn, 'version'), require(join(root, 'node_modules', 'electron', 'package.json')).version);

// 3. Protect the Node-ABI better-sqlite3 that tests and the web harness use.
const native = join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
const sha = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');
const backup = join(standIn, 'better_sqlite3.node.bak');
const before = existsSync(native) ? sha(native) : null;
if (before) copyFileSync(native, backup);

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
let status;
try {
  const res = spawnSync(
    bin('electron-builder'),
    ['--linux', 'dir', '--publish', 'never', '-c.npmRebuild=false', `-c.electronDist=${standIn}`, `-c.directories.output=${out}`],
    { cwd: root, stdio: 'inherit', env: { ...process.env, ELECTRON_BUILDER_CACHE: join(standIn, 'cache') } },
  );
  status = res.status;
} finally {
  if (before && sha(native) !== before) {
    copyFileSync(backup, native);
    console.log('restored node_modules/better-sqlite3 (electron-builder had changed it)');
  }
  rmSync(standIn, { recursive: true, force: true });
}
check(status === 0, 'electron-builder --linux dir finished');
if (status !== 0) process.exit(1);

// 4. What it produced.
const app = join(out, 'linux-unpacked');
const resources = join(app, 'resources');
const asar = require('@electron/asar');
const files = new Set(asar.listPackage(join(resources, 'app.asar')).map((f) => f.replaceAll('\\', '/')));
for (const file of ['/package.json', '/out/main/index.js', '/out/main/core-worker.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/resources/icon.png', '/resources/tray/tray-normal.png', '/resources/tray/tray-approvals.png', '/resources/tray/tray-offline.png'])
  check(files.has(file), `app.asar contains ${file}`);
for (const prefix of ['/src/', '/test/', '/scripts/', '/.electron-native/', '/docs/'])
  check(![...files].some((f) => f.startsWith(prefix)), `app.asar has nothing under ${prefix}`);
check(existsSync(join(resources, 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')), 'better-sqlite3 native module unpacked beside the asar');
const updateYml = existsSync(join(resources, 'app-update.yml')) ? readFileSync(join(resources, 'app-update.yml'), 'utf8') : '';
check(/^provider: generic$/m.test(updateYml) && /^url: https:\/\//m.test(updateYml), 'app-update.yml points at the generic https feed');

const binary = readFileSync(join(app, 'pop-index'));
const at = binary.indexOf(SENTINEL) + SENTINEL.length;
const wire = [...binary.subarray(at + 2, at + 2 + binary[at + 1])].map((b) => b === 49);
for (const [name, want] of Object.entries(EXPECTED)) check(wire[FUSES.indexOf(name)] === want, `fuse ${name} ${want ? 'on' : 'off'}`);

console.log(problems.length ? `\npackage check: ${problems.length} problem(s)` : `\npackage check passed: ${app}`);
process.exit(problems.length ? 1 : 0);
