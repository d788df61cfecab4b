import { describe, expect, it } from 'vitest';
import {
  applicationSeason,
  ckLateWindow,
  ckSafeDate,
  judgeScore,
  minimumPassingScore,
  nthWeekdayOfMonth,
  reportingLagDays,
  reviewDate,
  step1Deadline,
} from '../../src/shared/rules/timeline';
import { REF, student, withSettings } from './rules-fixtures';

describe('ERAS review date for season G', () => {
  it.each([
    // season, expected review date, why
    [2025, '2024-09-25', '4th Wednesday of September 2024 (1 Sep is a Sunday)'],
    [2026, '2025-09-24', 'the published AAMC date shipped as eras.reviewDate.2026'],
    [2027, '2026-09-23', '4th Wednesday of September 2026: RULES.md example for the class of 2027'],
    [2028, '2027-09-22', '1 Sep 2027 is itself a Wednesday'],
    [2029, '2028-09-27', '1 Sep 2028 is a Friday'],
    [2031, '2030-09-25', '1 Sep 2030 is a Sunday'],
  ])('season %i reviews from %s (%s)', (season, expected) => {
    expect(reviewDate(REF, season).date).toBe(expected);
  });

  it('uses the derived rule only until the office enters the published date', () => {
    expect(reviewDate(REF, 2027)).toMatchObject({ date: '2026-09-23', published: false });
    const ref = withSettings([{ key: 'eras.reviewDate.2027', kind: 'date', value: '2026-09-30', source: 'AAMC ERAS 2027 timeline' }]);
    expect(reviewDate(ref, 2027)).toEqual({ date: '2026-09-30', source: 'AAMC ERAS 2027 timeline', published: true });
  });

  it('derives from the editable month/weekday/occurrence settings, not literals', () => {
    const ref = withSettings([{ key: 'eras.defaultReview.nth', value: '1' }]);
    expect(reviewDate(ref, 2027).date).toBe('2026-09-02');
  });

  it('computes nth weekdays and refuses one that does not exist', () => {
    expect(nthWeekdayOfMonth(2026, 9, 3, 4)).toBe('2026-09-23');
    expect(nthWeekdayOfMonth(2026, 2, 0, 1)).toBe('2026-02-01');
    expect(nthWeekdayOfMonth(2026, 9, 3, 5)).toBe('2026-09-30');
    expect(() => nthWeekdayOfMonth(2026, 2, 3, 5)).toThrow(/no occurrence 5/);
  });

  it('the application season is the graduation year', () => {
    expect(applicationSeason(student({ gradYear: 2029 }))).toBe(2029);
  });
});

describe('CK safe date = review date − reporting lag', () => {
  it('is 2026-08-26 for the class of 2027 with the 4-week lag (RULES.md §2)', () => {
    expect(reportingLagDays(REF, '2026-03-01')).toBe(28);
    expect(ckSafeDate(REF, 2027, '2026-03-01')).toBe('2026-08-26');
  });

  it('moves to 2026-07-29 with the cautious 8-week lag', () => {
    const ref = withSettings([{ key: 'usmle.reportingLagWeeks', value: '8' }]);
    expect(ckSafeDate(ref, 2027, '2026-03-01')).toBe('2026-07-29');
  });
});

describe('Step 1 deadline', () => {
  it('defaults to 31 July of G−2', () => {
    expect(step1Deadline(REF, student({ gradYear: 2027 }), '2026-03-01')).toEqual({ date: '2025-07-31', origin: 'default' });
    expect(step1Deadline(REF, student({ gradYear: 2030 }), '2026-03-01')).toEqual({ date: '2028-07-31', origin: 'default' });
  });

  it("takes the class's date from Settings, and the student's own date over both", () => {
    const ref = withSettings([{ key: 'step1.deadline.2027', kind: 'date', value: '2025-06-30' }]);
    expect(step1Deadline(ref, student({ gradYear: 2027 }), '2026-03-01')).toEqual({ date: '2025-06-30', origin: 'class' });
    expect(step1Deadline(ref, student({ gradYear: 2028 }), '2026-03-01').origin).toBe('default');
    expect(step1Deadline(ref, student({ gradYear: 2027, step1Deadline: '2025-09-15' }), '2026-03-01')).toEqual({ date: '2025-09-15', origin: 'student' });
  });
});

describe('pass standards in force on a test date', () => {
  it.each([
    ['STEP2CK', '2022-06-30', 209],
    ['STEP2CK', '2022-07-01', 214],
    ['STEP2CK', '2025-06-30', 214],
    ['STEP2CK', '2025-07-01', 218],
    ['STEP3', '2023-12-31', 198],
    ['STEP3', '2024-01-01', 200],
    ['STEP1', '2022-01-25', 194],
    ['STEP1', '2022-01-26', 196],
    ['COMLEX2CE', '2025-01-01', 400],
  ] as const)('%s on %s: %i', (exam, date, expected) => {
    expect(minimumPassingScore(REF, exam, date)).toBe(expected);
  });

  it('has no 3-digit standard for COMLEX Level 1', () => {
    expect(minimumPassingScore(REF, 'COMLEX1', '2021-01-01')).toBeNull();
  });

  it('judges an outcome-less score by its date: a 215 in 2024 passed, a 215 in 2025-08 failed (RULES.md §3)', () => {
    expect(judgeScore(REF, 'STEP2CK', 215, '2024-03-10')).toBe('PASS');
    expect(judgeScore(REF, 'STEP2CK', 215, '2025-08-10')).toBe('FAIL');
    expect(judgeScore(REF, 'STEP2CK', 213, '2022-07-01')).toBe('FAIL');
    expect(judgeScore(REF, 'STEP2CK', 213, '2022-06-30')).toBe('PASS');
  });

  it('judges a score of unknown date only when every standard agrees', () => {
    expect(judgeScore(REF, 'STEP2CK', 218, null)).toBe('PASS');
    expect(judgeScore(REF, 'STEP2CK', 208, null)).toBe('FAIL');
    expect(judgeScore(REF, 'STEP2CK', 212, null)).toBeNull();
  });

  it('follows a new dated standard added by the office', () => {
    const ref = withSettings([{ key: 'step2ck.minPass', effectiveFrom: '2027-01-01', value: '222' }]);
    expect(minimumPassingScore(ref, 'STEP2CK', '2026-12-31')).toBe(218);
    expect(minimumPassingScore(ref, 'STEP2CK', '2027-01-01')).toBe(222);
  });
});

describe('CK_LATE window', () => {
  it('runs from 12 months before the review date to 31 March of G', () => {
    expect(ckLateWindow(REF, 2027, '2026-03-01')).toEqual({ from: '2025-09-23', to: '2027-03-31' });
    expect(ckLateWindow(REF, 2026, '2026-03-01')).toEqual({ from: '2024-09-24', to: '2026-03-31' });
  });
});
