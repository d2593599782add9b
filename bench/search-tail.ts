/**
 * Where the slowest 10 % of the search bench's queries spend their time, per statement class of
 * features/directory/search.ts (A, B, N, C, P, X, the total's count, summaries), each query's
 * fastest of 3 runs, as the directory screen asks (deferTotal). On a cache the search section kept:
 *   BENCH_KEEP=/tmp/keep npm run bench -- --only search; npx tsx bench/search-tail.ts /tmp/keep
 */
import { migratedCache } from '../test/core/helpers.js';
import { searchDirectory } from '../src/main/core/features/directory/search.js';
import { DirectorySearchInput } from '../src/shared/contract/directory.js';
import { makeDataset, qualityQueries, typeaheadQueries } from './dataset.js';

const db = migratedCache(process.argv[2]!);
let current: Map<string, number> = new Map();
const label = (sql: string) => {
  if (sql.includes('count(*)') && sql.includes('dir_search MATCH')) return 'count';
  if (sql.includes('FROM dir_search_names')) return 'N';
  if (sql.includes('FROM dir_search WHERE')) return sql.includes('_x') ? 'X' : 'C';
  if (sql.includes('last_first >= @q')) return 'A';
  if (sql.includes('first_last >= @q')) return 'B';
  if (sql.includes('desk_phone >=') || sql.includes('mobile_phone >=')) return 'P';
  if (sql.includes('WITH RECURSIVE')) return 'deps';
  if (sql.includes('json_each(?)')) return 'summaries';
  return sql.replace(/\s+/g, ' ').slice(0, 60);
};
const prep = db.prepare.bind(db);
(db as unknown as { prepare: (s: string) => unknown }).prepare = (sql: string) => {
  const s = prep(sql) as unknown as Record<string, (...a: unknown[]) => unknown>;
  const l = label(sql);
  for (const m of ['all', 'get', 'run']) {
    const orig = s[m]!.bind(s);
    s[m] = (...a: unknown[]) => {
      const t = performance.now();
      try { return orig(...a); } finally { current.set(l, (current.get(l) ?? 0) + performance.now() - t); }
    };
  }
  return s;
};
const data = makeDataset(100_000);
const quality = qualityQueries(data);
const queries = [...typeaheadQueries(data, 2000), ...quality.map(({ query, municipalityId }) => (municipalityId ? { query, municipalityId } : { query }))];
for (const q of queries.slice(0, 300)) searchDirectory(db, DirectorySearchInput.parse(q));
const results: { ms: number; parts: Map<string, number>; q: unknown }[] = [];
for (const q of queries) {
  const input = DirectorySearchInput.parse({ ...q, deferTotal: true });
  let best = { ms: Infinity, parts: new Map<string, number>() };
  for (let i = 0; i < 3; i++) {
    current = new Map();
    const t = performance.now();
    searchDirectory(db, input);
    const ms = performance.now() - t;
    if (ms < best.ms) best = { ms, parts: current };
  }
  results.push({ ...best, q });
}
const sorted = [...results].sort((a, b) => a.ms - b.ms);
const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!.ms;
console.log(`p50 ${pct(50).toFixed(3)} p95 ${pct(95).toFixed(3)} p99 ${pct(99).toFixed(3)}`);
const tail = sorted.slice(Math.floor(sorted.length * 0.9));
const sum = new Map<string, { ms: number; n: number }>();
let total = 0;
for (const r of tail) {
  total += r.ms;
  for (const [k, v] of r.parts) { const e = sum.get(k) ?? { ms: 0, n: 0 }; e.ms += v; e.n += 1; sum.set(k, e); }
}
console.log(`tail ${tail.length} queries, ${(total / tail.length).toFixed(3)} ms avg`);
for (const [k, v] of [...sum].sort((a, b) => b[1].ms - a[1].ms)) console.log(`  ${k.padEnd(60)} ${(100 * v.ms / total).toFixed(1)}%  ${(v.ms / v.n).toFixed(3)} ms/call in ${v.n}`);
// The queries around the p95, with their statements.
const band = sorted.slice(Math.floor(sorted.length * 0.94), Math.floor(sorted.length * 0.96));
for (const r of band) console.log(r.ms.toFixed(2), JSON.stringify(r.q), [...r.parts].map(([k, v]) => `${k}=${v.toFixed(2)}`).join(' '));
