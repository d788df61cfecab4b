/**
 * The dashboard's aggregations over a cohort evaluated in memory (an office database's: store/postgres
 * keeps one per as-of date), with exactly the results SQLite's SQL over its cohort index gives
 * (db/dashboard.ts): the same groups, the same NOCASE grouping of target specialties, the same
 * rounding and the same order. test/integration/pg-dashboard.test.ts holds the two engines equal.
 */
import type { CkBySpecialtyRow, CkTimelineMonth, RiskByClassRow } from '../../shared/api/dashboard';
import type { Flag, RiskLevel, Tier } from '../../shared/domain';
import { step1GroupOf } from '../../shared/exam-status';
import type { AtRiskRow, ClassTimelineCounts, CountsRow } from '../db/dashboard';
import type { RosterFilterFields } from '../db/roster';
import { byName, memoryMatching, type MemoryRosterEntry } from './roster-memory';
import { nocase } from '../db/sqlite-text';
import type { CohortStatus } from './store';

const RISKS = ['critical', 'high', 'medium', 'low', 'none'] as const;

/**
 * NOCASE of a value many rows share (a target specialty, a name): folded once per distinct text,
 * not once per row (a regular expression per row cost 40 ms of the by-specialty view at 100,000).
 */
function foldCache(): (s: string) => string {
  const folded = new Map<string, string>();
  return (s) => {
    let f = folded.get(s);
    if (f === undefined) folded.set(s, (f = nocase(s)));
    return f;
  };
}

/** SQLite's BINARY order of text (by code unit, as JavaScript compares strings). */
const binary = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function countsOf(kept: readonly MemoryRosterEntry[]): CountsRow {
  const out: CountsRow = { students: 0, s1Passed: 0, s1Failed: 0, s1NotYet: 0, ckReported: 0, ckScheduled: 0, ckNotScheduled: 0, critical: 0, high: 0, medium: 0, low: 0, none: 0 };
  const S1 = { passed: 's1Passed', failed: 's1Failed', notYet: 's1NotYet' } as const;
  const CK = { reported: 'ckReported', scheduled: 'ckScheduled', notScheduled: 'ckNotScheduled' } as const;
  for (const { status } of kept) {
    out.students++;
    out[S1[step1GroupOf(status.step1)]]++;
    out[CK[status.ck]]++;
    out[RISKS[status.riskOrder]]++;
  }
  return out;
}

function ckBySpecialtyOf(kept: readonly MemoryRosterEntry[], fold: (s: string) => string): Omit<CkBySpecialtyRow, 'referenceSource'>[] {
  interface Group {
    /** The group's first name in BINARY order (SQLite's min()). */
    name: string;
    tier: string | null;
    referenceCk: number | null;
    students: number;
    /** Scores summed in the rows' order (as the mean was always taken), with their count, least and most. */
    withScore: number;
    sum: number;
    min: number;
    max: number;
    belowReference: number;
  }
  const groups = new Map<string, Group>();
  for (const { status: c } of kept) {
    if (c.targetGroup === null) continue;
    const key = fold(c.targetGroup);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { name: c.targetGroup, tier: null, referenceCk: null, students: 0, withScore: 0, sum: 0, min: Infinity, max: -Infinity, belowReference: 0 }));
    else if (binary(c.targetGroup, g.name) < 0) g.name = c.targetGroup;
    // max() of SQLite ignores NULLs; text compares BINARY.
    if (c.targetTier !== null && (g.tier === null || binary(c.targetTier, g.tier) > 0)) g.tier = c.targetTier;
    if (c.referenceCk !== null && (g.referenceCk === null || c.referenceCk > g.referenceCk)) g.referenceCk = c.referenceCk;
    g.students++;
    if (c.ckScore !== null) {
      g.withScore++;
      g.sum += c.ckScore;
      if (c.ckScore < g.min) g.min = c.ckScore;
      if (c.ckScore > g.max) g.max = c.ckScore;
      if (c.referenceCk !== null && c.ckScore < c.referenceCk) g.belowReference++;
    }
  }
  const rows = [...groups.values()].map((g) => {
    const mean = g.withScore ? g.sum / g.withScore : null;
    return {
      specialty: g.name,
      tier: g.tier as Tier | null,
      referenceCk: g.referenceCk,
      students: g.students,
      withScore: g.withScore,
      meanCk: mean === null ? null : Math.round(mean * 10) / 10,
      minCk: g.withScore ? g.min : null,
      maxCk: g.withScore ? g.max : null,
      belowReference: g.belowReference,
    };
  });
  // ORDER BY referenceCk IS NULL, referenceCk DESC, specialty
  return rows.sort((a, b) => Number(a.referenceCk === null) - Number(b.referenceCk === null) || (b.referenceCk ?? 0) - (a.referenceCk ?? 0) || binary(a.specialty, b.specialty));
}

