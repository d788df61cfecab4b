import fs from 'node:fs';
import path from 'node:path';
import { templateWorkbook } from '../../import/template';
import { UsageError, type CliIo, type ParsedValues } from '../command';

/** `stepwise template` (its options: commands/index.ts). */
export async function run(values: ParsedValues, _positionals: string[], io: CliIo): Promise<number> {
  if (typeof values.out !== 'string' || !values.out.trim()) throw new UsageError('--out FILE.xlsx is required');
  const out = path.resolve(values.out);
  if (path.extname(out).toLowerCase() !== '.xlsx') throw new UsageError(`--out must name an .xlsx file, got "${values.out}"`);
  if (!fs.existsSync(path.dirname(out))) throw new UsageError(`--out: the folder ${path.dirname(out)} does not exist`);
  fs.writeFileSync(out, await templateWorkbook());
  io.stdout(`Wrote an empty import template to ${out}`);
  return 0;
}
