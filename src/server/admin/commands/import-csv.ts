/** `import csv FILE --municipality ID [--mapping FILE] [--dry-run] [--json] [--allow-mass-removal] [--source NAME]` */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CsvFormatError, parseCsv, parseMapping, type CsvMapping } from '../../import/csv.js';
import { runImportCommand } from '../../import/report.js';
import { UsageError, type AdminCommand } from '../command.js';

export const importCsv: AdminCommand = {
  words: ['import', 'csv'],
  usage: 'import csv FILE --municipality ID [--mapping FILE] [--dry-run] [--json] [--allow-mass-removal] [--source NAME]',
  options: {
    municipality: { type: 'string' },
    mapping: { type: 'string' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
    'allow-mass-removal': { type: 'boolean' },
    source: { type: 'string' },
  },
  positionals: true,
  async run(ctx, values, positionals) {
    const [file, ...extra] = positionals;
    if (!file || extra.length) throw new UsageError('Give exactly one CSV file.');
    if (typeof values.municipality !== 'string') throw new UsageError('--municipality is required.');
    let bytes: Uint8Array;
    let mapping: CsvMapping | undefined;
    try {
      bytes = await readFile(file);
    } catch (err) {
      ctx.err(`Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}. Nothing was changed.`);
      return 1;
    }
    if (typeof values.mapping === 'string') {
      let text: string;
      try {
        text = await readFile(values.mapping, 'utf8');
      } catch (err) {
        ctx.err(`Cannot read the mapping file ${values.mapping}: ${(err as NodeJS.ErrnoException).code ?? String(err)}. Nothing was changed.`);
        return 1;
      }
      try {
        mapping = parseMapping(text);
      } catch (err) {
        if (!(err instanceof CsvFormatError)) throw err;
        ctx.err(`${err.message} Nothing was changed.`);
        return 1;
      }
    }
    let batch;
    try {
      batch = parseCsv(bytes, { mapping });
    } catch (err) {
      if (!(err instanceof CsvFormatError)) throw err;
      ctx.err(`${file}: ${err.message} Nothing was changed.`);
      return 1;
    }
    return runImportCommand(ctx, {
      municipalityId: values.municipality,
      source: typeof values.source === 'string' ? values.source : 'csv',
      batch,
      dryRun: values['dry-run'] === true,
      allowMassRemoval: values['allow-mass-removal'] === true,
      json: values.json === true,
      settings: { kind: 'csv', file: resolve(file), mappingFile: typeof values.mapping === 'string' ? resolve(values.mapping) : null },
    });
  },
};
