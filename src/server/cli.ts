/**
 * npm run server -- [--port 8080] [--host 127.0.0.1] [--data-dir .data/server] [--seed-size 800]
 *                   [--today YYYY-MM-DD] [--no-seed] [--log]
 * Env: PORT, DATABASE_URL (postgres://... for PostgreSQL), POP_UPDATES_DIR, POP_MIN_CLIENT_VERSION.
 * Seeds the demo data into an empty database (unless --no-seed) and prints the URL.
 */
import { parseArgs } from 'node:util';
import { createServer } from './app.js';
import { redact } from './db/open.js';

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
const where = server.db.dialect === 'postgres' ? `PostgreSQL ${redact(server.db.url!)}` : `SQLite ${server.db.file}`;
console.log(`Pop Index backend listening on ${url} (${where}, ready in ${Date.now() - started} ms)`);
console.log(`Demo logins: demo, secretariaat, financien, burgerzaken, bevolking.hoofd, dpo, ieper, admin (password "demo")`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
