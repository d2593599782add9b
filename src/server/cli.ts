/**
 * npm run server -- [--port 8080] [--host 127.0.0.1] [--data-dir .data/server] [--seed-size 800]
 *                   [--today YYYY-MM-DD] [--no-seed] [--log]
 * Env: PORT, DATABASE_URL (postgres://... for PostgreSQL), POP_UPDATES_DIR, POP_MIN_CLIENT_VERSION,
 *      POP_METRICS=1 (GET /metrics on this port) or POP_METRICS_PORT (+ POP_METRICS_HOST) for a
 *      listener of its own, POP_BACKUP_DIR (backup age in the metrics).
 * Seeds the demo data into an empty database (unless --no-seed) and prints the URL.
 */
import { parseArgs } from 'node:util';
import { createServer } from './app.js';
import { redactUrl } from './db/open.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    'data-dir': { type: 'string', default: '.data/server' },
    'seed-size': { type: 'string' },
    today: { type: 'string' },
    'no-seed': { type: 'boolean', default: false },
    log: { type: 'boolean', default: false },
  },
  strict: true,
});

const port = Number(values.port ?? process.env.PORT ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid port: ${values.port ?? process.env.PORT}`);
  process.exit(2);
}
const seedSize = values['seed-size'] ? Number(values['seed-size']) : undefined;
if (seedSize !== undefined && (!Number.isInteger(seedSize) || seedSize < 1)) {
  console.error(`Invalid --seed-size: ${values['seed-size']}`);
  process.exit(2);
}

const started = Date.now();
const server = await createServer({
  dataDir: values['data-dir'],
  seed: values['no-seed'] ? false : { size: seedSize, today: values.today },
  logger: values.log ? { level: 'info' } : false,
  minClientVersion: process.env.POP_MIN_CLIENT_VERSION ?? null,
});
const url = await server.listen(port, values.host);
const where = server.db.dialect === 'postgres' ? `PostgreSQL ${redactUrl(server.db.url!)}` : `SQLite ${server.db.file}`;
console.log(`Pop Index backend listening on ${url} (${where}, ready in ${Date.now() - started} ms)`);
console.log(`Demo logins: demo, secretariaat, financien, burgerzaken, bevolking.hoofd, dpo, ieper, admin (password "demo")`);

if (server.metricsUrl) console.log(`Metrics on ${server.metricsUrl}`);

// Graceful: stop taking requests, end live streams, let the requests in flight finish (at most
// 10 s), close the database. A second signal stops at once.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`${signal}: shutting down (finishing requests in flight)`);
    for (const again of ['SIGINT', 'SIGTERM'] as const) process.once(again, () => process.exit(1));
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`Shutdown failed: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  });
}
