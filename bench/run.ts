/**
 * `npm run bench`: runs every section of bench/sections/ in one process and writes
 * `bench-results.json` = { machine: {...}, metrics: { "<flat.key>": number } }.
 *   npm run bench -- --quick          reduced sizes (under two minutes)
 *   npm run bench -- --only search    one section (repeatable)
 * Speed is reported as ratios against baselines measured in the same run; see docs/benchmarks.md.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { sections } from './sections/index.js';
import type { Metrics } from './sections/types.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.flatMap((a, i) => (a === '--only' && args[i + 1] ? [args[i + 1]!] : []));
const out = args.flatMap((a, i) => (a === '--out' && args[i + 1] ? [args[i + 1]!] : []))[0] ?? 'bench-results.json';

const machine = {
  node: process.version,
  platform: process.platform,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGb: Math.round(totalmem() / 2 ** 30),
  loadAverageAtStart: Number(loadavg()[0]!.toFixed(2)),
  quick,
  date: new Date().toISOString(),
};
const metrics: Metrics = {};
const benchStarted = performance.now();
const failed: string[] = [];
for (const section of sections) {
  if (only.length && !only.includes(section.name)) continue;
  console.log(`\n=== ${section.name}${quick ? ' (quick)' : ''} ===`);
  const started = performance.now();
  try {
    Object.assign(metrics, await section.run({ quick }));
  } catch (err) {
    failed.push(section.name);
    console.error(`bench section ${section.name} failed:`, err);
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`(${section.name}: ${seconds.toFixed(0)} s)`);
  metrics[`bench.${section.name}_s`] = seconds;
}
metrics['bench.total_s'] = (performance.now() - benchStarted) / 1000;
writeFileSync(out, JSON.stringify({ machine, metrics }, null, 2) + '\n');
console.log(`\n${out}: ${Object.keys(metrics).length} metrics${failed.length ? `; FAILED sections: ${failed.join(', ')}` : ''}`);
if (failed.length) process.exitCode = 1;
