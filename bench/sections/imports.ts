/** Bench section `import`: the directory imports (bench/import-csv.ts, bench/import-ldap.ts). */
import { benchImportCsv } from '../import-csv.js';
import { runLdapImportBench } from '../import-ldap.js';
import type { BenchOptions, Metrics } from './types.js';

export async function benchImports(opts: BenchOptions): Promise<Metrics> {
  const metrics: Metrics = {};
  const size = opts.quick ? 2_000 : 10_000;
  // SQLite under the plain key (as issue 9 names them), PostgreSQL with `_pg`.
  const suffix = (database: string) => (database === 'postgres' ? '_pg' : '');
  for (const r of await benchImportCsv(Number(process.env.BENCH_IMPORT_SIZE ?? size))) {
    metrics[`import.csv_10k_ms${suffix(r.database)}`] = r.firstMs;
    metrics[`import.csv_10k_rerun_ms${suffix(r.database)}`] = r.rerunMs;
    metrics[`import.csv_rerun_sync_changes${suffix(r.database)}`] = r.rerunSyncChanges;
  }
  const ldap = await runLdapImportBench(Number(process.env.BENCH_LDAP_SIZE ?? size));
  for (const x of ldap?.runs ?? []) {
    metrics[`import.ldap_10k_ms${suffix(x.store)}`] = x.read.first + x.apply.first;
    metrics[`import.ldap_10k_rerun_ms${suffix(x.store)}`] = x.read.rerun + x.apply.rerun;
    metrics[`import.ldap_rerun_sync_changes${suffix(x.store)}`] = x.rerunSyncChanges;
  }
  return metrics;
}
