/**
 * Prometheus metrics (prom-client, one registry per server: several servers may share a process in
 * tests and in the desktop's demo mode). Labels hold route patterns, methods, status codes, command
 * types and outcomes only: never a raw URL, a query, a user or a tenant.
 *
 *   pop_http_requests_total{method,route,status}         route = the pattern ("/api/v1/letters/:id"), "unmatched" for 404s
 *   pop_http_request_duration_seconds{method,route}      histogram
 *   pop_sync_pulls_total{status}, pop_sync_pushes_total{status}
 *   pop_sync_commands_total{type,outcome}                outcome = applied | rejected | retry
 *   pop_live_streams                                     open server-sent-event streams
 *   pop_db_pool_connections{state}                       PostgreSQL pool total / idle / waiting; SQLite: total 1, waiting 0
 *   pop_backup_age_seconds{dialect}, pop_backup_last_timestamp_seconds{dialect}   newest manifest in the backup folder (if any)
 *   pop_ready                                            1 when /api/v1/ready would answer 200
 *   + prom-client's default process and Node.js metrics (pop_process_*, pop_nodejs_*)
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Command, CommandResult } from '../../shared/sync/protocol.js';
import { latestManifest } from './files.js';

export interface MetricsSources {
  liveStreams(): number;
  pool(): { total: number; idle: number | null; waiting: number };
  /** Folder of dated backups (POP_BACKUP_DIR), or null. */
  backupDir: string | null;
  ready(): Promise<boolean>;
  now(): Date;
  /** The command types this server handles: any other type a client sends is counted as "unknown". */
  commandTypes: ReadonlySet<string>;
  /** The last run of every directory import source (municipality and source names only). */
  importRuns?(): Promise<ImportRunFigures[]>;
}

export interface ImportRunFigures {
  municipalityId: string;
  source: string;
  outcome: string;
  finishedAt: string;
  counts: Record<'added' | 'changed' | 'removed' | 'unchanged' | 'rejected', number>;
}

export interface Metrics {
  registry: Registry;
  /** Counts every response (install before the routes). */
  install(app: FastifyInstance): void;
  commands(commands: readonly Command[], results: readonly CommandResult[]): void;
  text(): Promise<string>;
  contentType: string;
}

const PULL = '/api/v1/sync/pull';
const PUSH = '/api/v1/sync/push';

export function createMetrics(sources: MetricsSources): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'pop_' });
  const requests = new Counter({ name: 'pop_http_requests_total', help: 'HTTP requests by route pattern and status', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const latency = new Histogram({
    name: 'pop_http_request_duration_seconds',
    help: 'HTTP request duration by route pattern',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const pulls = new Counter({ name: 'pop_sync_pulls_total', help: 'Sync pull requests by status', labelNames: ['status'], registers: [registry] });
  const pushes = new Counter({ name: 'pop_sync_pushes_total', help: 'Sync push requests by status', labelNames: ['status'], registers: [registry] });
  const commands = new Counter({ name: 'pop_sync_commands_total', help: 'Pushed commands by type and outcome (applied, rejected, retry)', labelNames: ['type', 'outcome'], registers: [registry] });
  new Gauge({
    name: 'pop_live_streams',
    help: 'Open live event streams (server-sent events)',
    registers: [registry],
    collect() {
      this.set(sources.liveStreams());
    },
  });
  new Gauge({
    name: 'pop_db_pool_connections',
    help: 'Database connections: PostgreSQL pool total/idle/waiting clients; SQLite reports one connection',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const p = sources.pool();
      this.set({ state: 'total' }, p.total);
      if (p.idle !== null) this.set({ state: 'idle' }, p.idle);
      this.set({ state: 'waiting' }, p.waiting);
    },
  });
  // Labelled (by the backup's dialect) so that "no backup" is no sample at all, not an age of 0.
  const latestBackup = (gauge: Gauge, value: (at: number) => number) => {
    gauge.reset();
    const latest = sources.backupDir ? latestManifest(sources.backupDir) : null;
    if (latest) gauge.set({ dialect: latest.dialect }, value(Date.parse(latest.createdAt)));
  };
  new Gauge({
    name: 'pop_backup_age_seconds',
    help: 'Seconds since the newest complete backup in the backup folder (no sample: none, or no folder configured)',
    labelNames: ['dialect'],
    registers: [registry],
    collect() {
      latestBackup(this, (at) => Math.max(0, (sources.now().getTime() - at) / 1000));
    },
  });
  new Gauge({
    name: 'pop_backup_last_timestamp_seconds',
    help: 'Time of the newest complete backup (Unix seconds)',
    labelNames: ['dialect'],
    registers: [registry],
    collect() {
      latestBackup(this, (at) => at / 1000);
    },
  });
  new Gauge({
    name: 'pop_import_last_run_timestamp_seconds',
    help: 'When the last run of each directory import source finished (Unix seconds), by outcome',
    labelNames: ['municipality', 'source', 'outcome'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of (await sources.importRuns?.().catch(() => [])) ?? []) {
        this.set({ municipality: r.municipalityId, source: r.source, outcome: r.outcome }, Date.parse(r.finishedAt) / 1000);
      }
    },
  });
  new Gauge({
    name: 'pop_import_last_run_people',
    help: 'People added, changed, removed, unchanged and rejected by the last run of each import source',
    labelNames: ['municipality', 'source', 'kind'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of (await sources.importRuns?.().catch(() => [])) ?? []) {
        for (const [kind, n] of Object.entries(r.counts)) this.set({ municipality: r.municipalityId, source: r.source, kind }, n);
      }
    },
  });
  new Gauge({
    name: 'pop_ready',
    help: '1 when the database answers and its migrations are current',
    registers: [registry],
    async collect() {
      this.set((await sources.ready()) ? 1 : 0);
    },
  });

  return {
    registry,
    contentType: registry.contentType,
    install(app) {
      app.addHook('onResponse', async (request, reply) => {
        const route = request.routeOptions.url ?? 'unmatched';
        const status = String(reply.statusCode);
        requests.inc({ method: request.method, route, status });
        latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
        if (route === PULL) pulls.inc({ status });
        else if (route === PUSH) pushes.inc({ status });
      });
    },
    commands(sent, results) {
      const typeOf = new Map(sent.map((c) => [c.seq, c.type]));
      for (const r of results) {
        const type = typeOf.get(r.seq);
        commands.inc({ type: type !== undefined && sources.commandTypes.has(type) ? type : 'unknown', outcome: r.status });
      }
    },
    text: () => registry.metrics(),
  };
}

/** A separate listener that serves only GET /metrics (POP_METRICS_PORT). */
export async function serveMetrics(metrics: Metrics, port: number, host: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createHttpServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    metrics.text().then(
      (text) => res.writeHead(200, { 'content-type': metrics.contentType }).end(text),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics failed\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${actual}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
