/**
 * Child process of the outbox crash test (run with `node --import tsx`). It opens the desktop cache,
 * optionally queues a command, and pushes; the parent kills it with SIGKILL at the moment it prints.
 *   argv: <dataDir> <backendUrl> <token> <mode: enqueue-only | push | enqueue-push> [payload JSON]
 *   prints QUEUED <seq> after storing the command, SENT when the server has answered and the
 *   answer is not stored yet (then waits to be killed), DONE <json> after a normal push.
 */
import { enqueueCommand } from '../../src/main/core/sync/outbox.js';
import { pushOutbox } from '../../src/main/core/sync/outbox.js';
import { createHttpClient } from '../../src/main/core/sync/http.js';
import { allFeatures, migratedCache } from './helpers.js';

const [dataDir, url, token, mode, payload] = process.argv.slice(2) as [string, string, string, string, string | undefined];
const db = migratedCache(dataDir);
const never = () => new Promise<void>(() => setInterval(() => undefined, 1000));

if (mode.startsWith('enqueue')) {
  const command = enqueueCommand(db, 'directory.setPhones', JSON.parse(payload ?? '{}') as Record<string, unknown>, new Date());
  process.stdout.write(`QUEUED ${command.seq}\n`);
  if (mode === 'enqueue-only') await never();
}
const client = createHttpClient({ baseUrl: () => url, token: () => token });
const crash = mode === 'enqueue-push';
const outcome = await pushOutbox(db, client, allFeatures, () => new Date(), {
  beforeStore: crash
    ? async () => {
        process.stdout.write('SENT\n');
        await never();
      }
    : undefined,
});
process.stdout.write(`DONE ${JSON.stringify(outcome)}\n`);
db.close();
