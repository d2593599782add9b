/**
 * `import ldap --url URL --bind-dn DN --password-file FILE (or --password-env VAR) --base DN
 *   --municipality ID [--profile ad|openldap] [--filter F] [--config FILE] [--ca-file F] [--starttls]
 *   [--full] [--dry-run] [--json] [--allow-mass-removal] [--source NAME]`
 *
 * Reads the directory with readLdap (import/ldap.ts) and hands the batch to applyImport through the
 * shared report helper (one summary line, or --json). Incremental by default once the source has a
 * cursor (stored by the previous run in import_sources); --full reads everybody and removes leavers.
 * A failed read (unreachable, wrong credentials, bad base DN, TLS) changes nothing and exits 1.
 */
import { resolve } from 'node:path';
import type { ImportTables } from '../../import/tables.js';
import { LdapReadError, loadLdapConfig, readBindPassword, readLdap, type LdapConfig, type LdapProfileName } from '../../import/ldap.js';
import { runImportCommand } from '../../import/report.js';
import { UsageError, type AdminCommand } from '../command.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

export const importLdap: AdminCommand = {
  words: ['import', 'ldap'],
  usage:
    'import ldap --url URL --bind-dn DN (--password-file FILE | --password-env VAR) --base DN --municipality ID [--profile ad|openldap] [--filter F] [--config FILE] [--ca-file F] [--starttls] [--full] [--dry-run] [--json] [--allow-mass-removal] [--source NAME]',
  options: {
    url: { type: 'string' },
    'bind-dn': { type: 'string' },
    'password-file': { type: 'string' },
    'password-env': { type: 'string' },
    base: { type: 'string' },
    municipality: { type: 'string' },
    profile: { type: 'string' },
    filter: { type: 'string' },
    config: { type: 'string' },
    'ca-file': { type: 'string' },
    starttls: { type: 'boolean' },
    full: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
    'allow-mass-removal': { type: 'boolean' },
    source: { type: 'string' },
  },
  async run(ctx, values) {
    const url = str(values.url);
    const bindDn = str(values['bind-dn']);
    const base = str(values.base);
    const municipalityId = str(values.municipality);
    const passwordFile = str(values['password-file']);
    const passwordEnv = str(values['password-env']);
    for (const [name, v] of [['--url', url], ['--bind-dn', bindDn], ['--base', base], ['--municipality', municipalityId]] as const) {
      if (!v) throw new UsageError(`${name} is required.`);
    }
    if (!passwordFile === !passwordEnv) throw new UsageError('Give the bind password with exactly one of --password-file FILE or --password-env VAR.');
    const profileArg = str(values.profile);
    if (profileArg !== undefined && profileArg !== 'ad' && profileArg !== 'openldap') throw new UsageError('--profile is ad or openldap.');

    let config: LdapConfig | null = null;
    let password: string;
    try {
      if (str(values.config)) config = loadLdapConfig(values.config as string);
      password = readBindPassword({ passwordFile, passwordEnv });
    } catch (err) {
      ctx.err(`${err instanceof Error ? err.message : String(err)}. Nothing was changed.`);
      return 1;
    }
    const profile: LdapProfileName = (profileArg as LdapProfileName | undefined) ?? config?.profile ?? 'ad';
    const kind = `ldap:${profile}`;
    const source = str(values.source) ?? kind;

    // Before reading a whole directory: is there such a municipality?
    const muni = await ctx.db.kysely.selectFrom('municipalities').select('id').where('id', '=', municipalityId!).executeTakeFirst();
    if (!muni) {
      ctx.err(`Unknown municipality "${municipalityId}" ("municipalities list" shows them; "municipalities add" creates one). Nothing was changed.`);
      return 1;
    }

    // Incremental when the source has a cursor of the same kind; --full (or none yet): everybody.
    let since: string | null = null;
    if (values.full !== true) {
      const row = await ctx.db.kysely
        .withTables<ImportTables>()
        .selectFrom('import_sources')
        .select(['cursor', 'kind'])
        .where('municipality_id', '=', municipalityId!)
        .where('name', '=', source)
        .executeTakeFirst();
      if (row?.cursor && row.kind === kind) since = row.cursor;
    }
    ctx.err(since === null ? `Reading the directory (full run, profile ${profile})...` : `Reading the directory (changes since ${since}, profile ${profile}; --full for a full run)...`);

    let batch;
    try {
      batch = await readLdap({
        url: url!,
        startTls: values.starttls === true,
        caFile: str(values['ca-file']) ?? null,
        bindDn: bindDn!,
        password,
        base: base!,
        profile,
        filter: str(values.filter) ?? null,
        config,
        since,
      });
    } catch (err) {
      if (!(err instanceof LdapReadError)) throw err;
      ctx.err(`${err.message}. Nothing was changed.`);
      return 1;
    }
    return runImportCommand(ctx, {
      municipalityId: municipalityId!,
      source,
      batch,
      dryRun: values['dry-run'] === true,
      allowMassRemoval: values['allow-mass-removal'] === true,
      json: values.json === true,
      settings: {
        kind: 'ldap',
        url: url!,
        bindDn: bindDn!,
        base: base!,
        profile,
        filter: str(values.filter) ?? null,
        configFile: str(values.config) ? resolve(values.config as string) : null,
        caFile: str(values['ca-file']) ? resolve(values['ca-file'] as string) : null,
        startTls: values.starttls === true,
        password: passwordFile ? { file: resolve(passwordFile) } : { env: passwordEnv! },
      },
    });
  },
};
