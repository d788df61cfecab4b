import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/shared/domain';
import { attempt, BASE_AS_OF, evaluate, flagOf, practice, severityOf, withSettings, type Case } from './rules-fixtures';

const ck = () => attempt('STEP2CK', '2026-06-15', 'SCHEDULED');

describe('STEP1_FAIL: any Step 1 attempt failed', () => {
  it.each<[string, Case, string | null]>([
    ['a failure, not yet passed', { attempts: [attempt('STEP1', '2025-05-01', 'FAIL'), ck()] }, 'critical'],
    ['a failure, retake scheduled', { attempts: [attempt('STEP1', '2025-05-01', 'FAIL'), attempt('STEP1', '2026-04-01', 'SCHEDULED'), ck()] }, 'critical'],
    ['a failure, then passed', { attempts: [attempt('STEP1', '2025-05-01', 'FAIL'), attempt('STEP1', '2025-07-20', 'PASS'), ck()] }, 'high'],
    ['a failure of unknown date, then passed', { attempts: [attempt('STEP1', null, 'FAIL'), attempt('STEP1', '2025-07-20', 'PASS'), ck()] }, 'high'],
    ['a 3-digit score below the 194 standard in force in 2021', { attempts: [attempt('STEP1', '2021-05-01', null, 190), ck()] }, 'critical'],
    ['a 195 on 2022-01-25 (standard 194): a pass', { attempts: [attempt('STEP1', '2022-01-25', null, 195), ck()] }, null],
    ['a 195 on 2022-01-26 (standard 196): a failure', { attempts: [attempt('STEP1', '2022-01-26', null, 195), ck()] }, 'critical'],
    ['an incomplete attempt is unsuccessful but not a failure', { attempts: [attempt('STEP1', '2025-05-01', 'INCOMPLETE'), attempt('STEP1', '2025-07-01', 'PASS'), ck()] }, null],
    ['a pending result is not a failure', { attempts: [attempt('STEP1', '2026-02-20', 'PENDING'), ck()] }, null],
    ['only passes', {}, null],
  ])('%s → %s', (_why, c, expected) => {
    expect(severityOf(c, 'STEP1_FAIL')).toBe(expected);
  });

  it('a COMLEX Level 1 failure is not a Step 1 failure (RULES.md §2 equates COMLEX only for the deadline and CK_LATE)', () => {
    const c: Case = { student: { applicantType: 'US_DO' }, attempts: [attempt('COMLEX1', '2025-04-01', 'FAIL'), attempt('COMLEX1', '2025-06-20', 'PASS'), ck()] };
    expect(severityOf(c, 'STEP1_FAIL')).toBeNull();
  });

  it('names the dates and the pass', () => {
    const ev = evaluate({ attempts: [attempt('STEP1', '2025-05-01', 'FAIL'), attempt('STEP1', '2025-07-20', 'PASS'), ck()] });
    expect(flagOf(ev, 'STEP1_FAIL')!.message).toBe('Step 1 failed once (2025-05-01); passed on 2025-07-20');
    const critical = evaluate({ attempts: [attempt('STEP1', '2025-05-01', 'FAIL'), attempt('STEP1', '2026-04-01', 'SCHEDULED'), ck()] });
    expect(flagOf(critical, 'STEP1_FAIL')!.message).toBe(`Step 1 failed once (2025-05-01); not passed as of ${BASE_AS_OF}; next attempt scheduled for 2026-04-01`);
  });
});

