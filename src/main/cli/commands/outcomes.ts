import type { ChartRow, OutcomesChart } from '../../../shared/outcomes/chart';
import { call, parseIntOption, withDatabase, type CliIo, type ParsedValues } from '../command';

/** A row's figures as the screen and the workbook say them: hidden counts in words, never numbers. */
export function chartCells(row: ChartRow): string[] {
  const ck = row.matchedCk ? `${fmt(row.matchedCk.median)} (${fmt(row.matchedCk.q1)}–${fmt(row.matchedCk.q3)})` : '—';
  return [
    row.label,
    row.applicants.text,
    row.matched.text,
    row.notMatched.text,
    row.matchedPercent === null ? '—' : `${Math.round(row.matchedPercent)}%`,
    ck,
    row.interviewsPerApplication === null ? (row.interviewsN.state === 'shown' ? '—' : `n ${row.interviewsN.text}`) : `${row.interviewsPerApplication.toFixed(2)} (n ${row.interviewsN.text})`,
  ];
}

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

export const CHART_HEADERS = ['CK BAND', 'APPLICANTS', 'MATCHED', 'NOT MATCHED', 'MATCHED %', 'CK OF MATCHED: MEDIAN (IQR)', 'INTERVIEWS PER APPLICATION'];

/** The readable chart: one aligned table per specialty, then the definitions. */
export function chartTable(chart: OutcomesChart): string[] {
  if (!chart.specialties.length) return ["No outcomes to show: no consenting graduate's match outcome is recorded for the seasons asked.", ...chart.notes];
  const out: string[] = [];
  for (const s of chart.specialties) {
    const rows = [...s.bands, s.total].map(chartCells);
    const widths = CHART_HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
    out.push(`${s.specialty}, seasons ${s.seasonsLabel}`, line(CHART_HEADERS), ...rows.map(line), '');
  }
  out.push(...chart.notes);
  return out;
}

/** `stepwise outcomes` without `import` (commands/index.ts dispatches): the office's own Charting Outcomes. */
export async function run(values: ParsedValues, _positionals: string[], io: CliIo): Promise<number> {
  const fromSeason = parseIntOption('from', values.from, 2000, 2100);
  const toSeason = parseIntOption('to', values.to, 2000, 2100);
  const specialty = typeof values.specialty === 'string' ? values.specialty : undefined;
  return withDatabase(values, io, async (ctx) => {
    const result = await call(ctx, 'outcomes.chart', { specialty, fromSeason, toSeason });
    if (!result.ok) {
      io.stderr(`stepwise outcomes: ${result.error.message}${result.error.issues ? ` (${result.error.issues.map((i) => `${i.path}: ${i.message}`).join('; ')})` : ''}`);
      return result.error.code === 'INVALID_INPUT' ? 2 : 1;
    }
    if (values.json) io.stdout(JSON.stringify(result.value, null, 2));
    else for (const l of chartTable(result.value)) io.stdout(l);
    return 0;
  });
}
