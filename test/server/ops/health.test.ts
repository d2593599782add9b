/**
 * /api/v1/ready and /metrics. The metrics text is parsed with a Prometheus text-format parser
 * (parse-prometheus-text-format), not matched with regexes: a counter moves after a push, labels
 * carry route patterns (never a raw URL or a name), unknown command types are one label value.
 */
import { applyImport } from '../../../src/server/import/merge.js';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import parsePrometheusTextFormat, { type MetricFamily } from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverFeatures } from '../../../src/server/features/index.js';
import { makeBackup } from '../../../src/server/ops/backup.js';
import { api, KINDS, skipKind, startServer, TODAY, type TestServer } from '../helpers.js';
import { openEvents } from '../sse-client.js';

async function scrape(url: string): Promise<MetricFamily[]> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusTextFormat(await res.text());
}

/**
 * parse-prometheus-text-format keeps one unlabelled sample per histogram (it flattens buckets and
 * drops the other labels), so histogram series are read with this small sample-line parser.
 */
function histogramCount(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!m || m[1] !== `${name}_count`) continue;
    const got: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) got[l[1]!] = l[2]!;
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[3]);
  }
  return undefined;
}

function value(families: MetricFamily[], name: string, labels: Record<string, string> = {}): number | undefined {
  const family = families.find((f) => f.name === name);
  const sample = family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  if (!sample) return undefined;
  return Number(sample.value ?? sample.count);
}

