import { EVER_FAILED_FLAGS, type CkTimelineMonth, type CohortFilter, type PracticeTrendMonth, type RiskBucket } from '../../shared/api/dashboard';
import { addDays, addMonths, localToday } from '../../shared/domain';
import { ensureCohortIndex, loadReference } from '../cohort/status-index';
import { sqlFilter } from '../cohort/targets';
import { ruleSettings } from '../../shared/rules/rule-settings';
import { findSpecialty, specialtyReference } from '../../shared/rules/specialties';
import { minimumPassingScore, passStandardInForce } from '../../shared/rules/timeline';
import { atRiskStudents, ckBySpecialty, classTimeline, cohortCounts, dashboardOptions, failureFlagCounts, riskByClass, classesPresent, upcomingFollowUps, practiceScores, urgentStudentIds } from '../db/dashboard';
import { unacknowledgedUrgentCounts } from '../flags/acknowledged';
import type { Db } from '../db/open';
import { auditFrom, type HandlerMap } from './context';

/**
 * Every dashboard number is for one as-of date (default today) over the cohort index, which must hold
 * that date first; the filter's target specialty is resolved the way the rules match it.
 */
function prepare<F extends CohortFilter>(db: Db, filter: F) {
  const asOf = filter.asOf ?? localToday();
  const entry = ensureCohortIndex(db, asOf);
  return { asOf, entry, filter: sqlFilter(db, loadReference(db), filter) };
}

/** Every month from the first to the last, so the chart's time axis has no holes. */
function continuousMonths(months: CkTimelineMonth[], mustInclude: string | null): CkTimelineMonth[] {
  const keys = months.map((m) => m.month);
  if (mustInclude) keys.push(mustInclude.slice(0, 7));
  if (!keys.length) return [];
  keys.sort();
  const byMonth = new Map(months.map((m) => [m.month, m]));
  const out: CkTimelineMonth[] = [];
  let [y, m] = keys[0].split('-').map(Number);
  const [ly, lm] = keys[keys.length - 1].split('-').map(Number);
  while (y < ly || (y === ly && m <= lm)) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    out.push(byMonth.get(key) ?? { month: key, byCkSafeDate: 0, afterCkSafeDate: 0 });
    if (++m > 12) (m = 1), y++;
  }
  return out;
}

/** YYYY-MM of every month from `from` to `to`, both included. */
function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = `${from.slice(0, 7)}-01`; d.slice(0, 7) <= to.slice(0, 7); d = addMonths(d, 1)) out.push(d.slice(0, 7));
  return out;
}

export const dashboardHandlers: HandlerMap<
  | 'dashboard.options'
  | 'dashboard.counts'
  | 'dashboard.ckBySpecialty'
  | 'dashboard.ckTimeline'
  | 'dashboard.riskByClass'
  | 'dashboard.practiceTrend'
  | 'dashboard.atRisk'
  | 'dashboard.followUps'
