/**
 * A source read again from what it was configured with: Beheer's "preview" and "run now", and
 * `npm run admin -- sources run NAME`. The command line's `import ldap` / `import csv` store their
 * settings on the source after a real run (`saveSourceSettings`); secrets only as a reference — the
 * bind password's file or environment variable — never the password itself.
 *
 *   runSource({ dryRun: true, preview: true })   what would change, with names (nothing written)
 *   runSource({ dryRun: false })                  the run itself, recorded in import_runs as usual
 *
 * A run from here is always a FULL run (everybody is read, so leavers are found); the 20 % guard
 * applies unless `allowMassRemoval`. A source that cannot be read changes nothing (SourceRunError).
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import type { Db } from '../features/types.js';
import { CsvFormatError, parseCsv, parseMapping } from './csv.js';
import { LdapReadError, loadLdapConfig, readBindPassword, readLdap } from './ldap.js';
import { applyImport } from './merge.js';
import type { ImportTables } from './tables.js';
import type { ImportSummary, SourceBatch } from './types.js';

const FilePath = z.string().min(1).max(1000).refine(isAbsolute, 'an absolute path');

export const LdapSourceSettings = z.strictObject({
  kind: z.literal('ldap'),
  url: z.string().max(500).regex(/^ldaps?:\/\//i, 'an ldap:// or ldaps:// URL'),
  bindDn: z.string().min(1).max(500),
  base: z.string().min(1).max(500),
  profile: z.enum(['ad', 'openldap']),
  filter: z.string().max(2000).nullable(),
  configFile: FilePath.nullable(),
  caFile: FilePath.nullable(),
  startTls: z.boolean(),
  /** Where the bind password is: a file readable by the backend, or an environment variable. */
  password: z.union([z.strictObject({ file: FilePath }), z.strictObject({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,99}$/) })]),
});
export type LdapSourceSettings = z.infer<typeof LdapSourceSettings>;

export const CsvSourceSettings = z.strictObject({
  kind: z.literal('csv'),
  /** Where the HR package drops its export (read again at every run). */
  file: FilePath,
  mappingFile: FilePath.nullable(),
});
export type CsvSourceSettings = z.infer<typeof CsvSourceSettings>;

export const SourceSettings = z.discriminatedUnion('kind', [LdapSourceSettings, CsvSourceSettings]);
export type SourceSettings = z.infer<typeof SourceSettings>;

export class SourceRunError extends Error {
  constructor(
    readonly code: 'not_found' | 'not_runnable' | 'read_failed',
    message: string,
  ) {
    super(message);
    this.name = 'SourceRunError';
  }
}

/** Stores how to read this source again (after a real run created or updated it). */
export async function saveSourceSettings(db: Db, municipalityId: string, name: string, settings: SourceSettings): Promise<void> {
  const valid = SourceSettings.parse(settings);
  await db.withTables<ImportTables>().updateTable('import_sources').set({ settings: JSON.stringify(valid) }).where('municipality_id', '=', municipalityId).where('name', '=', name).execute();
}

/** The stored settings of a source, or null when it has none (a file given once on the command line, the demo). */
export async function sourceSettings(db: Db, municipalityId: string, name: string): Promise<SourceSettings | null> {
  const row = await db.withTables<ImportTables>().selectFrom('import_sources').select('settings').where('municipality_id', '=', municipalityId).where('name', '=', name).executeTakeFirst();
  if (!row) throw new SourceRunError('not_found', `No source "${name}" in this municipality`);
  if (row.settings === null) return null;
  const parsed = SourceSettings.safeParse(JSON.parse(row.settings));
  return parsed.success ? parsed.data : null;
}

/** Reads an LDAP directory as its settings say (`since`: the cursor of an incremental run, or null for all). */
export async function readLdapSource(settings: LdapSourceSettings, since: string | null = null, env: NodeJS.ProcessEnv = process.env): Promise<SourceBatch> {
  let password: string;
  let config = null;
  try {
    password = readBindPassword({ passwordFile: 'file' in settings.password ? settings.password.file : null, passwordEnv: 'env' in settings.password ? settings.password.env : null }, env);
    if (settings.configFile) config = loadLdapConfig(settings.configFile);
  } catch (err) {
    throw new SourceRunError('read_failed', err instanceof Error ? err.message : String(err));
  }
  try {
    return await readLdap({ url: settings.url, startTls: settings.startTls, caFile: settings.caFile, bindDn: settings.bindDn, password, base: settings.base, profile: settings.profile, filter: settings.filter, config, since });
  } catch (err) {
    if (err instanceof LdapReadError) throw new SourceRunError('read_failed', err.message);
    throw err;
  }
}

/** Reads the HR export file (and its mapping file) as its settings say. */
export async function readCsvSource(settings: CsvSourceSettings): Promise<SourceBatch> {
  const read = async (file: string, what: string): Promise<Buffer> => {
    try {
      return await readFile(file);
    } catch (err) {
      throw new SourceRunError('read_failed', `Cannot read the ${what} ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  };
  try {
    const mapping = settings.mappingFile ? parseMapping((await read(settings.mappingFile, 'mapping file')).toString('utf8')) : undefined;
    return parseCsv(await read(settings.file, 'HR export'), { mapping });
  } catch (err) {
    if (err instanceof CsvFormatError) throw new SourceRunError('read_failed', `${settings.file}: ${err.message}`);
    throw err;
  }
}

export interface RunSourceOptions {
  municipalityId: string;
  name: string;
  dryRun: boolean;
  allowMassRemoval?: boolean;
  /** Names of who is added / changed / removed in `summary.preview`. */
  preview?: boolean;
  now?: () => Date;
  env?: NodeJS.ProcessEnv;
}

/** Reads the source again (full run) and applies it (or not: dryRun). Throws SourceRunError or ImportError. */
export async function runSource(db: Db, o: RunSourceOptions): Promise<ImportSummary> {
  const settings = await sourceSettings(db, o.municipalityId, o.name);
  if (!settings) {
    throw new SourceRunError('not_runnable', `Source "${o.name}" was given as a file on the command line (or is the demo): there is nothing to read again. Import it with "npm run admin -- import ..." once; after that it can be run from here.`);
  }
  const batch = settings.kind === 'ldap' ? await readLdapSource(settings, null, o.env) : await readCsvSource(settings);
  return applyImport(db, { municipalityId: o.municipalityId, source: o.name, batch, dryRun: o.dryRun, allowMassRemoval: o.allowMassRemoval, preview: o.preview, now: o.now });
}
