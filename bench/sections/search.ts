/**
 * Bench section `search`: directory typeahead on a 100,000-person cache, our search vs a plain bm25-ranked
 * FTS5 query over the same rows, in the same run. Reports p50/p95 and the ratios (baseline / ours).
 *   BENCH_SIZE=20000 npm run bench    (smaller, faster)
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import type { BenchOptions, Metrics } from './types.js';
import { join } from 'node:path';
import { searchDirectory } from '../../src/main/core/features/directory/search.js';
import { applyPage } from '../../src/main/core/sync/pull.js';
import { DirectorySearchInput } from '../../src/shared/contract/directory.js';
import type { Change } from '../../src/shared/sync/protocol.js';
import { allFeatures, migratedCache, tempDir } from '../../test/core/helpers.js';
import { makeDataset, typeaheadQueries } from '../dataset.js';
import { fts5Baseline } from '../fts5-baseline.js';

export async function benchSearch(opts: BenchOptions): Promise<Metrics> {
  const size = Number(process.env.BENCH_SIZE ?? (opts.quick ? 20_000 : 100_000));
  // BENCH_KEEP=<dir>: keep (and reuse) the filled cache there, to iterate on queries quickly.
  const keep = process.env.BENCH_KEEP;
  const tmp = keep ? { dir: keep, cleanup: () => undefined } : tempDir('pop-bench-');
  const reuse = keep !== undefined && existsSync(join(keep, 'cache.sqlite'));
  const db = migratedCache(tmp.dir);
  const data = makeDataset(size);

  function percentile(sorted: number[], p: number): number {
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  }
  function stats(samples: number[]): { p50: number; p95: number; max: number } {
    const sorted = [...samples].sort((a, b) => a - b);
    return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1]! };
  }
  const ms = (n: number): string => `${n.toFixed(3)} ms`;

  // 1. Fill the cache the way sync does: pages of 2000 changes, one transaction each.
  const changes: Change[] = [
    ...data.municipalities.map((m) => ({ op: 'upsert' as const, collection: 'municipalities' as const, id: m.id, data: m })),
    ...data.departments.map((d) => ({ op: 'upsert' as const, collection: 'departments' as const, id: d.id, data: d })),
    ...data.people.map((p) => ({ op: 'upsert' as const, collection: 'people' as const, id: p.id, data: p as unknown as Record<string, unknown> })),
  ];
  let started = performance.now();
  if (!reuse) {
    for (let i = 0; i < changes.length; i += 2000) {
      const page = changes.slice(i, i + 2000);
      applyPage(db, allFeatures, { protocol: 1, reset: false, cursor: `c${i}`, hasMore: i + 2000 < changes.length, remaining: null, changes: page }, new Date());
    }
    const syncMs = performance.now() - started;
    console.log(`cache filled: ${size} people in ${(syncMs / 1000).toFixed(2)} s (${Math.round(size / (syncMs / 1000))} people/s, pages of 2000, validated)`);
  }

  // 2. The baseline: a plain FTS5 table with bm25 ranking over the same rows.
  started = performance.now();
  const baseline = fts5Baseline(db);
  console.log(`baseline FTS5 index built in ${((performance.now() - started) / 1000).toFixed(2)} s`);

  // 3. The same typeahead queries through both, interleaved, after a warm-up. This machine is shared
  // (load far above its 2 cores), so each query runs REPS times and keeps its fastest run: the cost
  // of the query, not the scheduler's pauses. CPU time (process.cpuUsage) is reported as a check.
  const reps = Number(process.env.BENCH_REPS ?? 3);
  const queries = typeaheadQueries(data, Number(process.env.BENCH_QUERIES ?? (opts.quick ? 500 : 2000)));
  for (const q of queries.slice(0, 300)) {
    searchDirectory(db, DirectorySearchInput.parse(q));
    baseline.search(q.query, q, 50);
  }
  function measure(fn: () => unknown): { wall: number; cpu: number } {
    let wall = Infinity;
    let cpu = Infinity;
    for (let i = 0; i < reps; i++) {
      const c = process.cpuUsage();
      const t = performance.now();
      fn();
      wall = Math.min(wall, performance.now() - t);
      const used = process.cpuUsage(c);
      cpu = Math.min(cpu, (used.user + used.system) / 1000);
    }
    return { wall, cpu };
  }
  const ours: number[] = [];
  const oursCpu: number[] = [];
  const base: number[] = [];
  const baseCpu: number[] = [];
  const short: { ours: number[]; base: number[] } = { ours: [], base: [] };
  const slowest: { ms: number; q: (typeof queries)[number] }[] = [];
  for (const q of queries) {
    const input = DirectorySearchInput.parse(q);
    const a = measure(() => searchDirectory(db, input));
    const b = measure(() => baseline.search(q.query, q, 50));
    ours.push(a.wall);
    oursCpu.push(a.cpu);
    base.push(b.wall);
    baseCpu.push(b.cpu);
    slowest.push({ ms: a.wall, q });
    if (q.query.trim().length <= 2) {
      short.ours.push(a.wall);
      short.base.push(b.wall);
    }
  }
  const o = stats(ours);
  const b = stats(base);
  const so = stats(short.ours);
  const sb = stats(short.base);
  const oc = stats(oursCpu);
  const bc = stats(baseCpu);
  console.log(`\ntypeahead, ${queries.length} queries (${short.ours.length} of 1-2 characters, ~15% with a filter), limit 50, ${size} people, best of ${reps} runs each`);
  console.log(`  ours      p50 ${ms(o.p50)}  p95 ${ms(o.p95)}  max ${ms(o.max)}   (CPU time p50 ${ms(oc.p50)}, p95 ${ms(oc.p95)})`);
  console.log(`  bm25 FTS5 p50 ${ms(b.p50)}  p95 ${ms(b.p95)}  max ${ms(b.max)}   (CPU time p50 ${ms(bc.p50)}, p95 ${ms(bc.p95)})`);
  console.log(`  ratio (baseline / ours): p50 ${(b.p50 / o.p50).toFixed(1)}x, p95 ${(b.p95 / o.p95).toFixed(1)}x`);
  console.log(`  1-2 characters only: ours p95 ${ms(so.p95)}, bm25 p95 ${ms(sb.p95)}, ratio ${(sb.p95 / so.p95).toFixed(1)}x`);
  console.log(`  target p95 < 2 ms: ${o.p95 < 2 ? 'met' : 'NOT met'} (load average now ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs)`);
  console.log('  slowest of ours:');
  for (const { ms: t, q } of slowest.sort((x, y) => y.ms - x.ms).slice(0, 6)) console.log(`    ${ms(t)}  ${JSON.stringify(q)}`);

  db.close();
  tmp.cleanup();
  return {
    'search.p50_ms': o.p50,
    'search.p95_ms': o.p95,
    'search.max_ms': o.max,
    'search.ratio_vs_bm25_fts5': b.p95 / o.p95,
    'search.people': size,
  };
}
