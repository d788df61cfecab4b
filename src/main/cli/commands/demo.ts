import { call, parseAsOf, parseIntOption, withDatabase, type CliIo, type ParsedValues } from '../command';

/** `stepwise demo` (its options: commands/index.ts). */
export async function run(values: ParsedValues, _positionals: string[], io: CliIo): Promise<number> {
  const students = parseIntOption('students', values.students, 1, 200_000) ?? 500;
  const seed = parseIntOption('seed', values.seed, -2147483648, 2147483647) ?? 2027;
  const asOf = parseAsOf(values['as-of']);
  return withDatabase(values, io, async (ctx) => {
    const result = await call(ctx, 'demo.load', { students, seed, asOf });
    if (!result.ok) {
      io.stderr(`stepwise demo: ${result.error.message}`);
      return 1;
    }
    const r = result.value;
    io.stdout(`Loaded ${r.students} demo students (${r.attempts} exam attempts, ${r.practice} practice exams) into ${ctx.databasePath}`);
    return 0;
  });
}
