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
import { memoryMatching, type MemoryRosterEntry } from './roster-memory';
import type { CohortStatus } from './store';

const RISKS = ['critical', 'high', 'medium', 'low', 'none'] as const;

/** SQLite's NOCASE: ASCII letters fold, nothing else. */
const nocase = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
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

function ckBySpecialtyOf(kept: readonly MemoryRosterEntry[]): Omit<CkBySpecialtyRow, 'referenceSource'>[] {
  interface Group {
    names: string[];
    tier: string | null;
    referenceCk: number | null;
    students: number;
    scores: number[];
    belowReference: number;
  }
  const groups = new Map<string, Group>();
  for (const { status: c } of kept) {
    if (c.targetGroup === null) continue;
    const key = nocase(c.targetGroup);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { names: [], tier: null, referenceCk: null, students: 0, scores: [], belowReference: 0 }));
    g.names.push(c.targetGroup);
    // max() of SQLite ignores NULLs; text compares BINARY.
    if (c.targetTier !== null && (g.tier === null || binary(c.targetTier, g.tier) > 0)) g.tier = c.targetTier;
    if (c.referenceCk !== null && (g.referenceCk === null || c.referenceCk > g.referenceCk)) g.referenceCk = c.referenceCk;
    g.students++;
    if (c.ckScore !== null) {
      g.scores.push(c.ckScore);
      if (c.referenceCk !== null && c.ckScore < c.referenceCk) g.belowReference++;
    }
  }
  const rows = [...groups.values()].map((g) => {
    const mean = g.scores.length ? g.scores.reduce((a, b) => a + b, 0) / g.scores.length : null;
    return {
      specialty: g.names.reduce((a, b) => (binary(b, a) < 0 ? b : a)),
      tier: g.tier as Tier | null,
      referenceCk: g.referenceCk,
      students: g.students,
      withScore: g.scores.length,
      meanCk: mean === null ? null : Math.round(mean * 10) / 10,
      minCk: g.scores.length ? Math.min(...g.scores) : null,
      maxCk: g.scores.length ? Math.max(...g.scores) : null,
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

/** The at-risk list's order: risk, more flags first, then surname, given name (NOCASE) and ID; each row's keys worked out once. */
function inAtRiskOrder(flagged: readonly MemoryRosterEntry[]): MemoryRosterEntry[] {
  const keyed = flagged.map((e) => ({ e, last: nocase(e.status.lastName), first: nocase(e.status.firstName) }));
  keyed.sort(
    (a, b) =>
      a.e.status.riskOrder - b.e.status.riskOrder ||
      b.e.status.flagCount - a.e.status.flagCount ||
      binary(a.last, b.last) ||
      binary(a.first, b.first) ||
      binary(a.e.status.studentId, b.e.status.studentId),
  );
  return keyed.map((k) => k.e);
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

/** Views of a cohort remembered per filter, at most this many (a page asks for one or two). */
const REMEMBERED = 16;

function newCohortStatus(entries: readonly MemoryRosterEntry[], asOf: string): CohortStatus {
  const flags = new Map<string, Flag[]>();
  for (const e of entries) if (e.flags.length) flags.set(e.row.id, e.flags);
  // A page's views ask for the same filter one after another: its rows are found once.
  const kept = new Map<string, MemoryRosterEntry[]>();
  const keep = (filter: RosterFilterFields) => {
    const key = JSON.stringify(filter);
    let rows = kept.get(key);
    if (!rows) {
      if (kept.size >= REMEMBERED) kept.clear();
      kept.set(key, (rows = memoryMatching(entries, filter)));
    }
    return rows;
  };
  const ordered = new Map<string, MemoryRosterEntry[]>();
  const atRiskOf = (filter: RosterFilterFields) => {
    const key = JSON.stringify(filter);
    let rows = ordered.get(key);
    if (!rows) {
      if (ordered.size >= REMEMBERED) ordered.clear();
      ordered.set(key, (rows = inAtRiskOrder(keep(filter).filter((e) => e.status.riskOrder < 4))));
    }
    return rows;
  };
  return {
    asOf,
    flagsOf: (id) => flags.get(id) ?? [],
    counts: (filter) => countsOf(keep(filter)),
    failureFlagCounts: <C extends string>(filter: RosterFilterFields, codes: readonly C[]) => {
      const out = Object.fromEntries(codes.map((c) => [c, 0])) as Record<C, number>;
      for (const e of keep(filter)) if (e.status.riskOrder <= 1) for (const c of codes) if (e.row.flags.includes(c as Flag['code'])) out[c]++;
      return out;
    },
    riskByClass: (filter) => {
      const byClass = new Map<number, RiskByClassRow>();
      for (const { status: c } of keep(filter)) {
        let row = byClass.get(c.gradYear);
        if (!row) byClass.set(c.gradYear, (row = { gradYear: c.gradYear, students: 0, critical: 0, high: 0, medium: 0, low: 0, none: 0 }));
        row.students++;
        row[RISKS[c.riskOrder]]++;
      }
      return [...byClass.values()].sort((a, b) => a.gradYear - b.gradYear);
    },
    ckBySpecialty: (filter) => ckBySpecialtyOf(keep(filter)),
    classesPresent: (filter) => [...new Set(keep(filter).map((e) => e.status.gradYear))].sort((a, b) => a - b),
    classTimeline: (filter, gradYear, ckSafeDate) => timelineOf(keep({ ...filter, gradYears: [gradYear] }), ckSafeDate),
    atRisk: (filter, offset, limit) => {
      const flagged = atRiskOf(filter);
      return { total: flagged.length, rows: flagged.slice(offset, limit < 0 ? undefined : offset + limit).map(atRiskRow) };
    },
    urgentStudentIds: (filter) =>
      keep(filter)
        .filter((e) => e.status.riskOrder <= 1)
        .map((e) => e.row.id),
  };
}
