/**
 * The office's own Charting Outcomes (issue 15, item 3): per specialty and season range, the
 * school's applicants, how many matched in the Main Match, the CK of those who matched (median and
 * interquartile range, percentile.ts) and interviews per application — overall and by CK band
 * (bands from Settings, plus a row for graduates with no CK recorded, so the bands add up to the
 * total).
 *
 * Who counts: consenting graduates only (the storage reader leaves the others out); an applicant is
 * an outcome row that did not withdraw; "matched" is the Main Match (a SOAP placement counts as not
 * matched in the Main Match, as NRMP counts it).
 *
 * Privacy: every count from 1 to under the threshold (Settings, 10) is shown as "fewer than 10"
 * (a zero counts no one and is shown), and further
 * counts are hidden ("not shown") until no hidden count can be worked out from the rest
 * (suppression.ts). A figure computed from a group (matched %, CK quartiles, interviews per
 * application) is shown only when the counts it is read from are shown. When a specialty has fewer
 * applicants than the threshold in the range asked for, earlier seasons are pooled in until it has
 * enough (or there are no more), and the range says so. No total across specialties is given:
 * specialties pooled over different seasons would not add up, and a sum across them would be one
 * more relation to subtract from.
 */
import type { MatchOutcome, Specialty } from '../domain';
import { findSpecialty } from '../rules/specialties';
import type { OutcomesMemory } from './memory';
import { seasonRange } from './memory';
import { quartiles, type Quartiles } from './percentile';
import { suppress, type CellState, type TableCell } from './suppression';

export interface CkBand {
  label: string;
  /** Inclusive; null = open below (and, with `to` null too, the "CK not recorded" row). */
  from: number | null;
  /** Exclusive; null = open above. */
  to: number | null;
  /** The row for graduates with no CK at application. */
  noCk: boolean;
}

export function ckBands(boundaries: readonly number[]): CkBand[] {
  const b = [...boundaries].sort((x, y) => x - y);
  const bands: CkBand[] = [];
  if (!b.length) bands.push({ label: 'any CK', from: null, to: null, noCk: false });
  else {
    bands.push({ label: `under ${b[0]}`, from: null, to: b[0], noCk: false });
    for (let i = 0; i + 1 < b.length; i++) bands.push({ label: `${b[i]}–${b[i + 1] - 1}`, from: b[i], to: b[i + 1], noCk: false });
    bands.push({ label: `${b[b.length - 1]} or more`, from: b[b.length - 1], to: null, noCk: false });
  }
  bands.push({ label: 'CK not recorded', from: null, to: null, noCk: true });
  return bands;
}

export function bandOf(bands: readonly CkBand[], ck: number | null): number {
  if (ck === null) return bands.findIndex((b) => b.noCk);
  return bands.findIndex((b) => !b.noCk && (b.from === null || ck >= b.from) && (b.to === null || ck < b.to));
}

/** A count as the table shows it. */
export interface CountCell {
  state: CellState;
  /** The number, only when shown. */
  value: number | null;
  /** What a person reads: the number, "fewer than 10" (a hidden count under the threshold), or "not shown" (a hidden count of 10 or more). */
  text: string;
}

export interface ChartRow {
  label: string;
  applicants: CountCell;
  matched: CountCell;
  notMatched: CountCell;
  /** Matched ÷ applicants × 100, only when both are shown. */
  matchedPercent: number | null;
  /** CK of those who matched, only when the matched count is shown. */
  matchedCk: Quartiles | null;
  /** Interviews ÷ applications over the row's graduates with both recorded, shown when they are at least the threshold and the row's applicants are shown. */
  interviewsPerApplication: number | null;
  /** How many graduates that ratio is read from, as shown ("fewer than 10" under the threshold). */
  interviewsN: CountCell;
}

export interface SpecialtyChart {
  specialty: string;
  /** The seasons read, after pooling. */
  fromSeason: number;
  toSeason: number;
  /** "2023–2025", or "2019–2025 (pooled: fewer than 10 applicants in 2023–2025)". */
  seasonsLabel: string;
  pooled: boolean;
  bands: ChartRow[];
  total: ChartRow;
}

export interface OutcomesChart {
  threshold: number;
  fromSeason: number | null;
  toSeason: number | null;
  specialties: SpecialtyChart[];
  /** Definitions printed under every view of the chart. */
  notes: string[];
}

export interface ChartQuery {
  specialty?: string;
  fromSeason?: number;
  toSeason?: number;
}

/** The range when none is asked for: the latest three seasons recorded. */
export const DEFAULT_SEASONS = 3;

const specialtyName = (specialties: readonly Specialty[], written: string) => findSpecialty(specialties, written)?.name ?? written.trim();

export function chartNotes(threshold: number): string[] {
  return [
    `Consenting graduates only. Applicants: graduates who applied in the specialty and did not withdraw; matched: in the Main Match (a SOAP placement counts as not matched).`,
    `A count of 1 to ${threshold - 1} shows as "fewer than ${threshold}"; "not shown" hides a further count so that no hidden one can be worked out from the totals. Seasons are pooled until a specialty has ${threshold} applicants, and labelled.`,
    `CK of matched graduates: median and interquartile range (25th–75th percentile, Excel's PERCENTILE.INC). Interviews per application: all interviews ÷ all applications of the graduates who recorded both.`,
  ];
}