function timelineOf(kept: readonly MemoryRosterEntry[], ckSafeDate: string): { counts: ClassTimelineCounts; months: CkTimelineMonth[] } {
  const counts: ClassTimelineCounts = { students: 0, noCkDate: 0, byCkSafeDate: 0, afterCkSafeDate: 0 };
  const byMonth = new Map<string, CkTimelineMonth>();
  const days = kept.map((e) => e.status.ckDate).sort((a, b) => (a === null ? -1 : b === null ? 1 : binary(a, b)));
  for (const day of days) {
    counts.students++;
    if (day === null) {
      counts.noCkDate++;
      continue;
    }
    const month = day.slice(0, 7);
    const m = byMonth.get(month) ?? { month, byCkSafeDate: 0, afterCkSafeDate: 0 };
    if (day <= ckSafeDate) m.byCkSafeDate++, counts.byCkSafeDate++;
    else m.afterCkSafeDate++, counts.afterCkSafeDate++;
    byMonth.set(month, m);
  }
  return { counts, months: [...byMonth.values()] };
}

/**
 * The at-risk list's order: risk, more flags first, then surname, given name (NOCASE) and ID. The
 * last three are the cohort's name order, worked out once with it (roster-memory.ts byName): the
 * flagged rows are taken in that order and sorted stably by risk and flag count only.
 */
function inAtRiskOrder(entries: readonly MemoryRosterEntry[], flagged: readonly MemoryRosterEntry[]): MemoryRosterEntry[] {
  const kept = new Set(flagged);
  const inNameOrder = byName(entries).filter((e) => kept.has(e));
  return inNameOrder.sort((a, b) => a.status.riskOrder - b.status.riskOrder || b.status.flagCount - a.status.flagCount);
}

function atRiskRow(e: MemoryRosterEntry): AtRiskRow {
  const c = e.status;
  return { studentId: c.studentId, firstName: c.firstName, lastName: c.lastName, gradYear: c.gradYear, advisor: c.advisor, targetSpecialty: c.targetSpecialty, risk: RISKS[c.riskOrder] as RiskLevel };
}

/** One view per evaluated cohort: the dashboard's eight calls for a page share its filtered rows. */
const views = new WeakMap<readonly MemoryRosterEntry[], CohortStatus>();

/** The dashboard's view of an evaluated cohort held in memory (kept as long as that cohort is). */
export function memoryCohortStatus(entries: readonly MemoryRosterEntry[], asOf: string): CohortStatus {
  const known = views.get(entries);
  if (known) return known;
  const view = newCohortStatus(entries, asOf);
  views.set(entries, view);
  return view;
}

/** Filters whose rows and answers a cohort's view remembers, at most this many (a page asks for one or two at a time). */
const REMEMBERED = 16;

/**
 * Answers remembered per filter (and arguments): every answer is a function of the evaluated
 * cohort, which never changes (a change to the database gives a new cohort, and so a new view), so
 * the dashboard's page opened again, or one view asked again, is not worked out again.
 */
function memo<T>(): (key: string, make: () => T) => T {
  const known = new Map<string, T>();
  return (key, make) => {
    let v = known.get(key);
    if (v === undefined) {
      if (known.size >= REMEMBERED) known.clear();
      known.set(key, (v = make()));
    }
    return v;
  };
}

