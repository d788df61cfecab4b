/**
 * The office's own Charting Outcomes (issue 15, item 3): per specialty and block of seasons, the
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
 * application) is shown only when the counts it is read from are shown. Across tables: a chart is
 * always exactly one block of a fixed partition of the specialty's seasons (blocks.ts), never a
 * range of its own, so no two charts overlap and none can be subtracted from another; a range asked
 * for is answered with each block it touches, separately. No total across specialties is given:
 * it would be one more relation to subtract from.
 */
import type { MatchOutcome, Specialty } from '../domain';
import { findSpecialty } from '../rules/specialties';
import { blockLabel, blocksOverlapping, seasonBlocks, waitingText, type SeasonBlock } from './blocks';
import type { OutcomesMemory } from './memory';
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
  /** The block's seasons: the chart reads exactly these. */
  fromSeason: number;
  toSeason: number;
  /** "2024", or "2021–2023 (pooled)". */
  seasonsLabel: string;
  pooled: boolean;
  bands: ChartRow[];
  total: ChartRow;
}

/** A closed block a chart can be asked for (by its seasons). */
export interface BlockRef {
  fromSeason: number;
  toSeason: number;
  label: string;
  pooled: boolean;
}

/** A specialty's blocks: every closed one (oldest first), and the newest, still short of the threshold. */
export interface SpecialtyBlocks {
  specialty: string;
  closed: BlockRef[];
  /** Null when the last closed block reaches the latest season recorded. */
  waiting: { fromSeason: number; toSeason: number; seasons: number; text: string } | null;
}

export interface OutcomesChart {
  threshold: number;
  /** The range asked for (null: none, so the newest closed block of each specialty). */
  fromSeason: number | null;
  toSeason: number | null;
  /** One chart per block answered, by specialty then season. */
  specialties: SpecialtyChart[];
  /** Every specialty's blocks (the ones asked for), whether or not a chart of it is answered. */
  blocks: SpecialtyBlocks[];
  /** Definitions printed under every view of the chart. */
  notes: string[];
}

export interface ChartQuery {
  specialty?: string;
  fromSeason?: number;
  toSeason?: number;
}

const specialtyName = (specialties: readonly Specialty[], written: string) => findSpecialty(specialties, written)?.name ?? written.trim();

export function chartNotes(threshold: number, minSeasons = 1): string[] {
  const closes = minSeasons > 1 ? `${threshold} applicants over at least ${minSeasons} seasons` : `${threshold} applicants`;
  return [
    `Consenting graduates only. Applicants: graduates who applied in the specialty and did not withdraw; matched: in the Main Match (a SOAP placement counts as not matched).`,
    `A count of 1 to ${threshold - 1} shows as "fewer than ${threshold}"; "not shown" hides a further count so that no hidden one can be worked out from the totals.`,
    `Seasons are charted in fixed blocks, oldest first: seasons are pooled until a block has ${closes}, and then it closes and never changes when newer seasons arrive. Each chart is one block, so no two charts share a season and none can be subtracted from another; the newest seasons wait until they reach as much.`,
    `CK of matched graduates: median and interquartile range (25th–75th percentile, Excel's PERCENTILE.INC). Interviews per application: all interviews ÷ all applications of the graduates who recorded both.`,
  ];
}

/**
 * The charts for a query: with no range, each specialty's newest closed block; with a range (either
 * end may be open), every closed block sharing a season with it, each a chart of its own.
 */
export function outcomesChart(memory: OutcomesMemory, query: ChartQuery): OutcomesChart {
  const threshold = memory.settings.suppressionThreshold;
  const bands = ckBands(memory.settings.ckBands);
  const wanted = query.specialty ? specialtyName(memory.specialties, query.specialty) : null;
  const applicants = memory.outcomes.filter((o) => o.result !== 'withdrew');
  // The latest season of any specialty, so every specialty's open block runs to the same season.
  const latest = applicants.reduce<number | null>((m, o) => (m === null || o.season > m ? o.season : m), null);
  const bySpecialty = new Map<string, MatchOutcome[]>();
  for (const o of applicants) {
    const name = specialtyName(memory.specialties, o.specialty);
    if (wanted !== null && name.toLowerCase() !== wanted.toLowerCase()) continue;
    const list = bySpecialty.get(name) ?? [];
    list.push(o);
    bySpecialty.set(name, list);
  }
  const ranged = query.fromSeason !== undefined || query.toSeason !== undefined;
  const specialties: SpecialtyChart[] = [];
  const blocks: SpecialtyBlocks[] = [];
  for (const [name, rows] of [...bySpecialty].sort(([a], [b]) => a.localeCompare(b, 'en'))) {
    const all = seasonBlocks(rows.map((o) => o.season), threshold, latest!, memory.settings.blockSeasons);
    const closed = all.filter((b) => b.closed);
    const open = all.find((b) => !b.closed) ?? null;
    blocks.push({
      specialty: name,
      closed: closed.map((b) => ({ fromSeason: b.fromSeason, toSeason: b.toSeason, label: blockLabel(b), pooled: b.fromSeason < b.toSeason })),
      waiting: open && { fromSeason: open.fromSeason, toSeason: open.toSeason, seasons: open.seasons, text: waitingText(open, threshold, memory.settings.blockSeasons) },
    });
    const answered = ranged ? blocksOverlapping(all, query.fromSeason, query.toSeason) : closed.slice(-1);
    for (const b of answered) specialties.push(blockChart(name, rows, b, bands, threshold));
  }
  return { threshold, fromSeason: query.fromSeason ?? null, toSeason: query.toSeason ?? null, specialties, blocks, notes: chartNotes(threshold, memory.settings.blockSeasons) };
}

/** One closed block's chart: exactly its seasons' graduates. */
function blockChart(name: string, rows: readonly MatchOutcome[], block: SeasonBlock, bands: readonly CkBand[], threshold: number): SpecialtyChart {
  const chosen = rows.filter((o) => o.season >= block.fromSeason && o.season <= block.toSeason);
  return { specialty: name, fromSeason: block.fromSeason, toSeason: block.toSeason, seasonsLabel: blockLabel(block), pooled: block.fromSeason < block.toSeason, ...table(chosen, bands, threshold) };
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
