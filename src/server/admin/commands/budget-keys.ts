/**
 * `budget-keys import FILE --municipality ID [--dry-run]`: finance's published budget keys (BBC) as
 * CSV with the columns actie;beleidsitem;algemene rekening;omschrijving (header names case- and
 * accent-insensitive; `;` or `,`; UTF-8 or Windows-1252). The file is the full list: keys missing
 * from it are withdrawn (kept for older orders, no longer offered). One bad line = nothing changes.
 */
import { readFile } from 'node:fs/promises';
import { BudgetKey } from '../../../shared/domain/orders.js';
import { decodeCsv, detectDelimiter, parseRows } from '../../import/csv.js';
import { publishBudgetKeys, type BudgetKeyInput } from '../../features/orders/budget-keys.js';
import { UsageError, type AdminCommand } from '../command.js';

const HEADERS = {
  action: ['actie', 'action'],
  policyItem: ['beleidsitem', 'policyitem'],
  generalAccount: ['algemenerekening', 'generalaccount', 'rekening'],
  label: ['omschrijving', 'label', 'description'],
} as const;

const norm = (h: string) => h.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');

/** Parses the file; returns the keys or the problems (line numbers only: no content in messages). */
export function parseBudgetKeysCsv(bytes: Uint8Array): { keys: BudgetKeyInput[]; errors: string[] } {
  const { text } = decodeCsv(bytes);
  const rows = parseRows(text, detectDelimiter(text));
  const [header, ...data] = rows;
  if (!header) return { keys: [], errors: ['The file is empty.'] };
  const names = header.cells.map(norm);
  const col = Object.fromEntries(Object.entries(HEADERS).map(([field, options]) => [field, names.findIndex((n) => (options as readonly string[]).includes(n))])) as Record<keyof typeof HEADERS, number>;
  const missing = Object.entries(col).filter(([, i]) => i < 0).map(([f]) => HEADERS[f as keyof typeof HEADERS][0]);
  if (missing.length) return { keys: [], errors: [`Missing column(s): ${missing.join(', ')} (expected actie;beleidsitem;algemene rekening;omschrijving).`] };
  const keys: BudgetKeyInput[] = [];
  const errors: string[] = [];
  for (const row of data) {
    const cell = (i: number) => (row.cells[i] ?? '').trim();
    const key = BudgetKey.safeParse({ action: cell(col.action).toUpperCase(), policyItem: cell(col.policyItem), generalAccount: cell(col.generalAccount) });
    const label = cell(col.label);
    if (!key.success) errors.push(`Line ${row.line}: ${key.error.issues.map((i) => i.path.join('.')).join(', ')} invalid (action: A-Z 0-9 and dots; policy item: 4 digits; general account: 7 digits).`);
    else if (!label || label.length > 200) errors.push(`Line ${row.line}: omschrijving must have 1 to 200 characters.`);
    else keys.push({ ...key.data, label });
  }
  if (!errors.length && keys.length === 0) errors.push('The file has no budget keys: refusing to withdraw every key.');
  return { keys, errors };
}

export const budgetKeysImport: AdminCommand = {
  words: ['budget-keys', 'import'],
  usage: 'budget-keys import FILE --municipality ID [--dry-run]',
  options: { municipality: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  positionals: true,
  async run(ctx, values, positionals) {
    const [file, ...extra] = positionals;
    if (!file || extra.length) throw new UsageError('Give exactly one CSV file.');
    const municipalityId = values.municipality;
    if (typeof municipalityId !== 'string') throw new UsageError('--municipality is required.');
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (err) {
      ctx.err(`Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}. Nothing was changed.`);
      return 1;
    }
    const db = ctx.db.kysely;
    const municipality = await db.selectFrom('municipalities').select('id').where('id', '=', municipalityId).executeTakeFirst();
    if (!municipality) {
      ctx.err(`Unknown municipality "${municipalityId}" (see "municipalities list"). Nothing was changed.`);
      return 1;
    }
    const { keys, errors } = parseBudgetKeysCsv(bytes);
    if (errors.length) {
      for (const e of errors.slice(0, 20)) ctx.err(e);
      ctx.err(`${errors.length} problem(s). Nothing was changed.`);
      return 1;
    }
    const dryRun = values['dry-run'] === true;
    const DRY = new Error('dry run');
    let summary = { added: 0, changed: 0, withdrawn: 0, unchanged: 0 };
    try {
      await db.transaction().execute(async (trx) => {
        summary = await publishBudgetKeys(trx, municipalityId, keys, ctx.now());
        if (dryRun) throw DRY; // roll back
      });
    } catch (err) {
      if (err !== DRY) throw err;
    }
    ctx.out(`${dryRun ? 'Dry run: would publish' : 'Published'} budget keys for ${municipalityId}: ${summary.added} added, ${summary.changed} changed, ${summary.withdrawn} withdrawn, ${summary.unchanged} unchanged.`);
    return 0;
  },
};
