/** What every bench section gets and gives back (see bench/README.md). */
export interface BenchOptions {
  /** `npm run bench -- --quick`: reduced sizes, the whole run under two minutes. */
  quick: boolean;
}

/** Flat metric keys (`search.p95_ms`, `sync_initial.ratio_vs_raw_upsert`, ...) to numbers. */
export type Metrics = Record<string, number>;

export interface BenchSection {
  /** Name used by `npm run bench -- --only <name>`. */
  name: string;
  run(opts: BenchOptions): Promise<Metrics>;
}
