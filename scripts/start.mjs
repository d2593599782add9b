#!/usr/bin/env node
/**
 * `npm start`: builds the app (electron-vite), prepares an Electron-ABI copy of better-sqlite3 in
 * .electron-native/ (node_modules keeps its Node-ABI build for the tests and the web harness), and
 * launches Electron on the embedded demo backend (or the backend in the settings / policy file).
 * Where the Electron binary cannot be obtained, it says so and starts the web harness instead
 * (`node scripts/web.mjs`): the same core and screens, in the browser.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules', '.bin', name);
const args = process.argv.slice(2);
const say = (line) => console.log(`[start] ${line}`);

function run(cmd, cmdArgs, opts = {}) {
  return spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', ...opts });
}

/** The Electron executable, or null with the reason (asks the electron package, quietly). */
function findElectron() {
  const res = spawnSync(process.execPath, ['-e', 'process.stdout.write(require("electron"))'], { cwd: root, encoding: 'utf8', timeout: 180_000 });
  const path = res.stdout.trim();
  if (res.status === 0 && path && existsSync(path)) return { path, reason: null };
  const why = (res.stderr || '').split('\n').find((l) => /Error|failed/i.test(l)) ?? 'download failed';
  return { path: null, reason: why.trim().slice(0, 200) };
}

/** better-sqlite3 rebuilt against Electron's headers, in .electron-native/ (cached per Electron version). */
function prepareNative(electronVersion) {
  const target = join(root, '.electron-native', 'node_modules', 'better-sqlite3');
  const stamp = join(root, '.electron-native', 'electron-version');
  const binary = join(target, 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(binary) && existsSync(stamp) && readFileSync(stamp, 'utf8') === electronVersion) return true;
  say(`rebuilding better-sqlite3 for Electron ${electronVersion} in .electron-native/ (node_modules stays as it is)`);
  rmSync(join(root, '.electron-native'), { recursive: true, force: true });
  mkdirSync(join(root, '.electron-native', 'node_modules'), { recursive: true });
  cpSync(join(root, 'node_modules', 'better-sqlite3'), target, { recursive: true, filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`) });
  const res = run(bin('node-gyp'), ['rebuild', '--release', `--target=${electronVersion}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'], { cwd: target });
  if (res.status !== 0 || !existsSync(binary)) return false;
  writeFileSync(stamp, electronVersion);
  return true;
}

function startWebHarness(reason) {
  say(`Electron cannot run here: ${reason}.`);
  say('Starting the web harness instead: the same app (core, demo backend, screens) in your browser.');
  if (!existsSync(join(root, 'scripts', 'web.mjs'))) {
    say('scripts/web.mjs is missing: nothing to start.');
    process.exit(1);
  }
  const child = spawn(process.execPath, [join(root, 'scripts', 'web.mjs'), ...args], { cwd: root, stdio: 'inherit' });
  forward(child);
}

function forward(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

say('building (electron-vite build)');
if (run(bin('electron-vite'), ['build']).status !== 0) {
  say('build failed');
  process.exit(1);
}

const electron = findElectron();
if (!electron.path) {
  startWebHarness(`no Electron binary (it could not be downloaded: ${electron.reason})`);
} else {
  const version = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  if (!prepareNative(version)) {
    startWebHarness(`better-sqlite3 could not be rebuilt for Electron ${version} (Electron's headers unreachable?)`);
  } else {
    say(`launching Electron ${version}`);
    const env = { ...process.env };
    delete env.ELECTRON_RUN_AS_NODE;
    forward(spawn(electron.path, [root, ...args], { cwd: root, stdio: 'inherit', env }));
  }
}
