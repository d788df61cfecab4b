/**
 * The reference numbers the flag rules use, read once per (reference data, as-of date) instead of
 * once per student: evaluating 100,000 students reads the same settings 100,000 times otherwise.
 * Facts that change by test date (pass standards) are still looked up on the attempt's own date.
 */
import { addDays, type Specialty } from '../domain';
import { numberSetting, settingInForce, type ReferenceData } from './reference';
import { specialtyReference, type SpecialtyReference } from './specialties';
import { ckLateWindow, reportingLagDays, reviewDate, step1Deadline, type ReviewDate, type Step1Deadline } from './timeline';

export interface SeasonFacts {
  review: ReviewDate;
  ckSafeDate: string;
  ckLateWindow: { from: string; to: string };
}

export interface RuleSettings {
  asOf: string;
  reportingLagDays: number;
  reportingLagWeeks: number;
  attemptLimit: number;
  attemptLimitHighAt: number;
  attemptLimitCriticalAt: number;
  /**
   * RULES.md §1/§4: the COMLEX attempt limit in force on the date of the latest unsuccessful attempt
   * (4 from 2022-07-01, 6 before). With the date unknown, the limit in force on the as-of date.
   */
  comlexAttemptLimit(date: string | null): { limit: number; from: string | null };
  /** CK_LATE (b) is a low planning reminder until this many days before the CK safe date. */
  ckLateUnscheduledWarningDays: number;
  step1ReadinessMargin: number;
  step1ReadinessProbability: number;
  /** Readiness checks apply to an exam booked on or before this date (as-of + 42 days). */
  readinessScheduledBy: string;
  /** Practice results count from this date on (as-of − 60 days). */
  practiceFrom: string;
  ckReadinessMargin: number;
  belowTargetHighMargin: number;
  dualApplyMargin: number;
  nationalMean: number;
  nationalMeanSource: string;
  season(gradYear: number): SeasonFacts;
  /** The class's Step 1 deadline (the class's own date in Settings, else the default rule). */
  classStep1Deadline(gradYear: number): Step1Deadline;
  /** A specialty row's reference CK (own score or tier default). Frozen: every student's result shares it. */
  reference(row: Specialty): SpecialtyReference;
}

const cache = new WeakMap<ReferenceData, Map<string, RuleSettings>>();

export function ruleSettings(ref: ReferenceData, asOf: string): RuleSettings {
  let byDate = cache.get(ref);
  if (!byDate) cache.set(ref, (byDate = new Map()));
  let rs = byDate.get(asOf);
  if (!rs) {
    if (byDate.size > 32) byDate.clear();
    rs = readRuleSettings(ref, asOf);
    byDate.set(asOf, rs);
  }
  return rs;
}

function readRuleSettings(ref: ReferenceData, asOf: string): RuleSettings {
  const n = (key: string) => numberSetting(ref, key, asOf);
  const seasons = new Map<number, SeasonFacts>();
  const deadlines = new Map<number, Step1Deadline>();
  const references = new Map<Specialty, SpecialtyReference>();
  const lagDays = reportingLagDays(ref, asOf);
  n('comlex.attemptLimit'); // read now: a database without it fails on the first evaluation, not on the first COMLEX retake
  return {
    asOf,
    reportingLagDays: lagDays,
    reportingLagWeeks: n('usmle.reportingLagWeeks'),
    attemptLimit: n('usmle.attemptLimit'),
    attemptLimitHighAt: n('attemptLimit.highAt'),
    attemptLimitCriticalAt: n('attemptLimit.criticalAt'),
    comlexAttemptLimit(date) {
      const on = date ?? asOf;
      const row = settingInForce(ref, 'comlex.attemptLimit', on);
      return { limit: numberSetting(ref, 'comlex.attemptLimit', on), from: row?.effectiveFrom ?? null };
    },
    ckLateUnscheduledWarningDays: n('ckLate.unscheduledWarningDays'),
    step1ReadinessMargin: n('readiness.step1Margin'),
    step1ReadinessProbability: n('readiness.step1PassProbability'),
    readinessScheduledBy: addDays(asOf, n('readiness.scheduledWithinDays')),
    practiceFrom: addDays(asOf, -n('readiness.practiceWindowDays')),
    ckReadinessMargin: n('readiness.ckMargin'),
    belowTargetHighMargin: n('ck.belowTargetHighMargin'),
    dualApplyMargin: n('ck.dualApplyMargin'),
    nationalMean: n('step2ck.nationalMean'),
    nationalMeanSource: settingInForce(ref, 'step2ck.nationalMean', asOf)?.source ?? '',
    season(gradYear) {
      let s = seasons.get(gradYear);
      if (!s) {
        const review = reviewDate(ref, gradYear);
        s = Object.freeze({ review: Object.freeze(review), ckSafeDate: addDays(review.date, -lagDays), ckLateWindow: Object.freeze(ckLateWindow(ref, gradYear, asOf)) });
        seasons.set(gradYear, s);
      }
      return s;
    },
    classStep1Deadline(gradYear) {
      let d = deadlines.get(gradYear);
      if (d === undefined) deadlines.set(gradYear, (d = Object.freeze(step1Deadline(ref, { gradYear, step1Deadline: null }, asOf))));
      return d;
    },
    reference(row) {
      let r = references.get(row);
      if (!r) references.set(row, (r = Object.freeze(specialtyReference(ref, row, asOf))));
      return r;
    },
  };
}