describe('ATTEMPT_LIMIT (USMLE): on one USMLE Step not yet passed, unsuccessful attempts ≥ 2', () => {
  it.each<[string, Case, string | null]>([
    ['one failure', { attempts: [attempt('STEP1', '2025-05-01', 'FAIL'), ck()] }, null],
    ['two failures', { attempts: [attempt('STEP1', '2025-03-01', 'FAIL'), attempt('STEP1', '2025-06-01', 'FAIL'), ck()] }, 'high'],
    ['a failure and an incomplete (incomplete attempts count)', { attempts: [attempt('STEP1', '2025-03-01', 'INCOMPLETE'), attempt('STEP1', '2025-06-01', 'FAIL'), ck()] }, 'high'],
    ['two incompletes', { attempts: [attempt('STEP1', '2025-03-01', 'INCOMPLETE'), attempt('STEP1', '2025-06-01', 'INCOMPLETE'), ck()] }, 'high'],
    ['three failures, one attempt left of 4', { attempts: [attempt('STEP1', null, 'FAIL'), attempt('STEP1', '2025-03-01', 'FAIL'), attempt('STEP1', '2025-06-01', 'FAIL'), ck()] }, 'critical'],
    ['two failures then a pass', { attempts: [attempt('STEP1', '2025-03-01', 'FAIL'), attempt('STEP1', '2025-06-01', 'FAIL'), attempt('STEP1', '2025-09-01', 'PASS'), ck()] }, null],
    ['two Step 2 CK failures', { attempts: [attempt('STEP1', '2025-05-01', 'PASS'), attempt('STEP2CK', '2025-08-01', 'FAIL', 205), attempt('STEP2CK', '2025-11-01', null, 212)] }, 'high'],
    ['two Step 3 failures', { attempts: [attempt('STEP1', '2025-05-01', 'PASS'), ck(), attempt('STEP3', '2025-08-01', 'FAIL'), attempt('STEP3', '2025-11-01', 'FAIL')] }, 'high'],
    ['one Step 1 and one CK failure: the limit is per Step', { attempts: [attempt('STEP1', '2025-03-01', 'FAIL'), attempt('STEP1', '2025-06-01', 'PASS'), attempt('STEP2CK', '2025-12-01', 'FAIL', 210), ck()] }, null],
    ['two COMLEX Level 1 failures: a COMLEX level counts too (rules-flags-comlex.test.ts)', { student: { applicantType: 'US_DO' }, attempts: [attempt('COMLEX1', '2025-03-01', 'FAIL'), attempt('COMLEX1', '2025-06-01', 'FAIL'), ck()] }, 'high'],
    ['one Step 1 and one COMLEX Level 1 failure: the limit is per exam', { student: { applicantType: 'US_DO' }, attempts: [attempt('STEP1', '2025-03-01', 'FAIL'), attempt('COMLEX1', '2025-06-01', 'FAIL'), ck()] }, null],
  ])('%s → %s', (_why, c, expected) => {
    expect(severityOf(c, 'ATTEMPT_LIMIT')).toBe(expected);
  });

  it('says how many attempts are left, per Step, and takes the worst severity', () => {
    const ev = evaluate({
      attempts: [
        attempt('STEP1', null, 'FAIL'),
        attempt('STEP1', '2025-03-01', 'INCOMPLETE'),
        attempt('STEP1', '2025-06-01', 'FAIL'),
        attempt('STEP2CK', '2025-08-01', 'FAIL', 205),
        attempt('STEP2CK', '2025-11-01', 'FAIL', 210),
      ],
    });
    const f = flagOf(ev, 'ATTEMPT_LIMIT')!;
    expect(f.severity).toBe('critical');
    expect(f.message).toBe(
      'Step 1: 3 unsuccessful attempts (failed date unknown, incomplete 2025-03-01, failed 2025-06-01), not passed; 1 attempt left of 4; Step 2 CK: 2 unsuccessful attempts (failed 2025-08-01, failed 2025-11-01), not passed; 2 attempts left of 4',
    );
  });

  it('follows the attempt-limit settings', () => {
    const c: Case = { attempts: [attempt('STEP1', '2025-03-01', 'FAIL'), attempt('STEP1', '2025-06-01', 'FAIL'), ck()] };
    expect(severityOf({ ...c, ref: withSettings([{ key: 'attemptLimit.criticalAt', value: '2' }]) }, 'ATTEMPT_LIMIT')).toBe('critical');
  });
});