describe.each(KINDS)('ready and metrics on %s', (kind) => {
  const skip = skipKind(kind);
  const backupDir = mkdtempSync(join(tmpdir(), 'pop-ops-metrics-'));
  let s: TestServer;

  beforeAll(async () => {
    if (skip) return;
    s = await startServer(kind, { features: serverFeatures, seed: { size: 60, today: TODAY }, oidc: null, updatesDir: null, metrics: true, backupDir });
  }, 120_000);
  afterAll(async () => {
    await s?.stop();
    rmSync(backupDir, { recursive: true, force: true });
  });

  it.skipIf(skip)('ready: 200 without auth or protocol header; 503 when a migration is missing', async () => {
    const res = await fetch(`${s.url}/api/v1/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ready', migrations: expect.any(Number) });
    const db = s.server.db.kysely;
    const row = await db.selectFrom('kysely_migration' as never).selectAll().where('name' as never, '=', '2026_11_30_003_command_hash' as never).executeTakeFirstOrThrow();
    await db.deleteFrom('kysely_migration' as never).where('name' as never, '=', '2026_11_30_003_command_hash' as never).execute();
    try {
      const missing = await fetch(`${s.url}/api/v1/ready`);
      expect(missing.status).toBe(503);
      expect(await missing.json()).toMatchObject({ error: 'migrations_pending' });
      expect(value(await scrape(`${s.url}/metrics`), 'pop_ready')).toBe(0);
    } finally {
      await db.insertInto('kysely_migration' as never).values(row as never).execute();
    }
    expect((await fetch(`${s.url}/api/v1/ready`)).status).toBe(200);
  });

  it.skipIf(skip)('metrics: counters move after a push; route patterns only; streams, pool and backup age', async () => {
    const http = api(s.url);
    const { token } = await http.login('secretariaat');
    const before = await scrape(`${s.url}/metrics`);
    const applied = (f: MetricFamily[]) => value(f, 'pop_sync_commands_total', { type: 'letters.reserve', outcome: 'applied' }) ?? 0;
    const pushes = (f: MetricFamily[]) => value(f, 'pop_sync_pushes_total', { status: '200' }) ?? 0;
    expect(value(before, 'pop_backup_age_seconds')).toBeUndefined(); // no backup yet

    const department = (await s.server.db.kysely.selectFrom('departments').select('id').where('municipality_id', '=', 'poperinge').executeTakeFirstOrThrow()).id;
    const letter = { id: randomUUID(), subject: 'Metingen', recipient: 'Familie Jansens', departmentId: department, handlingOfficer: 'An Peeters', dispatchMethod: 'post', yourReference: null, dossier: null };
    const push = await http.post(
      '/api/v1/sync/push',
      {
        clientId: randomUUID(),
        commands: [
          { seq: 1, type: 'letters.reserve', payload: letter, createdAt: new Date().toISOString() },
          { seq: 2, type: `made.up.${randomUUID()}`, payload: {}, createdAt: new Date().toISOString() },
        ],
      },
      token,
    );
    expect(push.status).toBe(200);
    const pull = await http.get('/api/v1/sync/pull?limit=5&cursor=bm9uc2Vuc2U', token);
    expect(pull.status).toBe(400);
    expect((await http.get('/api/v1/citizens/Jansens', token)).status).toBe(404);
    const stream = await openEvents(s.url, token);
    await makeBackup(s.server.db, { outDir: backupDir, now: new Date() });
    // An import run (a small HR export: one new colleague) shows up with its counts.
    await applyImport(s.server.db.kysely, {
      municipalityId: 'poperinge',
      source: 'csv',
      batch: { kind: 'csv', records: [{ sourceId: 'hr-9001', origin: 'line 2', firstName: 'Metrica', lastName: 'Testers', email: 'metrica.testers@poperinge.be' }], errors: [], full: false, nextCursor: null },
    });

    const text = await (await fetch(`${s.url}/metrics`)).text();
    const after = parsePrometheusTextFormat(text);
    stream.close();
    expect(applied(after)).toBe(applied(before) + 1);
    expect(pushes(after)).toBe(pushes(before) + 1);
    expect(value(after, 'pop_sync_commands_total', { type: 'unknown', outcome: 'rejected' })).toBeGreaterThanOrEqual(1);
    expect(value(after, 'pop_sync_pulls_total', { status: '400' })).toBe(1);
    expect(value(after, 'pop_http_requests_total', { method: 'POST', route: '/api/v1/sync/push', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(value(after, 'pop_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBeGreaterThanOrEqual(1);
    expect(after.find((f) => f.name === 'pop_http_request_duration_seconds')?.type).toBe('HISTOGRAM');
    expect(histogramCount(text, 'pop_http_request_duration_seconds', { method: 'POST', route: '/api/v1/sync/push' })).toBeGreaterThanOrEqual(1);
    expect(value(after, 'pop_live_streams')).toBe(1);
    expect(value(after, 'pop_db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
    expect(value(after, 'pop_db_pool_connections', { state: 'waiting' })).toBe(0);
    expect(value(after, 'pop_backup_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(value(after, 'pop_backup_age_seconds')).toBeLessThan(3600);
    expect(value(after, 'pop_ready')).toBe(1);
    expect(value(after, 'pop_import_last_run_people', { municipality: 'poperinge', source: 'csv', kind: 'added' })).toBe(1);
    expect(value(after, 'pop_import_last_run_people', { municipality: 'poperinge', source: 'csv', kind: 'rejected' })).toBe(0);
    expect(value(after, 'pop_import_last_run_timestamp_seconds', { municipality: 'poperinge', source: 'csv', outcome: 'ok' })).toBeGreaterThan(0);
    // No personal data, tokens or raw URLs in any label.
    for (const needle of ['Jansens', 'Metrica', 'Testers', 'Metingen', 'secretariaat', token, 'cursor', 'made.up', 'bm9uc2Vuc2U']) expect(text).not.toContain(needle);
  });
});

describe('metrics are off unless asked for; a separate listener', () => {
  it('not served by default', async () => {
    const s = await startServer('sqlite', { metrics: false });
    try {
      expect((await fetch(`${s.url}/metrics`)).status).toBe(404);
      expect(s.server.metricsUrl).toBeNull();
    } finally {
      await s.stop();
    }
  }, 60_000);

  it('on a port of its own: /metrics there, 404 on the API port', async () => {
    const s = await startServer('sqlite', { metrics: { port: 0, host: '127.0.0.1' } });
    try {
      expect(s.server.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      expect((await fetch(`${s.url}/metrics`)).status).toBe(404);
      await fetch(`${s.url}/api/v1/health`);
      const families = await scrape(s.server.metricsUrl!);
      expect(value(families, 'pop_http_requests_total', { method: 'GET', route: '/api/v1/health', status: '200' })).toBeGreaterThanOrEqual(1);
      expect(value(families, 'pop_db_pool_connections', { state: 'total' })).toBe(1);
    } finally {
      await s.stop();
    }
  }, 60_000);
});
