/**
 * backup / restore / verify (service code: src/server/ops).
 *   npm run admin -- backup --out DIR [--encrypt-to KEYFILE] [--keep-daily 7 --keep-weekly 4 --keep-monthly 12]
 *   npm run admin -- restore DIR [--decrypt-with KEYFILE]
 *   npm run admin -- verify DIR [--decrypt-with KEYFILE]
 * None of them migrates the database first: a backup takes it as it is, a restore wants it empty.
 */
import { makeBackup } from '../../ops/backup.js';
import { readIdentities, readRecipients } from '../../ops/keys.js';
import { totalRows } from '../../ops/manifest.js';
import { applyRetention, type Keep } from '../../ops/retention.js';
import { restoreBackup, verifyBackup } from '../../ops/restore.js';
import { UsageError, type AdminCommand, type AdminValues } from '../command.js';

function count(values: AdminValues, name: string): number | null {
  const v = values[name];
  if (v === undefined) return null;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isInteger(n) || n < 0 || n > 10_000) throw new UsageError(`--${name} takes a whole number (0-10000)`);
  return n;
}

function onePositional(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`Give exactly one ${what}`);
  return positionals[0]!;
}

export const backupCommand: AdminCommand = {
  words: ['backup'],
  usage: 'backup --out DIR [--encrypt-to KEYFILE] [--keep-daily N --keep-weekly N --keep-monthly N]   consistent backup into DIR/pop-index-<time>/ while the backend runs',
  options: {
    out: { type: 'string' },
    'encrypt-to': { type: 'string' },
    'keep-daily': { type: 'string' },
    'keep-weekly': { type: 'string' },
    'keep-monthly': { type: 'string' },
  },
  migrate: false,
  async run(ctx, values) {
    const out = values.out;
    if (typeof out !== 'string' || out === '') throw new UsageError('--out DIR is required');
    const keep: Keep = { daily: count(values, 'keep-daily') ?? 0, weekly: count(values, 'keep-weekly') ?? 0, monthly: count(values, 'keep-monthly') ?? 0 };
    const retention = ['keep-daily', 'keep-weekly', 'keep-monthly'].some((k) => values[k] !== undefined);
    const recipients = typeof values['encrypt-to'] === 'string' ? await readRecipients(values['encrypt-to']) : [];
    const started = Date.now();
    const { dir, manifest } = await makeBackup(ctx.db, { outDir: out, recipients, now: ctx.now() });
    ctx.out(
      `Backup written to ${dir}: ${Object.keys(manifest.tables).length} tables, ${totalRows(manifest.tables)} rows, ${manifest.database.bytes} bytes` +
        `${manifest.encryption ? `, encrypted for ${recipients.length} age recipient(s)` : ''} (${Date.now() - started} ms)`,
    );
    if (retention) {
      const removed = applyRetention(out, keep, ctx.now());
      ctx.out(`Retention (daily ${keep.daily}, weekly ${keep.weekly}, monthly ${keep.monthly}): removed ${removed.length} old backup(s)${removed.length ? `: ${removed.join(', ')}` : ''}`);
    }
    return 0;
  },
};

export const restoreCommand: AdminCommand = {
  words: ['restore'],
  usage: 'restore DIR [--decrypt-with KEYFILE]   restore one backup folder into an EMPTY database; desktops then pull afresh',
  options: { 'decrypt-with': { type: 'string' } },
  positionals: true,
  migrate: false,
  async run(ctx, values, positionals) {
    const dir = onePositional(positionals, 'backup folder');
    const identities = typeof values['decrypt-with'] === 'string' ? readIdentities(values['decrypt-with']) : null;
    const { manifest } = await restoreBackup(ctx.db, dir, { identities });
    ctx.out(`Restored the backup of ${manifest.createdAt} (${Object.keys(manifest.tables).length} tables, ${totalRows(manifest.tables)} rows, version ${manifest.appVersion}).`);
    ctx.out('The server epoch changed: every desktop drops its copy and pulls afresh; queued desktop actions are sent again.');
    return 0;
  },
};

export const verifyCommand: AdminCommand = {
  words: ['verify'],
  usage: 'verify DIR [--decrypt-with KEYFILE]   checksums, a trial restore into a scratch database, row counts against the manifest',
  options: { 'decrypt-with': { type: 'string' } },
  positionals: true,
  migrate: false,
  async run(ctx, values, positionals) {
    const dir = onePositional(positionals, 'backup folder');
    const identities = typeof values['decrypt-with'] === 'string' ? readIdentities(values['decrypt-with']) : null;
    const { manifest, scratch } = await verifyBackup(dir, { identities, serverUrl: ctx.db.url });
    ctx.out(`Checksums ok; trial restore into ${scratch} ok; ${Object.keys(manifest.tables).length} tables and ${totalRows(manifest.tables)} rows equal the manifest (backup of ${manifest.createdAt}).`);
    return 0;
  },
};

export const backupCommands: AdminCommand[] = [backupCommand, restoreCommand, verifyCommand];
