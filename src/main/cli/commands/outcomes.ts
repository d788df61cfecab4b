import type { ChartRow, OutcomesChart, SpecialtyBlocks } from '../../../shared/outcomes/chart';
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

/** The readable chart: one aligned table per block answered, then every specialty's blocks, then the definitions. */
export function chartTable(chart: OutcomesChart): string[] {
  const out: string[] = [];
  if (!chart.specialties.length)
    out.push(
      chart.blocks.length
        ? 'No chart to show: no closed season block for the seasons asked (the blocks are listed below).'
        : "No outcomes to show: no consenting graduate's match outcome is recorded.",
      '',
    );
  for (const s of chart.specialties) {
    const rows = [...s.bands, s.total].map(chartCells);
    const widths = CHART_HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
    out.push(`${s.specialty}, seasons ${s.seasonsLabel}`, line(CHART_HEADERS), ...rows.map(line), '');
  }
  if (chart.blocks.length) {
    out.push('Season blocks (each chart is one block; ask for one with --from FIRST --to LAST):');
    for (const b of chart.blocks) out.push(`  ${blocksLine(b)}`);
    out.push('');
  }
  out.push(...chart.notes);
  return out;
}

/** "Dermatology: 2019–2021 (pooled), 2022–2024 (pooled); season 2025: not charted yet, …" */
export function blocksLine(b: SpecialtyBlocks): string {
  const closed = b.closed.length ? b.closed.map((c) => c.label).join(', ') : 'no block closed yet';
  return `${b.specialty}: ${closed}${b.waiting ? `; ${b.waiting.text[0].toLowerCase()}${b.waiting.text.slice(1)}` : ''}`;
}

/**
 * `stepwise outcomes` without `import` (commands/index.ts dispatches): the office's own Charting
 * Outcomes. `--from`/`--to` pick season blocks (each block they touch, separately); without them,
 * each specialty's newest closed block.
 */
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
