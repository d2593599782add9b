#!/usr/bin/env node
/**
 * `npm test`: every check of the project, in order, with one honest summary at the end.
 *   1. ESLint (architecture rules included)      -> counts as one check
 *   2. Type check (vue-tsc + tsc)                 -> one check
 *   3. vitest (node + renderer projects)          -> each test counts
 *   4. Playwright: web e2e + Electron shell tests -> each test counts
 * Prints "N passed, N failed, N skipped" as its last line and exits non-zero on any failure.
 * `npm test -- --quick` skips Playwright (for a fast inner loop).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const outDir = join(root, '.test-output');
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const quick = process.argv.includes('--quick');

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label}: ${cmd} ${args.join(' ')}`);
  const started = Date.now();
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`=== ${label}: exit ${res.status} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return res.status ?? 1;
}

function check(label, cmd, args) {
  if (run(label, cmd, args) === 0) passed += 1;
  else {
    failed += 1;
    failures.push(label);
  }
}

const bin = (name) => join(root, 'node_modules', '.bin', name);

check('lint', bin('eslint'), ['.', '--max-warnings=0']);
check('typecheck', bin('vue-tsc'), ['--noEmit', '-p', 'tsconfig.web.json']);
check('typecheck (node)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.node.json']);

const vitestJson = join(outDir, 'vitest.json');
const vitestStatus = run('vitest', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
if (existsSync(vitestJson)) {
  const r = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  if (r.numFailedTests > 0) failures.push(`vitest: ${r.numFailedTests} failed`);
  if (vitestStatus !== 0 && r.numFailedTests === 0) {
    failed += 1; // e.g. a suite that failed to load, or an unhandled error
    failures.push('vitest exited non-zero');
  }
} else {
  failed += 1;
  failures.push('vitest produced no report');
}

if (!quick) {
  const pwJson = join(outDir, 'playwright.json');
  const pwStatus = run('playwright', bin('playwright'), ['test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });
  if (existsSync(pwJson)) {
    const s = JSON.parse(readFileSync(pwJson, 'utf8')).stats;
    passed += s.expected + s.flaky;
    failed += s.unexpected;
    skipped += s.skipped;
    if (s.unexpected > 0) failures.push(`playwright: ${s.unexpected} failed`);
    if (pwStatus !== 0 && s.unexpected === 0) {
      failed += 1;
      failures.push('playwright exited non-zero');
    }
  } else {
    failed += 1;
    failures.push('playwright produced no report');
  }
}

if (failures.length) console.log(`\nFailed: ${failures.join('; ')}`);
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
