import { UsageError, type CliIo, type ParsedValues } from '../command';
import { runTableImportCommand } from './table-import';

/** `stepwise outcomes import FILE`: the office's match list (positionals after `import`). */
export async function run(values: ParsedValues, positionals: string[], io: CliIo): Promise<number> {
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new UsageError('usage: stepwise outcomes import FILE [--db PATH] [--dry-run] [--json] [--as-of YYYY-MM-DD] [--map "[Sheet!]Header=field"]...');
  return runTableImportCommand('stepwise outcomes import', 'outcomes.import', ['outcomes', 'applications', 'consents'], values, file, io);
}
