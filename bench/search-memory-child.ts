/**
 * Run by the search bench in a child process, once per engine, so each is measured alone:
 *   node --import tsx bench/search-memory-child.ts <ours|fts5> <cache file> <queries.json>
 * Opens the cache the way the desktop does (openCache: same page cache and mmap settings), runs
 * every query once, prints {"before": rss, "after": rss} in bytes (before = modules loaded, cache
 * not yet open). Both modes load the same modules.
 */
import { readFileSync } from 'node:fs';
import { openCache } from '../src/main/core/cache/db.js';
import { searchDirectory } from '../src/main/core/features/directory/search.js';
import { DirectorySearchInput } from '../src/shared/contract/directory.js';
import { fts5Search } from './fts5-baseline.js';

const [mode, file, queriesFile] = process.argv.slice(2) as [string, string, string];
const queries = JSON.parse(readFileSync(queriesFile, 'utf8')) as { query: string; departmentId?: string; municipalityId?: string }[];
const before = process.memoryUsage().rss;
const db = openCache(file);
if (mode === 'ours') {
  for (const q of queries) searchDirectory(db, DirectorySearchInput.parse(q));
} else {
  const search = fts5Search(db);
  for (const q of queries) search(q.query, q, 50);
}
const after = process.memoryUsage().rss;
db.close();
process.stdout.write(JSON.stringify({ before, after }) + '\n');
