/** The import's own tables (use `trx.withTables<ImportTables>()`); created by `migrations.ts`. */
export type ImportTables = {
  /** A configured directory source of a municipality ("csv", "ldap:ad", "demo"). */
  import_sources: {
    id: string;
    municipality_id: string;
    /** Unique per municipality; the `source` argument of applyImport. */
    name: string;
    /** "csv", "ldap:ad", "ldap:openldap", "demo". */
    kind: string;
    /** Position for the next incremental run (AD uSNChanged, OpenLDAP modifyTimestamp), or null. */
    cursor: string | null;
    last_run_id: string | null;
    created_at: string;
    /**
     * JSON SourceSettings (sources.ts): how to read this source again (Beheer's "run now"). Secrets
     * only as a reference (a password file or an environment variable), never the secret. Null:
     * the source was only ever given as a file on the command line.
     */
    settings: string | null;
  };
  /** One row per run (dry runs too, dry_run = 1; blocked runs with outcome "blocked_mass_removal"). */
  import_runs: {
    id: string;
    municipality_id: string;
    source: string;
    started_at: string;
    finished_at: string;
    /** "ok", "dry_run", "blocked_mass_removal", "failed". */
    outcome: string;
    added: number;
    changed: number;
    removed: number;
    unchanged: number;
    rejected: number;
    /** JSON: [{ line?, dn?, reason }] — only the place and the reason, never a name or a value. */
    errors: string;
    dry_run: number;
  };
  /** Which person a source's stable id stands for (matching key, first). */
  import_person_sources: {
    municipality_id: string;
    source: string;
    source_id: string;
    person_id: string;
  };
};
