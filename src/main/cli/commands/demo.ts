import { call, DB_OPTION, parseAsOf, parseIntOption, withDatabase, type Command } from '../command';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'load a synthetic demo cohort into an empty database',
  usage: 'stepwise demo [--db PATH] [--students N] [--seed S] [--as-of YYYY-MM-DD]',
  options: { ...DB_OPTION, students: { type: 'string' }, seed: { type: 'string' }, 'as-of': { type: 'string' } },
  async run(values, _positionals, io) {
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
  },
};