function newCohortStatus(entries: readonly MemoryRosterEntry[], asOf: string): CohortStatus {
  const flags = new Map<string, Flag[]>();
  for (const e of entries) if (e.flags.length) flags.set(e.row.id, e.flags);
  const fold = foldCache();
  // A page's views ask for the same filter one after another: its rows are found once.
  const kept = memo<MemoryRosterEntry[]>();
  const keep = (filter: RosterFilterFields) => kept(JSON.stringify(filter), () => memoryMatching(entries, filter));
  const atRiskOf = memo<MemoryRosterEntry[]>();
  const counts = memo<CountsRow>();
  const failures = memo<Record<string, number>>();
  const byClass = memo<RiskByClassRow[]>();
  const bySpecialty = memo<Omit<CkBySpecialtyRow, 'referenceSource'>[]>();
  const classes = memo<number[]>();
  const timelines = memo<{ counts: ClassTimelineCounts; months: CkTimelineMonth[] }>();
  const urgent = memo<string[]>();
  // Callers get copies of what is remembered: nothing they do to an answer changes the next one.
  const rows = <T extends object>(xs: readonly T[]): T[] => xs.map((x) => ({ ...x }));
  return {
    asOf,
    flagsOf: (id) => flags.get(id) ?? [],
    counts: (filter) => ({ ...counts(JSON.stringify(filter), () => countsOf(keep(filter))) }),
    failureFlagCounts: <C extends string>(filter: RosterFilterFields, codes: readonly C[]) =>
      ({
        ...failures(JSON.stringify([filter, codes]), () => {
          const out: Record<string, number> = Object.fromEntries(codes.map((c) => [c, 0]));
          for (const e of keep(filter)) if (e.status.riskOrder <= 1) for (const c of codes) if (e.row.flags.includes(c as Flag['code'])) out[c]++;
          return out;
        }),
      }) as Record<C, number>,
    riskByClass: (filter) =>
      rows(
        byClass(JSON.stringify(filter), () => {
          const out = new Map<number, RiskByClassRow>();
          for (const { status: c } of keep(filter)) {
            let row = out.get(c.gradYear);
            if (!row) out.set(c.gradYear, (row = { gradYear: c.gradYear, students: 0, critical: 0, high: 0, medium: 0, low: 0, none: 0 }));
            row.students++;
            row[RISKS[c.riskOrder]]++;
          }
          return [...out.values()].sort((a, b) => a.gradYear - b.gradYear);
        }),
      ),
    ckBySpecialty: (filter) => rows(bySpecialty(JSON.stringify(filter), () => ckBySpecialtyOf(keep(filter), fold))),
    classesPresent: (filter) => [...classes(JSON.stringify(filter), () => [...new Set(keep(filter).map((e) => e.status.gradYear))].sort((a, b) => a - b))],
    classTimeline: (filter, gradYear, ckSafeDate) => {
      const t = timelines(JSON.stringify([filter, gradYear, ckSafeDate]), () => timelineOf(keep({ ...filter, gradYears: [gradYear] }), ckSafeDate));
      return { counts: { ...t.counts }, months: rows(t.months) };
    },
    atRisk: (filter, offset, limit) => {
      const flagged = atRiskOf(JSON.stringify(filter), () => inAtRiskOrder(entries, keep(filter).filter((e) => e.status.riskOrder < 4)));
      return { total: flagged.length, rows: flagged.slice(offset, limit < 0 ? undefined : offset + limit).map(atRiskRow) };
    },
    // The same list (frozen) each time for a filter: the office store remembers the acknowledgements read for it (postgres/dashboard.ts).
    urgentStudentIds: (filter) =>
      urgent(JSON.stringify(filter), () =>
        Object.freeze(
          keep(filter)
            .filter((e) => e.status.riskOrder <= 1)
            .map((e) => e.row.id),
        ) as string[],
      ),
  };
}
