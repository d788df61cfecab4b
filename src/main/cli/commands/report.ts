import path from 'node:path';
import { ApiError } from '../../../shared/api/contract';
import { ReportOptions } from '../../../shared/api/reports';
import { auditFrom, storeOf } from '../../handlers/context';
import { writeCommitteeReportFile } from '../../reports/output';
import { enrolmentWords } from '../../reports/print';
import { ReportCancelled } from '../../reports/table';
import { UsageError, withDatabase, type CliIo, type ParsedValues } from '../command';
import { parseStatusOption } from '../status-option';

const FLAG_OF: Record<string, string> = { asOf: '--as-of', classYears: '--class', advisor: '--advisor', minSeverity: '--min-severity', deidentify: '--deidentify', statuses: '--status' };

/** The command line's options, checked by the same schema as the Reports page's. */
export function reportOptionsFrom(values: ParsedValues) {
  const classes = Array.isArray(values.class) ? values.class : [];
  const classYears = classes.map((c) => {
    if (!/^\d{4}$/.test(c)) throw new UsageError(`--class must be a graduation year such as 2027, got "${c}"`);
    return Number(c);
  });
  const parsed = ReportOptions.safeParse({
    asOf: values['as-of'],
    classYears,
    advisor: values.advisor,
    minSeverity: values['min-severity'],
    deidentify: values.deidentify === true,
    // Active students unless asked (ReportOptions' default).
    statuses: values.status === undefined ? undefined : parseStatusOption(values.status, []),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const flag = FLAG_OF[String(issue.path[0])] ?? String(issue.path[0]);
    const given = values[flag.slice(2)];
    throw new UsageError(`${flag}: ${issue.message}${typeof given === 'string' ? `, got "${given}"` : ''}`);
  }
  return parsed.data;
}

/** `stepwise report` (its options: commands/index.ts). */
export async function run(values: ParsedValues, _positionals: string[], io: CliIo): Promise<number> {
  const out = values.out;
  if (typeof out !== 'string' || out.trim() === '') throw new UsageError('--out FILE.xlsx is required');
  if (path.extname(out).toLowerCase() !== '.xlsx') throw new UsageError(`--out must name an .xlsx file, got "${out}"`);
  const options = reportOptionsFrom(values);

  // Ctrl-C or a polite kill stops the export between rows: the half-written temporary file is
  // removed and the chosen name is never touched.
  const abort = new AbortController();
  const stop = () => abort.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await withDatabase(values, io, async (ctx) => {
      try {
        const source = await storeOf(ctx).reportSource(options.asOf);
        let counts;
        try {
          counts = await writeCommitteeReportFile(source.db, options, out, { who: auditFrom(ctx, 'committee report (command line)'), signal: abort.signal });
        } finally {
          await source.release();
        }
        io.stdout(
          `Wrote ${out}: ${counts.students} students in class ${counts.classYears.join(', ')} (${enrolmentWords(counts.statuses)}), ${counts.flagged} flagged, ${counts.atRisk} on the At risk sheet (as of ${counts.asOf}${counts.deidentified ? ', de-identified' : ''})`,
        );
        return 0;
      } catch (err) {
        if (err instanceof ApiError || err instanceof ReportCancelled) {
          io.stderr(`stepwise report: ${err.message}`);
          return 1;
        }
        throw err;
      }
    });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
