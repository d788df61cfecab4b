import { UsageError, type CliIo, type ParsedValues } from '../command';
import { runTableImportCommand } from './table-import';

/** `stepwise programs import FILE` (its options: commands/index.ts). */
export async function run(values: ParsedValues, positionals: string[], io: CliIo): Promise<number> {
  const [sub, file] = positionals;
  if (sub !== 'import' || !file) throw new UsageError('usage: stepwise programs import FILE [--db PATH] [--dry-run] [--json] [--map "[Sheet!]Header=field"]...');
  return runTableImportCommand('stepwise programs import', 'programs.import', ['programs'], values, file, io);
}
