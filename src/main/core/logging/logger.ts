/**
 * One logger for the desktop side (core, shell, web harness), with scopes and a size-capped,
 * rotating log file. No personal data: field values under personal keys are masked, e-mail
 * addresses, phone numbers and national numbers in strings are redacted before anything is written.
 *
 *   const log = createLogger({ dir, level: 'info' });
 *   const syncLog = log.scope('sync');
 *   syncLog.info('pull applied', { changes: 120 });
 *
 * Writing never blocks the main process: lines are queued and appended asynchronously in batches
 * (`flush()` waits for them: at quit, and in tests).
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { appendFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  scope(name: string): Logger;
  /** Resolves once every line logged so far is written (or dropped because the disk refused it). */
  flush?(): Promise<void>;
}

export interface LoggerOptions {
  /** Folder for `pop-index.log` (+ `.1` … `.N`); omit for no file (then only `console` writes anything). */
  dir?: string;
  level?: LogLevel;
  /** Rotate when the file passes this size (bytes). */
  maxBytes?: number;
  /** Rotated files kept. */
  maxFiles?: number;
  /** Also write to stderr (dev, web harness). */
  console?: boolean;
}

/** Keys whose values are personal data or secrets: always masked. */
const PERSONAL_KEYS = /^(password|token|accessToken|refreshToken|authorization|cookie|email|phone|mobile|deskPhone|mobilePhone|firstName|lastName|name|displayName|birthday|birthDate|nationalNumber|nrn|insz|address|query|purpose)$/i;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const PHONE = /(\+|\b0)\d[\d ./-]{7,}\d/g;
const NRN = /\b\d{2}\.?\d{2}\.?\d{2}-?\d{3}\.?\d{2}\b/g;
const BEARER = /Bearer\s+[A-Za-z0-9._~+/=-]+/gi;

/** Masks personal data and secrets inside free text (e-mail, phone and national numbers, bearer tokens). */
export function redactPersonalData(text: string): string {
  return text.replace(BEARER, 'Bearer ***').replace(EMAIL, '***@***').replace(NRN, '**.**.**-***.**').replace(PHONE, '***');
}

export function maskFields(fields: Record<string, unknown>, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (PERSONAL_KEYS.test(key)) out[key] = '***';
    else if (typeof value === 'string') out[key] = redactPersonalData(value).slice(0, 500);
    else if (value && typeof value === 'object' && !Array.isArray(value) && depth < 3)
      out[key] = maskFields(value as Record<string, unknown>, depth + 1);
    else if (Array.isArray(value)) out[key] = `[${value.length} items]`;
    else out[key] = value;
  }
  return out;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const min = LEVELS[options.level ?? 'info'];
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const maxFiles = options.maxFiles ?? 3;
  const file = options.dir ? join(options.dir, 'pop-index.log') : null;
  if (options.dir && !existsSync(options.dir)) mkdirSync(options.dir, { recursive: true });

  let size = 0;
  try {
    size = file && existsSync(file) ? statSync(file).size : 0;
  } catch {
    size = 0;
  }
  let queue: string[] = [];
  let writing: Promise<void> | null = null;

  async function rotate(): Promise<void> {
    if (!file) return;
    for (let i = maxFiles - 1; i >= 1; i--) {
      const from = i === 1 ? file : `${file}.${i - 1}`;
      await rename(from, `${file}.${i}`).catch(() => undefined);
    }
    await rm(file, { force: true });
    size = 0;
  }

  /** Appends the queued lines in order, rotating at the size cap; one writer at a time. */
  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const lines = queue;
      queue = [];
      let chunk = '';
      for (const line of lines) {
        if (size + chunk.length + line.length + 1 > maxBytes && (size > 0 || chunk.length > 0)) {
          try {
            if (chunk) await appendFile(file!, chunk);
            await rotate();
          } catch {
            // Logging must never take the app down (disk full, folder removed): drop the lines.
          }
          chunk = '';
        }
        chunk += line + '\n';
      }
      try {
        await appendFile(file!, chunk);
        size += Buffer.byteLength(chunk);
      } catch {
        // as above
      }
    }
  }

  function schedule(): void {
    if (writing) return;
    writing = new Promise<void>((resolve) => setImmediate(resolve))
      .then(drain)
      .finally(() => {
        writing = null;
        if (queue.length > 0) schedule();
      });
  }

  async function flush(): Promise<void> {
    while (writing || queue.length > 0) {
      if (!writing) schedule();
      await writing;
    }
  }

  function write(level: LogLevel, scope: string, message: string, fields?: Record<string, unknown>): void {
    if (LEVELS[level] < min) return;
    const line = JSON.stringify({
      t: new Date().toISOString(),
      level,
      scope,
      msg: redactPersonalData(message),
      ...(fields ? maskFields(fields) : {}),
    });
    if (options.console) process.stderr.write(line + '\n');
    if (!file) return;
    queue.push(line);
    if (queue.length > 10_000) queue.splice(0, queue.length - 10_000); // a stuck disk cannot grow memory
    schedule();
  }

  function make(scope: string): Logger {
    return {
      debug: (m, f) => write('debug', scope, m, f),
      info: (m, f) => write('info', scope, m, f),
      warn: (m, f) => write('warn', scope, m, f),
      error: (m, f) => write('error', scope, m, f),
      scope: (name) => make(scope ? `${scope}.${name}` : name),
      flush,
    };
  }
  return make('app');
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = createLogger({ level: 'error' });
