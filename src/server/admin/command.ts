/**
 * One command of `npm run admin -- <words> [options]`. The CLI (cli.ts) opens and migrates the
 * database the backend uses, finds the command by its words ("import csv", "accounts grant"),
 * parses the options with node:util parseArgs and calls `run`. The same service code backs the
 * Beheer screen: a command only parses, calls a service and prints.
 */
import type { ParseArgsConfig } from 'node:util';
import type { ServerDatabase } from '../db/open.js';

export interface AdminIo {
  /** One line to standard output (results, summaries, --json). */
  out(line: string): void;
  /** One line to standard error (progress, warnings, errors). */
  err(line: string): void;
}

export interface AdminContext extends AdminIo {
  db: ServerDatabase;
  now(): Date;
  /** Who runs it, for the admin log: "cli:<OS user>". */
  actor: string;
}

export interface AdminCommand {
  /** The words that select it, e.g. ['import', 'csv']. */
  words: string[];
  /** One line for `npm run admin -- help`. */
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Positional arguments after the words are allowed (e.g. the CSV file). */
  positionals?: boolean;
  /** false: the CLI opens the database as it is, without migrating it (backup, restore, verify). */
  migrate?: boolean;
  /** Exit code: 0 ok, 1 the work failed (said why on err), 2 bad usage. */
  run(ctx: AdminContext, values: AdminValues, positionals: string[]): Promise<number>;
}

/** A usage error: printed with the command's usage line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Parsed options as node:util parseArgs returns them. */
export type AdminValues = Record<string, string | boolean | Array<string | boolean> | undefined>;