describe('STEP1_LATE: Step 1 not passed by the class deadline (default 31 July of G−2 = 2025-07-31 for 2027)', () => {
  it.each<[string, Case, string | null]>([
    ['not passed, the deadline day itself', { attempts: [ck()], asOf: '2025-07-31' }, null],
    ['not passed, the day after the deadline', { attempts: [ck()], asOf: '2025-08-01' }, 'high'],
    ['not passed, retake booked, deadline gone', { attempts: [attempt('STEP1', '2025-06-01', 'FAIL'), attempt('STEP1', '2026-04-01', 'SCHEDULED'), ck()] }, 'high'],
    ['passed on the deadline day', { attempts: [attempt('STEP1', '2025-07-31', 'PASS'), ck()] }, null],
    ['passed the day after the deadline', { attempts: [attempt('STEP1', '2025-08-01', 'PASS'), ck()] }, 'low'],
    ['passed late, evaluated before the deadline had passed', { attempts: [ck()], asOf: '2025-06-01' }, null],
    ['own deadline 2025-09-01, passed 2025-08-15', { student: { step1Deadline: '2025-09-01' }, attempts: [attempt('STEP1', '2025-08-15', 'PASS'), ck()] }, null],
    ['own deadline 2025-06-30, passed 2025-07-15', { student: { step1Deadline: '2025-06-30' }, attempts: [attempt('STEP1', '2025-07-15', 'PASS'), ck()] }, 'low'],
    ['class deadline in Settings 2025-06-30, passed 2025-07-15', { ref: withSettings([{ key: 'step1.deadline.2027', kind: 'date', value: '2025-06-30' }]), attempts: [attempt('STEP1', '2025-07-15', 'PASS'), ck()] }, 'low'],
    ['US DO: a COMLEX Level 1 pass on time meets the deadline', { student: { applicantType: 'US_DO' }, attempts: [attempt('COMLEX1', '2025-06-01', 'PASS'), ck()] }, null],
    ['US DO: COMLEX Level 1 on time, USMLE Step 1 later', { student: { applicantType: 'US_DO' }, attempts: [attempt('COMLEX1', '2025-06-01', 'PASS'), attempt('STEP1', '2025-10-01', 'PASS'), ck()] }, null],
    ['US MD: a COMLEX Level 1 pass does not count', { attempts: [attempt('COMLEX1', '2025-06-01', 'PASS'), ck()] }, 'high'],
    ['result pending since before the deadline, still no pass', { attempts: [attempt('STEP1', '2025-07-20', 'PENDING'), ck()], asOf: '2025-08-05' }, 'high'],
  ])('%s → %s', (_why, c, expected) => {
    expect(severityOf(c, 'STEP1_LATE')).toBe(expected);
  });

  it('does not guess when the pass date is unknown: no flag, and the date is listed as missing', () => {
    const ev = evaluate({ attempts: [attempt('STEP1', null, 'PASS'), ck()] });
    expect(flagOf(ev, 'STEP1_LATE')).toBeUndefined();
    expect(ev.missing).toContain('Step 1 pass date');
  });

  it('names the deadline and how late', () => {
    expect(flagOf(evaluate({ attempts: [attempt('STEP1', '2025-08-20', 'PASS'), ck()] }), 'STEP1_LATE')!.message).toBe(
      'Step 1 passed on 2025-08-20, 20 days after the class of 2027 deadline 2025-07-31',
    );
    expect(flagOf(evaluate({ attempts: [attempt('STEP1', '2025-07-25', 'SCHEDULED'), ck()], asOf: '2025-08-05' }), 'STEP1_LATE')!.message).toBe(
      'Step 1 not passed by the class of 2027 deadline 2025-07-31 (5 days ago as of 2025-08-05); result pending from 2025-07-25',
    );
  });
});

