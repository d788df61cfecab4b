/**
 * `Outcomes`: the office's own Charting Outcomes (issue 15), exactly as `outcomes.chart` and
 * `stepwise outcomes` give it by default — per specialty, each CK band and all applicants of its
 * newest closed season block (blocks.ts: the same block the screen opens on, cell for cell), with
 * every count of 1 to 9 written "fewer than 10" and the complementary ones "not shown"; the seasons
 * still waiting to reach the threshold are named under the table, without a count. A hidden count is
 * text in its cell, never a number a filter or a sum could pick up.
 *
 * Past graduates who agreed to share their outcomes only; the report's class, advisor and status
 * choices are about the current roster and do not apply to past seasons, and no graduate is named.
 */
import type { ChartRow, CountCell, OutcomesChart, SpecialtyChart } from '../../../shared/outcomes/chart';
import { chartNotes, outcomesChart } from '../../../shared/outcomes/chart';
import type { ReferenceData } from '../../../shared/rules/reference';
import { readOutcomesMemory } from '../../db/outcomes-memory';
import type { Db } from '../../db/open';
import { DECIMAL_FORMAT, PERCENT_FORMAT } from '../styles';
import type { Column } from '../table';

export interface OutcomesRow {
  specialty: string;
  seasons: string;
  row: ChartRow;
  total: boolean;
}

const count = (c: CountCell) => c.value ?? c.text;

/**
 * A count column holds numbers and words ("fewer than 10"): the text section's `* ` fill pushes
 * words to the right as numbers are, and `_)` keeps both a little off the next column, so a 0 and
 * the "fewer than 10" beside it do not read as one ("0fewer than 10").
 */
const COUNT_FORMAT = '0_);-0_);0_);* @_)';

export const OUTCOMES_COLUMNS: Column<OutcomesRow>[] = [
  { header: 'Specialty', width: 26, look: { bold: true, wrap: true }, value: (r) => r.specialty },
  { header: 'Seasons', width: 22, look: { wrap: true }, value: (r) => r.seasons },
  { header: 'CK band (Step 2 CK at application)', width: 16, look: { wrap: true }, value: (r) => r.row.label },
  // Wide enough for "fewer than 10" on one line.
  { header: 'Applicants', width: 14, look: { numFmt: COUNT_FORMAT }, value: (r) => count(r.row.applicants) },
  { header: 'Matched (Main Match)', width: 14, look: { numFmt: COUNT_FORMAT }, value: (r) => count(r.row.matched) },
  { header: 'Not matched', width: 14, look: { numFmt: COUNT_FORMAT }, value: (r) => count(r.row.notMatched) },
  { header: 'Matched %', width: 10, look: { numFmt: `${PERCENT_FORMAT}_)` }, value: (r) => r.row.matchedPercent },
  { header: 'Median CK of matched', width: 11, look: { numFmt: `${DECIMAL_FORMAT}_)` }, value: (r) => r.row.matchedCk?.median ?? null },
  { header: 'CK of matched, 25th–75th percentile', width: 14, value: (r) => (r.row.matchedCk ? `${fmt(r.row.matchedCk.q1)}–${fmt(r.row.matchedCk.q3)}` : null) },
  { header: 'Interviews per application', width: 12, look: { numFmt: '0.00_)' }, value: (r) => r.row.interviewsPerApplication },
  { header: 'Graduates with interviews recorded', width: 14, look: { numFmt: COUNT_FORMAT }, value: (r) => count(r.row.interviewsN) },
];

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

export function outcomesRows(chart: OutcomesChart): OutcomesRow[] {
  return chart.specialties.flatMap((s: SpecialtyChart) => [
    ...s.bands.map((row) => ({ specialty: s.specialty, seasons: s.seasonsLabel, row, total: false })),
    { specialty: s.specialty, seasons: s.seasonsLabel, row: s.total, total: true },
  ]);
}

export interface OutcomesSheet {
  rows: OutcomesRow[];
  notes: string[];
}

/**
 * The sheet's rows and notes, read on the report's own connection (inside its read transaction).
 * A memory that cannot be read (a setting that does not parse) is said under an empty table rather
 * than stopping the committee's whole workbook.
 */
export function outcomesSheet(db: Db, ref: ReferenceData): OutcomesSheet {
  const scope = [
    'Past graduates who agreed to share their outcomes only. No graduate is named.',
    "The report's class, advisor and status choices are about the current roster: they do not apply here.",
  ];
  try {
    const chart = outcomesChart({ ...readOutcomesMemory(db), specialties: ref.specialties }, {});
    const rows = outcomesRows(chart);
    const waiting = chart.blocks.filter((b) => b.waiting).map((b) => `${b.specialty}, ${b.waiting!.text[0].toLowerCase()}${b.waiting!.text.slice(1)}`);
    const empty = chart.blocks.length ? 'No specialty has a closed season block yet.' : 'No outcome of a consenting graduate is recorded.';
    return { rows, notes: [...(rows.length ? [] : [empty]), ...scope, ...chart.notes, ...waiting] };
  } catch (err) {
    return { rows: [], notes: [`The school's outcomes could not be read: ${(err as Error).message}.`, ...scope, ...chartNotes(10)] };
  }
}
