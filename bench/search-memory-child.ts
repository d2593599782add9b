/**
 * Run by the search bench in a child process, once per engine and repetition, so each is measured alone:
 *   node --expose-gc --import tsx bench/search-memory-child.ts <ours|fts5> <cache file> <queries.json>
 * Opens the cache the way the desktop does (openCache: its page cache and mmap settings, imported),
 * runs every query once and prints {"base", "typing", "settled"}: three readings of the process.
 *
 * The same method for both engines, and no estimate subtracted: each reading is taken after a GC
 * and a pause, so the V8 heap pages the GC freed are really given back (V8 unmaps them on a
 * background thread after the GC: read at once, RSS still holds them, by 10-40 MB, a race).
 *   base     modules loaded, inputs parsed, cache not yet open; read after SETTLE_MS with nothing
 *            running (V8 keeps its young generation large while the allocation rate is high, and
 *            shrinks it at the first GC after a few seconds of little allocation)
 *   typing   right after the last query: what the process holds during a burst of typing (the
 *            young generation grown by the queries' garbage included)
 *   settled  after SETTLE_MS more with nothing running: what it keeps between searches
 * Each reading has RSS, RssAnon (private memory, no shared file pages), the V8 heap in use and
 * resident, external memory, and `native` = RssAnon - resident V8 heap (malloc: SQLite's page cache,
 * statements, FTS5 structures).
 */
import { readFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { openCache } from '../src/main/core/cache/db.js';
import { searchDirectory } from '../src/main/core/features/directory/search.js';
import { DirectorySearchInput } from '../src/shared/contract/directory.js';
import { fts5Search } from './fts5-baseline.js';

export interface MemoryReading {
  rss: number;
  anon: number;
  heapUsed: number;
  heapResident: number;
  external: number;
  native: number;
}
export interface MemoryReport {
  base: MemoryReading;
  typing: MemoryReading;
  settled: MemoryReading;
}

const SETTLE_MS = Number(process.env.BENCH_MEM_SETTLE_MS ?? 7000);
/** Time for V8's background threads to unmap what a GC freed. */
const UNMAP_MS = 500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function reading(gc: () => void): Promise<MemoryReading> {
  gc();
  await sleep(UNMAP_MS);
  const m = process.memoryUsage();
  const anonKb = Number(/RssAnon:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN);
  const anon = anonKb * 1024;
  const heapResident = getHeapStatistics().total_physical_size;
  return { rss: m.rss, anon, heapUsed: m.heapUsed, heapResident, external: m.external, native: anon - heapResident };
}

async function main(): Promise<void> {
  const [mode, file, queriesFile] = process.argv.slice(2) as [string, string, string];
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  // Parsed before the base reading: both engines hold the same inputs.
  const inputs = (JSON.parse(readFileSync(queriesFile, 'utf8')) as unknown[]).map((q) => DirectorySearchInput.parse(q));
  await sleep(SETTLE_MS);
  const base = await reading(gc);
  const db = openCache(file);
  if (mode === 'ours') {
    for (const input of inputs) searchDirectory(db, input);
  } else {
    const search = fts5Search(db);
    for (const input of inputs) search(input.query, input, 50);
  }
  const typing = await reading(gc);
  await sleep(SETTLE_MS);
  const settled = await reading(gc);
  db.close();
  process.stdout.write(JSON.stringify({ base, typing, settled } satisfies MemoryReport) + '\n');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
