/**
 * Run by the search bench in a child process, once per engine, so each is measured alone:
 *   node --import tsx bench/search-memory-child.ts <ours|fts5> <cache file> <queries.json>
 * Opens the cache the way the desktop does (openCache: its page cache and mmap settings, imported), runs
 * every query once, prints {"before", "after", "rssBefore", "rssAfter"} in bytes (before = modules
 * loaded, cache not yet open). Run with --expose-gc: garbage is collected before each reading, and
 * "before"/"after" count what the process holds: RSS less the V8 heap's unused part (RSS does not
 * shrink after a GC; the queries' garbage is not memory the cache holds). Both modes load the
 * same modules and parse the same inputs.
 */
import { readFileSync } from 'node:fs';
import { openCache } from '../src/main/core/cache/db.js';
import { searchDirectory } from '../src/main/core/features/directory/search.js';
import { DirectorySearchInput } from '../src/shared/contract/directory.js';
import { fts5Search } from './fts5-baseline.js';

const [mode, file, queriesFile] = process.argv.slice(2) as [string, string, string];
const queries = JSON.parse(readFileSync(queriesFile, 'utf8')) as { query: string; departmentId?: string; municipalityId?: string }[];
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const held = () => {
  gc();
  const m = process.memoryUsage();
  return { held: m.rss - m.heapTotal + m.heapUsed, rss: m.rss };
};
const before = held();
const db = openCache(file);
if (mode === 'ours') {
  for (const q of queries) searchDirectory(db, DirectorySearchInput.parse(q));
} else {
  const search = fts5Search(db);
  for (const q of queries) search(q.query, DirectorySearchInput.parse(q), 50);
}
const after = held();
db.close();
process.stdout.write(JSON.stringify({ before: before.held, after: after.held, rssBefore: before.rss, rssAfter: after.rss }) + '\n');
