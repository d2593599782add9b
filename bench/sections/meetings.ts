/** Bench section `meetings`: the meetings import from an LBLOD publication (bench/import-meetings.ts). */
import { benchMeetingsImport } from '../import-meetings.js';
import type { BenchOptions, Metrics } from './types.js';

export async function benchMeetings(opts: BenchOptions): Promise<Metrics> {
  const metrics: Metrics = {};
  for (const r of await benchMeetingsImport(Number(process.env.BENCH_MEETINGS ?? (opts.quick ? 5 : 20)))) {
    metrics[`meetings.lblod_parse_ms.${r.database}`] = r.parseMs;
    metrics[`meetings.lblod_first_import_ms.${r.database}`] = r.firstMs;
    metrics[`meetings.lblod_rerun_ms.${r.database}`] = r.rerunMs;
    metrics[`meetings.lblod_rerun_sync_changes.${r.database}`] = r.rerunSyncChanges;
    metrics[`meetings.lblod_one_change_sync_changes.${r.database}`] = r.changedSyncChanges;
  }
  return metrics;
}
