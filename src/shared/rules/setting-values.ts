/**
 * What the office may store in a reference setting: values checked by kind (number, ISO date,
 * MM-DD) and, where a wrong number would break a rule rather than just change it, by range. Also the
 * setting families an office may add (a season's published review date, a class's Step 1 deadline).
 * Shared so the Settings page and the main process give the same answer.
 */
import { isIsoDate, parseCkBands, type SettingKind } from '../domain';
import { classStep1DeadlineKey, reviewDateKey } from './timeline';

interface NumberRange {
  pattern: RegExp;
  min: number;
  max: number;
  integer: boolean;
  what: string;
}

const RANGES: NumberRange[] = [
  { pattern: /^eras\.defaultReview\.month$/, min: 1, max: 12, integer: true, what: 'a month number 1–12' },
  { pattern: /^eras\.defaultReview\.weekday$/, min: 0, max: 6, integer: true, what: 'a weekday 0 (Sunday) to 6 (Saturday)' },
  // Every month has four of each weekday; a fifth is missing in most months.
  { pattern: /^eras\.defaultReview\.nth$/, min: 1, max: 4, integer: true, what: 'an occurrence 1–4' },
  { pattern: /^comlex2ce\.minPass$/, min: 1, max: 999, integer: true, what: 'a COMLEX 3-digit score 1–999' },
  { pattern: /^(step1\.passStandard|step2ck\.minPass|step3\.minPass|step2ck\.nationalMean|specialty\.tierDefault\.\w+)$/, min: 1, max: 300, integer: true, what: 'a USMLE 3-digit score 1–300' },
  { pattern: /^step2ck\.nationalSd$/, min: 1, max: 100, integer: false, what: 'a standard deviation 1–100' },
  { pattern: /^(usmle\.attemptLimit|comlex\.attemptLimit|attemptLimit\.\w+)$/, min: 1, max: 20, integer: true, what: 'a number of attempts 1–20' },
  { pattern: /^usmle\.reportingLagWeeks$/, min: 0, max: 52, integer: false, what: 'a number of weeks 0–52' },
  { pattern: /^readiness\.step1PassProbability$/, min: 0, max: 100, integer: false, what: 'a percentage 0–100' },
  { pattern: /^readiness\.\w+Days$/, min: 0, max: 730, integer: true, what: 'a number of days 0–730' },
  { pattern: /^(readiness\.\w+Margin|ck\.\w+Margin)$/, min: 0, max: 300, integer: true, what: 'a number of points 0–300' },
  { pattern: /^ckLate\.unscheduledWarningDays$/, min: 0, max: 730, integer: true, what: 'a number of days 0–730' },
  { pattern: /^ckLate\.windowMonths$/, min: 0, max: 36, integer: true, what: 'a number of months 0–36' },
  { pattern: /^step1\.deadlineYearsBeforeGrad$/, min: 0, max: 6, integer: true, what: 'a number of years 0–6' },
  // Issue 15: below 2 a suppressed cell would show single students; a program needs at least one past applicant.
  { pattern: /^outcomes\.suppressionThreshold$/, min: 2, max: 100, integer: true, what: 'a number of students 2–100' },
  { pattern: /^outcomes\.blockSeasons$/, min: 1, max: 10, integer: true, what: 'a number of seasons 1–10' },
  { pattern: /^outcomes\.programEvidenceMinimum$/, min: 1, max: 100, integer: true, what: 'a number of past applicants 1–100' },
];

/** Why `value` cannot be stored for this setting, or null when it can. */
export function settingValueProblem(key: string, kind: SettingKind, value: string): string | null {
  const v = value.trim();
  switch (kind) {
    case 'number': {
      if (!/^-?\d+(\.\d+)?$/.test(v)) return `${key} must be a number, got "${value}"`;
      const n = Number(v);
      const range = RANGES.find((r) => r.pattern.test(key));
      if (range) {
        if (range.integer && !Number.isInteger(n)) return `${key} must be a whole number (${range.what}), got ${v}`;
        if (n < range.min || n > range.max) return `${key} must be ${range.what}, got ${v}`;
      } else if (n < 0) return `${key} cannot be negative, got ${v}`;
      return null;
    }
    case 'date':
      return isIsoDate(v) ? null : `${key} must be a real date as YYYY-MM-DD, got "${value}"`;
    case 'monthDay':
      // Checked against a non-leap year: a yearly date of 02-29 would not exist most years.
      return /^\d{2}-\d{2}$/.test(v) && isIsoDate(`2001-${v}`) ? null : `${key} must be a day of the year as MM-DD (e.g. 07-31), got "${value}"`;
    case 'text':
      if (key === 'outcomes.ckBands' && !parseCkBands(v)) return `${key} must be ascending Step 2 CK scores separated by commas (e.g. 230,240,250,260), got "${value}"`;
      return v.length <= 500 ? null : `${key} is longer than 500 characters`;
  }
}

/** A setting an office may add that is not seeded: one published date per season or class. */
export interface SettingFamily {
  kind: SettingKind;
  label: string;
  /** Extra check on the value (beyond its kind), or null. */
  check(value: string): string | null;
}

export function settingFamily(key: string): SettingFamily | null {
  const season = /^eras\.reviewDate\.(\d{4})$/.exec(key);
  if (season && key === reviewDateKey(Number(season[1]))) {
    const g = Number(season[1]);
    return {
      kind: 'date',
      label: `ERAS ${g} season: programs may review applications from`,
      // ERAS season G opens in the autumn of G−1: a date in any other year is a typo.
      check: (value) => (value.startsWith(`${g - 1}-`) ? null : `the ERAS ${g} review date should fall in ${g - 1}, got ${value}`),
    };
  }
  const cls = /^step1\.deadline\.(\d{4})$/.exec(key);
  if (cls && key === classStep1DeadlineKey(Number(cls[1]))) {
    const g = Number(cls[1]);
    return {
      kind: 'date',
      label: `Class of ${g}: Step 1 deadline`,
      check: (value) => (value < `${g}-07-01` ? null : `the class of ${g} Step 1 deadline should be before graduation, got ${value}`),
    };
  }
  return null;
}

/** Optional settings (a family) may lose their only row: the rules fall back to the derived default. */
export function isOptionalSetting(key: string): boolean {
  return settingFamily(key) !== null;
}
