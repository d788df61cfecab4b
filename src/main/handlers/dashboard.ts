import { EVER_FAILED_FLAGS, type CkTimelineMonth, type CohortFilter, type PracticeTrendMonth, type RiskBucket } from '../../shared/api/dashboard';
import { addDays, addMonths, localToday } from '../../shared/domain';
import { ruleSettings } from '../../shared/rules/rule-settings';
import { findSpecialty, specialtyReference } from '../../shared/rules/specialties';
import { minimumPassingScore, passStandardInForce } from '../../shared/rules/timeline';
import { unacknowledgedUrgentCounts } from '../flags/acknowledged';
import { auditFrom, storeOf, type HandlerContext, type HandlerMap } from './context';

/**
 * Every dashboard number is for one as-of date (default today) over the cohort evaluated as of that
 * date (the store keeps it: SQLite in its cohort index, an office database in memory); the filter's
 * target specialty is resolved the way the rules match it.
 */
async function prepare<F extends CohortFilter>(ctx: HandlerContext, input: F) {
  const store = storeOf(ctx);
  const asOf = input.asOf ?? localToday();
  const filter = await store.dashboard.resolveFilter(input);
  const cohort = await store.dashboard.cohortStatus(asOf);
  return { store, asOf, cohort, filter };
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
  'dashboard.options': (_input, ctx) => storeOf(ctx).dashboard.options(),
  'dashboard.counts': async (input, ctx) => {
    const { store, asOf, cohort, filter } = await prepare(ctx, input);
    const c = cohort.counts(filter);
    // Read before anything is written: recording a lapse moves the data version, and the index is rebuilt on the next call.
    const urgent = cohort.urgentStudentIds(filter);
    const everFailed = cohort.failureFlagCounts(filter, EVER_FAILED_FLAGS);
    const unacknowledged = await unacknowledgedUrgentCounts(store, await store.referenceData(), (id) => cohort.flagsOf(id), urgent, asOf, auditFrom(ctx, 'dashboard'));
    const risk: Record<RiskBucket, number> = { critical: c.critical, high: c.high, medium: c.medium, low: c.low, none: c.none };
    return {
      asOf,
      students: c.students,
      step1: { passed: c.s1Passed, failed: c.s1Failed, notYet: c.s1NotYet },
      everFailed,
      ck: { reported: c.ckReported, scheduled: c.ckScheduled, notScheduled: c.ckNotScheduled },
      risk,
      unacknowledged,
    };
  },
  'dashboard.ckBySpecialty': async (input, ctx) => {
    const { store, asOf, cohort, filter } = await prepare(ctx, input);
    const ref = await store.referenceData();
    // The citation travels with each reference value (RULES.md: cite "NRMP Charting Outcomes" wherever shown).
    return cohort.ckBySpecialty(filter).map((r) => {
      const row = r.referenceCk === null ? null : findSpecialty(ref.specialties, r.specialty);
      return { ...r, referenceSource: row ? specialtyReference(ref, row, asOf).source : null };
    });
  },
  'dashboard.ckTimeline': async (input, ctx) => {
    const { store, asOf, cohort, filter } = await prepare(ctx, input);
    // The class shown by default is the first whose programs have not started reviewing yet (the
    // review date as the rules compute it for each season), else the latest class.
    const gradYears = cohort.classesPresent(filter);
    const season = ruleSettings(await store.referenceData(), asOf);
    const current = gradYears.find((g) => season.season(g).review.date >= asOf) ?? gradYears.at(-1) ?? null;
    const classes = { gradYears, current };
    const gradYear = input.gradYear ?? classes.current;
    const empty = { gradYear, ckSafeDate: null, reviewDate: null, months: [], students: 0, byCkSafeDate: 0, afterCkSafeDate: 0, noCkDate: 0, gradYears: classes.gradYears };
    if (gradYear === null) return empty;
    const facts = season.season(gradYear);
    const { counts, months } = cohort.classTimeline(filter, gradYear, facts.ckSafeDate);
    if (counts.students === 0) return empty;
    return { gradYear, ckSafeDate: facts.ckSafeDate, reviewDate: facts.review.date, ...counts, months: continuousMonths(months, facts.ckSafeDate), gradYears: classes.gradYears };
  },
  'dashboard.riskByClass': async (input, ctx) => {
    const { cohort, filter } = await prepare(ctx, input);
    return cohort.riskByClass(filter);
  },
  'dashboard.practiceTrend': async (input, ctx) => {
    const { store, asOf, filter } = await prepare(ctx, input);
    const ref = await store.referenceData();
    const from = addMonths(`${asOf.slice(0, 7)}-01`, 1 - input.months);
    const months = new Map(monthsBetween(from, asOf).map((month) => [month, { exams: 0, scoreSum: 0, belowPass: 0, students: new Set<string>() }]));
    // Each score is held against the pass standard in force on the day it was taken.
    const passing = new Map<string, number | null>();
    const everyone = new Set<string>();
    for (const [studentId, day, score] of await store.dashboard.practiceScores(filter, asOf, input.exam, from, asOf)) {
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
  'dashboard.atRisk': async (input, ctx) => {
    const { asOf, cohort, filter } = await prepare(ctx, input);
    const { total, rows } = cohort.atRisk(filter, input.offset, input.limit);
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
        flags: cohort.flagsOf(r.studentId),
      })),
    };
  },
  'dashboard.followUps': async (input, ctx) => {
    // Follow-ups need no evaluation: only the filter's target is resolved.
    const store = storeOf(ctx);
    const asOf = input.asOf ?? localToday();
    return store.dashboard.followUps(await store.dashboard.resolveFilter(input), asOf, addDays(asOf, input.days), input.limit);
  },
};