describe('STEP1_NOT_READY: Step 1 within 42 days, the two latest practice results (last 60 days) vs the readiness line', () => {
  // Class of 2028: Step 1 still ahead, deadline 2026-07-31, CK_LATE not yet in its window.
  const asOf = BASE_AS_OF;
  const examIn = (days: number) => attempt('STEP1', addDays(asOf, days), 'SCHEDULED');
  const daysAgo = (d: number) => addDays(asOf, -d);
  const c = (examDays: number, results: ReturnType<typeof practice>[]): Case => ({ student: { gradYear: 2028 }, attempts: [examIn(examDays)], practice: results });

  it.each<[string, Case, string | null]>([
    ['two results at the line (206 = 196 + 10, and 70%)', c(30, [practice('STEP1', 'NBME 30', daysAgo(10), 206), practice('STEP1', 'NBME 31', daysAgo(3), null, 70)]), null],
    ['latest at 205: one point below the line', c(30, [practice('STEP1', 'NBME 30', daysAgo(10), 220), practice('STEP1', 'NBME 31', daysAgo(3), 205)]), 'high'],
    ['latest at 69% pass probability', c(30, [practice('STEP1', 'NBME 30', daysAgo(10), null, 90), practice('STEP1', 'NBME 31', daysAgo(3), null, 69)]), 'high'],
    ['only one result, below the line', c(30, [practice('STEP1', 'NBME 31', daysAgo(3), null, 40)]), 'high'],
    ['only one result, at the line', c(30, [practice('STEP1', 'NBME 31', daysAgo(3), null, 80)]), 'medium'],
    ['no results at all', c(30, []), 'medium'],
    ['the older of three below, the latest two at the line', c(30, [practice('STEP1', 'NBME 29', daysAgo(20), null, 30), practice('STEP1', 'NBME 30', daysAgo(10), null, 75), practice('STEP1', 'NBME 31', daysAgo(3), null, 80)]), null],
    ['the second latest below', c(30, [practice('STEP1', 'NBME 30', daysAgo(10), null, 50), practice('STEP1', 'NBME 31', daysAgo(3), null, 80)]), 'high'],
    ['exam in exactly 42 days', c(42, []), 'medium'],
    ['exam in 43 days', c(43, []), null],
    ['exam today', c(0, []), 'medium'],
    ['a result exactly 60 days old still counts', c(30, [practice('STEP1', 'NBME 30', daysAgo(60), null, 90), practice('STEP1', 'NBME 31', daysAgo(3), null, 80)]), null],
    ['a result 61 days old does not', c(30, [practice('STEP1', 'NBME 30', daysAgo(61), null, 90), practice('STEP1', 'NBME 31', daysAgo(3), null, 80)]), 'medium'],
    ['a result dated after the as-of date does not', c(30, [practice('STEP1', 'NBME 30', daysAgo(5), null, 90), practice('STEP1', 'NBME 31', addDays(asOf, 2), null, 80)]), 'medium'],
    ['Step 2 CK practice does not count for Step 1', c(30, [practice('STEP2CK', 'NBME 12', daysAgo(5), 250), practice('STEP2CK', 'NBME 13', daysAgo(3), 255)]), 'medium'],
  ])('%s → %s', (_why, cse, expected) => {
    expect(severityOf(cse, 'STEP1_NOT_READY')).toBe(expected);
  });

  it('no Step 1 booked: nothing to be ready for', () => {
    expect(severityOf({ student: { gradYear: 2028 }, attempts: [] }, 'STEP1_NOT_READY')).toBeNull();
  });

  it('a Step 1 date already gone and still SCHEDULED is treated as taken (awaiting its result), not as upcoming', () => {
    const ev = evaluate({ student: { gradYear: 2028 }, attempts: [attempt('STEP1', daysAgo(1), 'SCHEDULED')] });
    expect(flagOf(ev, 'STEP1_NOT_READY')).toBeUndefined();
  });

  it('names the exam date, the results and the line', () => {
    const ev = evaluate(c(30, [practice('STEP1', 'NBME 30', daysAgo(10), 220), practice('STEP1', 'NBME 31', daysAgo(3), null, 55)]));
    expect(flagOf(ev, 'STEP1_NOT_READY')!.message).toBe(
      'Step 1 on 2026-03-31 (in 30 days): NBME 31 on 2026-02-26 55% pass probability is below the readiness line 206 or 70% pass probability',
    );
  });

  it('uses the pass standard in force on the exam date', () => {
    const ref = withSettings([{ key: 'step1.passStandard', effectiveFrom: '2026-03-15', value: '200' }]);
    const results = [practice('STEP1', 'NBME 30', daysAgo(10), 208), practice('STEP1', 'NBME 31', daysAgo(3), 209)];
    expect(severityOf({ ...c(10, results), ref }, 'STEP1_NOT_READY')).toBeNull();
    expect(severityOf({ ...c(20, results), ref }, 'STEP1_NOT_READY')).toBe('high');
  });
});