export function outcomesChart(memory: OutcomesMemory, query: ChartQuery): OutcomesChart {
  const threshold = memory.settings.suppressionThreshold;
  const bands = ckBands(memory.settings.ckBands);
  const wanted = query.specialty ? specialtyName(memory.specialties, query.specialty) : null;
  const applicants = memory.outcomes.filter((o) => o.result !== 'withdrew');
  const seasons = applicants.map((o) => o.season);
  const latest = seasons.length ? Math.max(...seasons) : null;
  const toSeason = query.toSeason ?? latest;
  const fromSeason = query.fromSeason ?? (toSeason === null ? null : toSeason - DEFAULT_SEASONS + 1);
  const bySpecialty = new Map<string, MatchOutcome[]>();
  for (const o of applicants) {
    const name = specialtyName(memory.specialties, o.specialty);
    if (wanted !== null && name.toLowerCase() !== wanted.toLowerCase()) continue;
    const list = bySpecialty.get(name) ?? [];
    list.push(o);
    bySpecialty.set(name, list);
  }
  const specialties: SpecialtyChart[] = [];
  if (fromSeason !== null && toSeason !== null)
    for (const [name, rows] of [...bySpecialty].sort(([a], [b]) => a.localeCompare(b, 'en'))) {
      const chart = specialtyChart(name, rows, bands, threshold, fromSeason, toSeason);
      if (chart) specialties.push(chart);
    }
  return { threshold, fromSeason, toSeason, specialties, notes: chartNotes(threshold) };
}

function specialtyChart(name: string, rows: readonly MatchOutcome[], bands: readonly CkBand[], threshold: number, fromSeason: number, toSeason: number): SpecialtyChart | null {
  const inRange = (from: number) => rows.filter((o) => o.season >= from && o.season <= toSeason);
  let from = fromSeason;
  let chosen = inRange(from);
  // Pool earlier seasons in, one at a time, until the threshold is reached or there are none left.
  while (chosen.length < threshold) {
    const earlier = rows.filter((o) => o.season < from).map((o) => o.season);
    if (!earlier.length) break;
    from = Math.max(...earlier);
    chosen = inRange(from);
  }
  if (!chosen.length) return null;
  const pooled = from < fromSeason;
  const asked = seasonRange([fromSeason, toSeason]);
  const seasonsLabel = pooled ? `${seasonRange([from, toSeason])} (pooled: fewer than ${threshold} applicants in ${asked})` : asked;
  return { specialty: name, fromSeason: from, toSeason, seasonsLabel, pooled, ...table(chosen, bands, threshold) };
}

/** The band rows and total of one specialty's graduates, suppressed. */
export function table(rows: readonly MatchOutcome[], bands: readonly CkBand[], threshold: number): { bands: ChartRow[]; total: ChartRow } {
  const groups = bands.map(() => [] as MatchOutcome[]);
  for (const o of rows) groups[bandOf(bands, o.ckAtApplication)].push(o);
  // Interior counts: per band, matched then not matched.
  const counts = groups.flatMap((g) => [g.filter((o) => o.result === 'matched').length, g.filter((o) => o.result !== 'matched').length]);
  const cells: TableCell[] = bands.flatMap((_, b) => [
    { id: `${b}:matched`, parts: [2 * b], margin: false },
    { id: `${b}:not`, parts: [2 * b + 1], margin: false },
    { id: `${b}:applicants`, parts: [2 * b, 2 * b + 1], margin: true },
  ]);
  const all = counts.map((_, i) => i);
  cells.push(
    { id: 'total:matched', parts: all.filter((i) => i % 2 === 0), margin: true },
    { id: 'total:not', parts: all.filter((i) => i % 2 === 1), margin: true },
    { id: 'total:applicants', parts: all, margin: true },
  );
  const s = suppress(cells, counts, threshold);
  const cell = (id: string): CountCell => {
    const state = s.state.get(id)!;
    const value = s.value.get(id)!;
    return { state, value: state === 'shown' ? value : null, text: state === 'shown' ? String(value) : value < threshold ? `fewer than ${threshold}` : 'not shown' };
  };
  // A band's n is said only as "10 or more": were each band's n shown next to the total's, a band
  // under the threshold could be found by subtraction.
  const row = (label: string, key: string, members: readonly MatchOutcome[]): ChartRow => {
    const applicants = cell(`${key}:applicants`);
    const matched = cell(`${key}:matched`);
    const notMatched = cell(`${key}:not`);
    const withBoth = members.filter((o) => o.applications !== null && o.interviews !== null && o.applications > 0);
    const nInterviews = withBoth.length;
    const interviewsShown = applicants.state === 'shown' && nInterviews >= threshold;
    const apps = withBoth.reduce((a, o) => a + o.applications!, 0);
    const ints = withBoth.reduce((a, o) => a + o.interviews!, 0);
    return {
      label,
      applicants,
      matched,
      notMatched,
      matchedPercent: applicants.value !== null && matched.value !== null && applicants.value > 0 ? (100 * matched.value) / applicants.value : null,
      matchedCk: matched.value !== null ? quartiles(members.filter((o) => o.result === 'matched' && o.ckAtApplication !== null).map((o) => o.ckAtApplication!)) : null,
      interviewsPerApplication: interviewsShown ? ints / apps : null,
      interviewsN: nInterviews === 0
        ? { state: 'shown', value: 0, text: '0' }
        : interviewsShown
        ? key === 'total'
          ? { state: 'shown', value: nInterviews, text: String(nInterviews) }
          : { state: 'shown', value: null, text: `${threshold} or more` }
        : nInterviews < threshold
          ? { state: 'primary', value: null, text: `fewer than ${threshold}` }
          : { state: 'complementary', value: null, text: 'not shown' },
    };
  };
  return {
    bands: bands.map((b, i) => row(b.label, String(i), groups[i])),
    total: row('All applicants', 'total', rows),
  };
}
