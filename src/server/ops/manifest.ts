/**
 * manifest.json of a backup folder: what was backed up (app version, dialect, applied migrations,
 * the server epoch), when, how many rows each table had in the backed-up snapshot, and the SHA-256
 * of every file as stored (encrypted or not). Validated with zod whenever it is read.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const MANIFEST_FILE = 'manifest.json';

export const BackupFile = z.object({
  name: z.string().regex(/^[A-Za-z0-9._-]+$/, 'a plain file name'),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type BackupFile = z.infer<typeof BackupFile>;

export const Manifest = z
  .object({
    format: z.literal('pop-index-backup'),
    formatVersion: z.literal(1),
    appVersion: z.string().min(1),
    dialect: z.enum(['sqlite', 'postgres']),
    createdAt: z.iso.datetime(),
    epoch: z.string().min(1),
    migrations: z.array(z.string().min(1)),
    tables: z.record(z.string(), z.number().int().nonnegative()),
    /** The database file (SQLite copy or pg_dump custom format), as stored. */
    database: BackupFile,
    encryption: z.object({ scheme: z.literal('age'), recipients: z.array(z.string().min(1)).min(1) }).nullable(),
  })
  .strict();
export type Manifest = z.infer<typeof Manifest>;

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

export function readManifest(dir: string): Manifest {
  let text: string;
  try {
    text = readFileSync(join(dir, MANIFEST_FILE), 'utf8');
  } catch {
    throw new BackupError(`No ${MANIFEST_FILE} in ${dir}: pass the folder of one backup (e.g. backups/pop-index-2026-11-30T020000Z)`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BackupError(`${MANIFEST_FILE} in ${dir} is not valid JSON`);
  }
  const parsed = Manifest.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BackupError(`${MANIFEST_FILE} in ${dir} is not a Pop Index backup manifest (${issue?.path.join('.') || 'root'}: ${issue?.message})`);
  }
  return parsed.data;
}

export function totalRows(tables: Record<string, number>): number {
  return Object.values(tables).reduce((a, b) => a + b, 0);
}
