/**
 * Child process of the bulk first-sync crash test (run with `node --import tsx`): pulls into the
 * cache in small pages and prints `PAGE <n>` after each committed page; the parent kills it with
 * SIGKILL while it goes on.   argv: <dataDir> <backendUrl> <token> <limit>
 */
import { createHttpClient } from '../../src/main/core/sync/http.js';
import { pullAll } from '../../src/main/core/sync/pull.js';
import { allFeatures, migratedCache } from './helpers.js';

const [dataDir, url, token, limit] = process.argv.slice(2) as [string, string, string, string];
const db = migratedCache(dataDir);
const client = createHttpClient({ baseUrl: () => url, token: () => token });
let pages = 0;
await pullAll(db, client, allFeatures, { now: () => new Date(), limit: Number(limit), onProgress: () => process.stdout.write(`PAGE ${++pages}\n`) });
process.stdout.write('DONE\n');
db.close();
