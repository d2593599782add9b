/**
 * npm run admin -- <command> [options]   (IT's command line; `help` lists the commands)
 *
 * Talks to the database the backend uses: DATABASE_URL (postgres://...) or the SQLite file in
 * --data-dir (default .data/server). A new database is created and migrated as the server does;
 * the admin command line never seeds demo data (a real installation starts empty).
 */
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { migrateToLatest } from '../db/migrator.js';
import { openDatabase } from '../db/open.js';
import { UsageError, type AdminCommand, type AdminIo } from './command.js';
import { adminCommands } from './commands/index.js';

const COMMON = {
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function findCommand(argv: string[], commands: readonly AdminCommand[] = adminCommands): { command: AdminCommand; rest: string[] } | null {
  let best: { command: AdminCommand; rest: string[] } | null = null;
  for (const command of commands) {
    const n = command.words.length;
    if (argv.length >= n && command.words.every((w, i) => argv[i] === w) && (!best || n > best.command.words.length)) {
      best = { command, rest: argv.slice(n) };
    }
  }
  return best;
}

export function helpText(commands: readonly AdminCommand[] = adminCommands): string {
  const lines = ['Usage: npm run admin -- <command> [options]   (--data-dir DIR or DATABASE_URL picks the database)', '', 'Commands:'];
  for (const c of [...commands].sort((a, b) => a.words.join(' ').localeCompare(b.words.join(' ')))) lines.push(`  ${c.usage}`);
  return lines.join('\n');
}

/** Runs one command line; returns the exit code. Used by the CLI entry point and by the tests. */
export async function runAdmin(argv: string[], io: AdminIo, env: { databaseUrl?: string | null; now?: () => Date; actor?: string } = {}): Promise<number> {
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    io.out(helpText());
    return argv.length === 0 ? 2 : 0;
  }
  const found = findCommand(argv);
  if (!found) {
    io.err(`Unknown command: ${argv.slice(0, 2).join(' ')}. "npm run admin -- help" lists the commands.`);
    return 2;
  }
  const { command, rest } = found;
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options: { ...COMMON, ...command.options }, allowPositionals: !!command.positionals, strict: true });
  } catch (err) {
    io.err(`${err instanceof Error ? err.message : String(err)}\nUsage: ${command.usage}`);
    return 2;
  }
  if (parsed.values.help) {
    io.out(`Usage: ${command.usage}`);
    return 0;
  }
  const url = env.databaseUrl === undefined ? process.env.DATABASE_URL : env.databaseUrl;
  const dataDir = typeof parsed.values['data-dir'] === 'string' ? parsed.values['data-dir'] : '.data/server';
  let db;
  try {
    db = await openDatabase(url ?? undefined, { file: join(dataDir, 'pop-index.sqlite') });
  } catch (err) {
    io.err(`Cannot open the database: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  try {
    if (command.migrate !== false) await migrateToLatest(db.kysely);
    return await command.run({ ...io, db, now: env.now ?? (() => new Date()), actor: env.actor ?? `cli:${safeUser()}` }, parsed.values, parsed.positionals);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${err.message}\nUsage: ${command.usage}`);
      return 2;
    }
    io.err(`Failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    await db.close();
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const code = await runAdmin(process.argv.slice(2), { out: (l) => console.log(l), err: (l) => console.error(l) });
  process.exit(code);
}
