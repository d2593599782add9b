/** Checksums, temp names and the dated backup folders. */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BackupError, readManifest, type BackupFile, type Manifest } from './manifest.js';

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function describeFile(dir: string, name: string): Promise<BackupFile> {
  const path = join(dir, name);
  return { name, bytes: statSync(path).size, sha256: await sha256File(path) };
}

/** Every file of the manifest is there, with its size and SHA-256; throws naming the first that is not. */
export async function checkFiles(dir: string, manifest: Manifest): Promise<void> {
  for (const f of [manifest.database]) {
    const path = join(dir, f.name);
    if (!existsSync(path)) throw new BackupError(`${f.name} is missing from ${dir}`);
    const size = statSync(path).size;
    if (size !== f.bytes) throw new BackupError(`${f.name} has ${size} bytes, the manifest says ${f.bytes}: the file was changed or cut short`);
    const sum = await sha256File(path);
    if (sum !== f.sha256) throw new BackupError(`${f.name} does not match its SHA-256 in the manifest: the file was changed`);
  }
}

/** Folder names of backups: pop-index-2026-11-30T020000Z (-2, -3 when two start in one second). */
export const BACKUP_NAME = /^pop-index-(\d{4})-(\d{2})-(\d{2})T(\d{2})(\d{2})(\d{2})Z(?:-\d+)?$/;

export function backupName(at: Date): string {
  return `pop-index-${at.toISOString().slice(0, 19).replace(/:/g, '')}Z`;
}

export interface DatedBackup {
  name: string;
  time: Date;
}

/** The complete backups (folder name + manifest.json) in `outDir`, newest first. */
export function listBackups(outDir: string): DatedBackup[] {
  if (!existsSync(outDir)) return [];
  const out: DatedBackup[] = [];
  for (const entry of readdirSync(outDir, { withFileTypes: true })) {
    const m = entry.isDirectory() ? BACKUP_NAME.exec(entry.name) : null;
    if (!m || !existsSync(join(outDir, entry.name, 'manifest.json'))) continue;
    out.push({ name: entry.name, time: new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) });
  }
  return out.sort((a, b) => b.time.getTime() - a.time.getTime() || (a.name < b.name ? 1 : -1));
}

/** The manifest of the newest backup in `outDir` (for the backup-age metric), or null. */
export function latestManifest(outDir: string): Manifest | null {
  for (const b of listBackups(outDir)) {
    try {
      return readManifest(join(outDir, b.name));
    } catch {
      /* a broken one does not count; try the next */
    }
  }
  return null;
}
