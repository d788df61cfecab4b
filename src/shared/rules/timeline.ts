/**
 * The student's timeline (RULES.md §2) and the pass standards in force on a date (RULES.md §1):
 * every number comes from the office's reference data, never from a literal here.
 */
import { addDays, addMonths, isIsoDate, type ExamCode, type Setting, type Student } from '../domain';
import { numberSetting, settingInForce, textSetting, type ReferenceData } from './reference';

/** RULES.md §2: a student graduating in year G applies in ERAS season G. */
export function applicationSeason(student: Pick<Student, 'gradYear'>): number {
  return student.gradYear;
}

/** The nth given weekday (0 = Sunday) of a month, e.g. the 4th Wednesday of September 2026 = 2026-09-23. */
export function nthWeekdayOfMonth(year: number, month: number, weekday: number, nth: number): string {
  const firstWeekday = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const day = 1 + ((weekday - firstWeekday + 7) % 7) + 7 * (nth - 1);
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > last) throw new Error(`There is no occurrence ${nth} of weekday ${weekday} in ${year}-${String(month).padStart(2, '0')}; check the ERAS review settings.`);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export const reviewDateKey = (season: number) => `eras.reviewDate.${season}`;
export const classStep1DeadlineKey = (gradYear: number) => `step1.deadline.${gradYear}`;

export interface ReviewDate {
  date: string;
  /** Where the date came from, for messages and the Sources sheet. */
  source: string;
  /** True when an office-entered (or shipped) published date was used, false when derived. */
  published: boolean;
}

/**
 * The date programs may start reviewing applications for season G: the published date the office
 * entered (`eras.reviewDate.<G>`), else the derived default, the 4th Wednesday of September of G−1
 * (RULES.md §1 "Later seasons", from the AAMC dates of 2024 and 2025).
 */
export function reviewDate(ref: ReferenceData, season: number): ReviewDate {
  const published = settingInForce(ref, reviewDateKey(season));
  if (published) return { date: published.value, source: published.source, published: true };
  const month = numberSetting(ref, 'eras.defaultReview.month');
  const nth = numberSetting(ref, 'eras.defaultReview.nth');
  const weekday = numberSetting(ref, 'eras.defaultReview.weekday');
  const source = settingInForce(ref, 'eras.defaultReview.month')?.source ?? '';
  return { date: nthWeekdayOfMonth(season - 1, month, weekday, nth), source, published: false };
}

/** USMLE score reporting lag in days (the setting is in weeks), as in force on `asOf`. */
export function reportingLagDays(ref: ReferenceData, asOf: string): number {
  return Math.round(numberSetting(ref, 'usmle.reportingLagWeeks', asOf) * 7);
}

/** RULES.md §2: a CK taken by this date reports by the review date (review date − reporting lag). */
export function ckSafeDate(ref: ReferenceData, season: number, asOf: string): string {
  return addDays(reviewDate(ref, season).date, -reportingLagDays(ref, asOf));
}

export interface Step1Deadline {
  date: string;
  /** 'student' = the student's own override, 'class' = the class's date in Settings, 'default' = 31 July of G−2. */
  origin: 'student' | 'class' | 'default';
}

/**
 * RULES.md §2: "set per class; default 31 July of year G−2". A student's own deadline wins; else
 * the class's date if the office entered one (`step1.deadline.<G>`); else the default rule.
 */
export function step1Deadline(ref: ReferenceData, student: Pick<Student, 'gradYear' | 'step1Deadline'>, asOf: string): Step1Deadline {
  if (student.step1Deadline) return { date: student.step1Deadline, origin: 'student' };
  const perClass = settingInForce(ref, classStep1DeadlineKey(student.gradYear));
  if (perClass) return { date: perClass.value, origin: 'class' };
  return { date: defaultStep1Deadline(ref, student.gradYear, asOf), origin: 'default' };
}

export function defaultStep1Deadline(ref: ReferenceData, gradYear: number, asOf: string): string {
  const yearsBefore = numberSetting(ref, 'step1.deadlineYearsBeforeGrad', asOf);
  const monthDay = textSetting(ref, 'step1.deadlineMonthDay', asOf);
  const date = `${gradYear - yearsBefore}-${monthDay}`;
  if (!isIsoDate(date)) throw new Error(`The default Step 1 deadline ${date} is not a real date; check "step1.deadlineMonthDay".`);
  return date;
}

/**
 * CK_LATE is checked from `ckLate.windowMonths` months before the review date until
 * `ckLate.windowEndMonthDay` of the graduation year (RULES.md §4: 12 months, 31 March), both days included.
 */
export function ckLateWindow(ref: ReferenceData, season: number, asOf: string): { from: string; to: string } {
  const months = numberSetting(ref, 'ckLate.windowMonths', asOf);
  const endMonthDay = textSetting(ref, 'ckLate.windowEndMonthDay', asOf);
  return { from: addMonths(reviewDate(ref, season).date, -months), to: `${season}-${endMonthDay}` };
}

/**
 * The setting that holds each exam's 3-digit pass standard. COMLEX Level 1 has none in RULES.md:
 * a score-only COMLEX Level 1 attempt cannot be judged and is left for the advisor.
 */
const PASS_STANDARD_KEYS: Partial<Record<ExamCode, string>> = {
  STEP1: 'step1.passStandard',
  STEP2CK: 'step2ck.minPass',
  STEP3: 'step3.minPass',
  COMLEX2CE: 'comlex2ce.minPass',
};

/** The minimum passing 3-digit score in force on a test date (RULES.md §1), or null when none is recorded. */
export function minimumPassingScore(ref: ReferenceData, exam: ExamCode, testDate: string): number | null {
  const key = PASS_STANDARD_KEYS[exam];
  return key ? numberSetting(ref, key, testDate) : null;
}

/** The pass-standard row in force on a date, with its source (for a chart's cited reference line). */
export function passStandardInForce(ref: ReferenceData, exam: ExamCode, date: string): Setting | null {
  const key = PASS_STANDARD_KEYS[exam];
  return key ? settingInForce(ref, key, date) : null;
}

/** Every value the pass standard has taken (all effective dates): for a score whose test date is unknown. */
export function passingScoreRange(ref: ReferenceData, exam: ExamCode): { min: number; max: number } | null {
  const key = PASS_STANDARD_KEYS[exam];
  if (!key) return null;
  const values = ref.settings.filter((s) => s.key === key).map((s) => Number(s.value));
  return values.length ? { min: Math.min(...values), max: Math.max(...values) } : null;
}

/**
 * RULES.md §3: a score without an outcome is judged against the standard in force on its test date
 * (a CK 215 in 2024 passed; a 215 in 2025-08 failed). With the date unknown, the score is judged
 * only when every standard ever in force agrees; otherwise the result is null (cannot tell).
 */
export function judgeScore(ref: ReferenceData, exam: ExamCode, score: number, testDate: string | null): 'PASS' | 'FAIL' | null {
  if (testDate) {
    const min = minimumPassingScore(ref, exam, testDate);
    return min === null ? null : score >= min ? 'PASS' : 'FAIL';
  }
  const range = passingScoreRange(ref, exam);
  if (!range) return null;
  if (score >= range.max) return 'PASS';
  if (score < range.min) return 'FAIL';
  return null;
}