> = {
  'dashboard.options': (_input, { db }) => dashboardOptions(db),
  'dashboard.counts': (input, ctx) => {
    const { db } = ctx;
    const { asOf, entry, filter } = prepare(db, input);
    const c = cohortCounts(db, filter, asOf);
    // Read before anything is written: recording a lapse moves the data version, and the index is rebuilt on the next call.
    const urgent = urgentStudentIds(db, filter, asOf);
    const unacknowledged = unacknowledgedUrgentCounts(db, loadReference(db), (id) => entry.flags.get(id) ?? [], urgent, asOf, auditFrom(ctx, 'dashboard'));
    const risk: Record<RiskBucket, number> = { critical: c.critical, high: c.high, medium: c.medium, low: c.low, none: c.none };
    return {
      asOf,
      students: c.students,
      step1: { passed: c.s1Passed, failed: c.s1Failed, notYet: c.s1NotYet },
      everFailed: failureFlagCounts(db, filter, asOf, EVER_FAILED_FLAGS),
      ck: { reported: c.ckReported, scheduled: c.ckScheduled, notScheduled: c.ckNotScheduled },
      risk,
      unacknowledged,
    };
  },
  'dashboard.ckBySpecialty': (input, { db }) => {
    const { asOf, filter } = prepare(db, input);
    const ref = loadReference(db);
    // The citation travels with each reference value (RULES.md: cite "NRMP Charting Outcomes" wherever shown).
    return ckBySpecialty(db, filter, asOf).map((r) => {
      const row = r.referenceCk === null ? null : findSpecialty(ref.specialties, r.specialty);
      return { ...r, referenceSource: row ? specialtyReference(ref, row, asOf).source : null };
    });
  },
  'dashboard.ckTimeline': (input, { db }) => {
    const { asOf, filter } = prepare(db, input);
    // The class shown by default is the first whose programs have not started reviewing yet (the
    // review date as the rules compute it for each season), else the latest class.
    const gradYears = classesPresent(db, filter, asOf);
    const season = ruleSettings(loadReference(db), asOf);
    const current = gradYears.find((g) => season.season(g).review.date >= asOf) ?? gradYears.at(-1) ?? null;
    const classes = { gradYears, current };
    const gradYear = input.gradYear ?? classes.current;
    const empty = { gradYear, ckSafeDate: null, reviewDate: null, months: [], students: 0, byCkSafeDate: 0, afterCkSafeDate: 0, noCkDate: 0, gradYears: classes.gradYears };
    if (gradYear === null) return empty;
    const facts = season.season(gradYear);
    const { counts, months } = classTimeline(db, filter, asOf, gradYear, facts.ckSafeDate);
    if (counts.students === 0) return empty;
    return { gradYear, ckSafeDate: facts.ckSafeDate, reviewDate: facts.review.date, ...counts, months: continuousMonths(months, facts.ckSafeDate), gradYears: classes.gradYears };
  },
  'dashboard.riskByClass': (input, { db }) => {
    const { asOf, filter } = prepare(db, input);
    return riskByClass(db, filter, asOf);
  },
  'dashboard.practiceTrend': (input, { db }) => {
    const { asOf, filter } = prepare(db, input);
    const ref = loadReference(db);
    const from = addMonths(`${asOf.slice(0, 7)}-01`, 1 - input.months);
    const months = new Map(monthsBetween(from, asOf).map((month) => [month, { exams: 0, scoreSum: 0, belowPass: 0, students: new Set<string>() }]));
    // Each score is held against the pass standard in force on the day it was taken.
    const passing = new Map<string, number | null>();
    const everyone = new Set<string>();
    for (const [studentId, day, score] of practiceScores(db, filter, asOf, input.exam, from, asOf)) {
      const m = months.get(day.slice(0, 7))!;
      let pass = passing.get(day);
      if (pass === undefined) passing.set(day, (pass = minimumPassingScore(ref, input.exam, day)));
      m.exams++;
      m.scoreSum += score;
      if (pass !== null && score < pass) m.belowPass++;
      m.students.add(studentId);
      everyone.add(studentId);
    }
    const trend: PracticeTrendMonth[] = [...months].map(([month, m]) => ({
      month,
      exams: m.exams,
      students: m.students.size,
      meanScore: m.exams ? Math.round((m.scoreSum / m.exams) * 10) / 10 : null,
      belowPass: m.belowPass,
    }));
    const standard = passStandardInForce(ref, input.exam, asOf);
    return {
      exam: input.exam,
      from,
      to: asOf,
      passingScore: standard ? Number(standard.value) : null,
      passingSource: standard?.source ?? null,
      months: trend,
      exams: trend.reduce((n, m) => n + m.exams, 0),
      students: everyone.size,
      belowPass: trend.reduce((n, m) => n + m.belowPass, 0),
    };
  },
  'dashboard.atRisk': (input, { db }) => {
    const { asOf, entry, filter } = prepare(db, input);
    const { total, rows } = atRiskStudents(db, filter, asOf, input.offset, input.limit);
    return {
      asOf,
      total,
      rows: rows.map((r) => ({
        studentId: r.studentId,
        name: `${r.firstName} ${r.lastName}`,
        gradYear: r.gradYear,
        advisor: r.advisor,
        targetSpecialty: r.targetSpecialty,
        risk: r.risk,
        flags: entry.flags.get(r.studentId) ?? [],
      })),
    };
  },
  'dashboard.followUps': (input, { db }) => {
    // Follow-ups need no evaluation: only the filter's target is resolved.
    const asOf = input.asOf ?? localToday();
    return upcomingFollowUps(db, sqlFilter(db, loadReference(db), input), asOf, addDays(asOf, input.days), input.limit);
  },
};
