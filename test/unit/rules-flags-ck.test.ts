import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/shared/domain';
import { attempt, BASE_AS_OF, evaluate, flagOf, practice, REF, severityOf, withSettings, type Case } from './rules-fixtures';

const step1 = () => attempt('STEP1', '2025-05-01', 'PASS');
/** Class of 2027 with a CK result from January 2026 (reported long before the safe date 2026-08-26). */
const withCk = (ck: ReturnType<typeof attempt>[], over: Partial<Case> = {}): Case => ({ attempts: [step1(), ...ck], ...over });

describe('CK_FAIL: outcome FAIL, or a score below the standard in force on its date', () => {
  it.each<[string, Case, string | null]>([
    ['a recorded failure, not passed since', withCk([attempt('STEP2CK', '2025-12-01', 'FAIL', 210), attempt('STEP2CK', '2026-05-01', 'SCHEDULED')]), 'critical'],
    ['a recorded failure, then passed', withCk([attempt('STEP2CK', '2025-08-01', 'FAIL', 210), attempt('STEP2CK', '2025-12-01', 'PASS', 231)]), 'high'],
    ['a 215 in 2025-08 (standard 218): failed', withCk([attempt('STEP2CK', '2025-08-10', null, 215), attempt('STEP2CK', '2026-05-01', 'SCHEDULED')]), 'critical'],
    ['a 215 in 2024 (standard 214): passed', withCk([attempt('STEP2CK', '2024-03-10', null, 215)]), null],
    ['a 213 on 2022-06-30 (standard 209): passed', withCk([attempt('STEP2CK', '2022-06-30', null, 213)]), null],
    ['a 213 on 2022-07-01 (standard 214): failed', withCk([attempt('STEP2CK', '2022-07-01', null, 213), attempt('STEP2CK', '2022-10-01', 'PASS', 230)]), 'high'],
    ['a 217 on 2025-06-30 (standard 214): passed', withCk([attempt('STEP2CK', '2025-06-30', null, 217)]), null],
    ['a 217 on 2025-07-01 (standard 218): failed', withCk([attempt('STEP2CK', '2025-07-01', null, 217), attempt('STEP2CK', '2026-05-01', 'SCHEDULED')]), 'critical'],
    ['a score of unknown date between standards: cannot tell', withCk([attempt('STEP2CK', null, null, 212), attempt('STEP2CK', '2026-05-01', 'SCHEDULED')]), null],
    ['a score of unknown date below every standard: failed', withCk([attempt('STEP2CK', null, null, 200), attempt('STEP2CK', '2025-12-01', 'PASS', 240)]), 'high'],
    ['a COMLEX Level 2-CE failure is not a CK failure', withCk([attempt('COMLEX2CE', '2025-12-01', 'FAIL', 380), attempt('STEP2CK', '2026-05-01', 'SCHEDULED')], { student: { applicantType: 'US_DO' } }), null],
  ])('%s → %s', (_why, c, expected) => {
    expect(severityOf(c, 'CK_FAIL')).toBe(expected);
  });

  it('names the score and the standard it missed', () => {
    const ev = evaluate(withCk([attempt('STEP2CK', '2025-08-10', null, 215), attempt('STEP2CK', '2025-11-10', 'PASS', 236)]));
    expect(flagOf(ev, 'CK_FAIL')!.message).toBe('Step 2 CK failed once (2025-08-10, score 215 below the 218 then required); passed on 2025-11-10 with 236');
  });

  it('lists a score it cannot judge as missing its test date', () => {
    const ev = evaluate(withCk([attempt('STEP2CK', null, null, 212), attempt('STEP2CK', '2026-05-01', 'SCHEDULED')]));
    expect(ev.missing).toContain('test date of the Step 2 CK score 212');
  });
});

describe('CK_BELOW_TARGET: passing CK score below the target specialty reference', () => {
  const derm = (score: number): Case => withCk([attempt('STEP2CK', '2026-01-10', 'PASS', score)], { student: { targetSpecialty: 'Dermatology' } });
  it.each<[string, Case, string | null]>([
    ['Dermatology 258, CK 258: at the reference', derm(258), null],
    ['CK 259: above', derm(259), null],
    ['CK 257: 1 below', derm(257), 'medium'],
    ['CK 248: exactly 10 below', derm(248), 'medium'],
    ['CK 247: 11 below', derm(247), 'high'],
    ['typed as "Derm"', withCk([attempt('STEP2CK', '2026-01-10', 'PASS', 247)], { student: { targetSpecialty: 'Derm' } }), 'high'],
    ['ENT 261, CK 255', withCk([attempt('STEP2CK', '2026-01-10', 'PASS', 255)], { student: { targetSpecialty: 'ENT' } }), 'medium'],
    ['Urology (tier default 250), CK 239', withCk([attempt('STEP2CK', '2026-01-10', 'PASS', 239)], { student: { targetSpecialty: 'Urology' } }), 'high'],
    ['outcome-less 240 in 2026 judged a pass, Dermatology', withCk([attempt('STEP2CK', '2026-01-10', null, 240)], { student: { targetSpecialty: 'Dermatology' } }), 'high'],
    ['the best passing score counts', withCk([attempt('STEP2CK', '2025-08-01', 'FAIL', 210), attempt('STEP2CK', '2026-01-10', 'PASS', 250)], { student: { targetSpecialty: 'Dermatology' } }), 'medium'],
    ['a failing score is not "the passing CK score"', withCk([attempt('STEP2CK', '2026-01-10', 'FAIL', 210), attempt('STEP2CK', '2026-05-01', 'SCHEDULED')], { student: { targetSpecialty: 'Dermatology' } }), null],
    ['no target recorded', withCk([attempt('STEP2CK', '2026-01-10', 'PASS', 230)], { student: { targetSpecialty: null } }), null],
    ['target not in the table', withCk([attempt('STEP2CK', '2026-01-10', 'PASS', 230)], { student: { targetSpecialty: 'Underwater Medicine' } }), null],
    ['COMLEX 2-CE only (the references are USMLE)', withCk([attempt('COMLEX2CE', '2026-01-10', 'PASS', 450)], { student: { applicantType: 'US_DO', targetSpecialty: 'Dermatology' } }), null],
  ])('%s → %s', (_why, c, expected) => {
    expect(severityOf(c, 'CK_BELOW_TARGET')).toBe(expected);
  });

  it('names the score, the gap, the reference and its source', () => {
    expect(flagOf(evaluate(derm(238)), 'CK_BELOW_TARGET')!.message).toBe('Step 2 CK 238 is 20 below the Dermatology reference 258 (NRMP Charting Outcomes 2026)');
    const uro = evaluate(withCk([attempt('STEP2CK', '2026-01-10', 'PASS', 245)], { student: { targetSpecialty: 'Uro' } }));
    expect(flagOf(uro, 'CK_BELOW_TARGET')!.message).toBe(
      "Step 2 CK 245 is 5 below the Urology reference 250 (tier default for highly competitive specialties, the guide's illustrative ranges)",
    );
  });

  it('says what is missing when it cannot judge', () => {
    expect(evaluate(withCk([attempt('STEP2CK', '2026-01-10', 'PASS', 230)], { student: { targetSpecialty: null } })).missing).toContain('target specialty');
    expect(evaluate(withCk([attempt('STEP2CK', '2026-01-10', 'PASS', 230)], { student: { targetSpecialty: 'Underwater Medicine' } })).missing).toContain(
      'target specialty not in the reference table',
    );
    const noScore = evaluate(withCk([attempt('STEP2CK', '2026-01-10', 'PASS', null)], { student: { targetSpecialty: 'Dermatology' } }));
    expect(flagOf(noScore, 'CK_BELOW_TARGET')).toBeUndefined();
    expect(noScore.missing).toContain('Step 2 CK score');
  });

  it('follows an edited reference score', () => {
    const ref = withSettings([]);
    const edited = { settings: ref.settings, specialties: ref.specialties.map((s) => (s.name === 'Dermatology' ? { ...s, referenceCk: 262 } : s)) };
    expect(severityOf({ ...derm(252), ref: edited }, 'CK_BELOW_TARGET')).toBe('medium');
    expect(severityOf(derm(252), 'CK_BELOW_TARGET')).toBe('medium');
    expect(severityOf({ ...derm(251), ref: edited }, 'CK_BELOW_TARGET')).toBe('high');
  });
});

describe('CK_LATE: no passing CK reported by the review date (class of 2027: review 2026-09-23, safe date 2026-08-26)', () => {
  const ck = (date: string, outcome: 'SCHEDULED' | 'PENDING' | 'PASS', score: number | null = null) => attempt('STEP2CK', date, outcome, score);
  /** 150 days (ckLate.unscheduledWarningDays) before the safe date 2026-08-26: (b) is a low reminder before this day. */
  const WARN_FROM = '2026-03-29';
  const soon = '2026-04-01';
  it.each<[string, Case, string | null]>([
    ['no CK at all, earlier than 150 days before the safe date: a planning reminder', { attempts: [step1()] }, 'low'],
    ['no CK at all, within 150 days of the safe date', { attempts: [step1()], asOf: soon }, 'medium'],
    ['scheduled on the safe date: reports on the review date', { attempts: [step1(), ck('2026-08-26', 'SCHEDULED')] }, null],
    ['scheduled the day after the safe date', { attempts: [step1(), ck('2026-08-27', 'SCHEDULED')] }, 'medium'],
    ['taken on the safe date, result pending', { attempts: [step1(), ck('2026-08-26', 'PENDING')], asOf: '2026-09-01' }, null],
    ['taken the day after the safe date, result pending', { attempts: [step1(), ck('2026-08-27', 'PENDING')], asOf: '2026-09-01' }, 'medium'],
    ['booked for a day already gone, still SCHEDULED: treated as taken', { attempts: [step1(), ck('2026-08-27', 'SCHEDULED')], asOf: '2026-09-01' }, 'medium'],
    ['passed on the safe date', { attempts: [step1(), ck('2026-08-26', 'PASS', 245)], asOf: '2026-10-01' }, null],
    ['passed the day after the safe date', { attempts: [step1(), ck('2026-08-27', 'PASS', 245)], asOf: '2026-10-01' }, 'medium'],
    ['passed long ago, date unknown', { attempts: [step1(), attempt('STEP2CK', null, 'PASS', 245)] }, null],
    ['failed, no retake booked, within 150 days of the safe date', { attempts: [step1(), attempt('STEP2CK', '2025-12-01', 'FAIL', 210)], asOf: soon }, 'high'],
    ['failed, no retake booked, earlier: still only a planning reminder', { attempts: [step1(), attempt('STEP2CK', '2025-12-01', 'FAIL', 210)] }, 'low'],
    ['scheduled after the safe date, earlier than 150 days before it: (a) is never only a reminder', { attempts: [step1(), ck('2026-09-10', 'SCHEDULED')] }, 'medium'],
    ['result pending, date unknown: not "not scheduled", listed as missing', { attempts: [step1(), attempt('STEP2CK', null, 'PENDING')] }, null],
    ['failed, retake booked in time', { attempts: [step1(), attempt('STEP2CK', '2025-12-01', 'FAIL', 210), ck('2026-06-01', 'SCHEDULED')] }, null],
    ['two bookings: the earlier one reports in time', { attempts: [step1(), ck('2026-10-01', 'SCHEDULED'), ck('2026-07-01', 'SCHEDULED')] }, null],
  ])('%s → %s', (_why, c, expected) => {
    expect(severityOf(c, 'CK_LATE')).toBe(expected);
  });

  it.each<[string, string, string | null]>([
    ['the day before the window opens (12 months before the review date)', '2025-09-22', null],
    ['the day the window opens (not scheduled, long before the safe date: a reminder)', '2025-09-23', 'low'],
    ['the review date itself', '2026-09-23', 'medium'],
    ['31 March of the graduation year', '2027-03-31', 'medium'],
    ['1 April of the graduation year', '2027-04-01', null],
  ])('window: %s (%s) → %s', (_why, asOf, expected) => {
    expect(severityOf({ attempts: [step1()], asOf }, 'CK_LATE')).toBe(expected);
  });

  it.each<[string, string, string, string]>([
    ['the day before the warning starts (151 days before the safe date)', addDays(WARN_FROM, -1), 'low', 'low'],
    ['the day the warning starts (150 days before the safe date)', WARN_FROM, 'medium', 'high'],
    ['the day after the warning starts', addDays(WARN_FROM, 1), 'medium', 'high'],
    ['the safe date itself', '2026-08-26', 'medium', 'high'],
    ['after the safe date', '2026-08-27', 'medium', 'high'],
  ])('not scheduled: %s (%s) → %s, or %s when the score is needed before applying', (_why, asOf, plain, needed) => {
    expect(WARN_FROM).toBe(addDays('2026-08-26', -150));
    expect(severityOf({ attempts: [step1()], asOf }, 'CK_LATE')).toBe(plain);
    expect(severityOf({ student: { targetSpecialty: 'Dermatology' }, attempts: [step1()], asOf }, 'CK_LATE')).toBe(needed);
  });

  it('follows the setting ckLate.unscheduledWarningDays', () => {
    const c: Case = { attempts: [step1()], asOf: soon }; // 147 days before the safe date
    expect(severityOf(c, 'CK_LATE')).toBe('medium');
    expect(severityOf({ ...c, ref: withSettings([{ key: 'ckLate.unscheduledWarningDays', value: '147' }]) }, 'CK_LATE')).toBe('medium');
    expect(severityOf({ ...c, ref: withSettings([{ key: 'ckLate.unscheduledWarningDays', value: '146' }]) }, 'CK_LATE')).toBe('low');
    expect(severityOf({ attempts: [step1()], ref: withSettings([{ key: 'ckLate.unscheduledWarningDays', value: '200' }]) }, 'CK_LATE')).toBe('medium');
  });

  it('fails loudly, naming the setting, when a database lacks ckLate.unscheduledWarningDays', () => {
    const ref = { settings: REF.settings.filter((s) => s.key !== 'ckLate.unscheduledWarningDays'), specialties: REF.specialties };
    expect(() => evaluate({ ref, asOf: '2026-03-02' })).toThrow(/ckLate\.unscheduledWarningDays/);
  });

  it.each<[string, Case]>([
    ['target highly competitive (Dermatology)', { student: { targetSpecialty: 'Dermatology' }, attempts: [step1()] }],
    ['target typed as an alias (Ortho)', { student: { targetSpecialty: 'Ortho' }, attempts: [step1()] }],
    ['a Step 1 failure', { attempts: [attempt('STEP1', '2025-03-01', 'FAIL'), step1()] }],
    ['STEP1_LATE (passed after the deadline)', { attempts: [attempt('STEP1', '2025-08-10', 'PASS')] }],
    ['an IMG applicant', { student: { applicantType: 'IMG', usceMonths: 4, usLetters: 3 }, attempts: [step1()] }],
    ['a COMLEX Level 1 failure (US DO)', { student: { applicantType: 'US_DO' }, attempts: [attempt('COMLEX1', '2025-03-01', 'FAIL'), attempt('COMLEX1', '2025-05-01', 'PASS')] }],
    ['a COMLEX Level 1 failure (US MD: any applicant type)', { attempts: [attempt('COMLEX1', '2025-03-01', 'FAIL'), step1()] }],
    ['a COMLEX Level 2-CE failure (US DO)', { student: { applicantType: 'US_DO' }, attempts: [attempt('COMLEX1', '2025-05-01', 'PASS'), attempt('COMLEX2CE', '2026-01-10', 'FAIL', 380)] }],
    ['a COMLEX Level 2-CE score of 399 (no outcome)', { student: { applicantType: 'US_DO' }, attempts: [attempt('COMLEX1', '2025-05-01', 'PASS'), attempt('COMLEX2CE', '2026-01-10', null, 399)] }],
    ['a COMLEX Level 2-CE score of 399 (US MD: any applicant type)', { attempts: [step1(), attempt('COMLEX2CE', '2025-12-10', null, 399)] }],
  ])('high when the score is needed before applying: %s', (_why, c) => {
    expect(severityOf({ ...c, asOf: soon }, 'CK_LATE')).toBe('high');
    // Not scheduled and earlier than 150 days before the safe date: a planning reminder, whatever the reasons.
    expect(severityOf(c, 'CK_LATE')).toBe('low');
  });

  it.each<[string, Case]>([
    ['target moderately competitive', { student: { targetSpecialty: 'Emergency Medicine' }, attempts: [step1()] }],
    ['no target', { student: { targetSpecialty: null }, attempts: [step1()] }],
    ['US DO, less competitive', { student: { applicantType: 'US_DO', targetSpecialty: 'Family Medicine' }, attempts: [attempt('COMLEX1', '2025-05-01', 'PASS')] }],
    ['a COMLEX Level 2-CE score of 400 is a pass, not a failure (US MD: COMLEX does not count for timing)', { attempts: [step1(), attempt('COMLEX2CE', '2025-12-10', null, 400)] }],
  ])('medium otherwise: %s', (_why, c) => {
    expect(severityOf({ ...c, asOf: soon }, 'CK_LATE')).toBe('medium');
  });

  it('for a US DO, a COMLEX Level 2-CE booked in time counts as the CK score; for an MD it does not', () => {
    const attempts = [attempt('COMLEX1', '2025-05-01', 'PASS'), attempt('COMLEX2CE', '2026-07-01', 'SCHEDULED')];
    expect(severityOf({ student: { applicantType: 'US_DO' }, attempts }, 'CK_LATE')).toBeNull();
    expect(severityOf({ student: { applicantType: 'US_MD' }, attempts: [step1(), attempts[1]], asOf: soon }, 'CK_LATE')).toBe('medium');
    const passed = [attempt('COMLEX1', '2025-05-01', null, 480), attempt('COMLEX2CE', '2026-01-10', null, 520)];
    expect(severityOf({ student: { applicantType: 'US_DO' }, attempts: passed }, 'CK_LATE')).toBeNull();
    const failedComlex = [attempt('COMLEX1', '2025-05-01', 'PASS'), attempt('COMLEX2CE', '2026-01-10', null, 380)];
    // Not passed, not scheduled; the COMLEX failure makes the score needed before applying (RULES.md §2).
    expect(severityOf({ student: { applicantType: 'US_DO' }, attempts: failedComlex, asOf: soon }, 'CK_LATE')).toBe('high');
  });

  it('follows the reporting lag and the published review date', () => {
    const c: Case = { attempts: [step1(), attempt('STEP2CK', '2026-08-01', 'SCHEDULED')] };
    expect(severityOf(c, 'CK_LATE')).toBeNull();
    expect(severityOf({ ...c, ref: withSettings([{ key: 'usmle.reportingLagWeeks', value: '8' }]) }, 'CK_LATE')).toBe('medium');
    const later: Case = { attempts: [step1(), attempt('STEP2CK', '2026-08-30', 'SCHEDULED')] };
    expect(severityOf(later, 'CK_LATE')).toBe('medium');
    expect(severityOf({ ...later, ref: withSettings([{ key: 'eras.reviewDate.2027', kind: 'date', value: '2026-09-30' }]) }, 'CK_LATE')).toBeNull();
  });

  it('names the dates and why the score is needed', () => {
    const reminder = evaluate({ student: { targetSpecialty: 'Dermatology' }, attempts: [step1()] });
    expect(flagOf(reminder, 'CK_LATE')!.message).toBe(
      'Step 2 CK not passed and not scheduled; programs review ERAS 2027 applications from 2026-09-23, so the exam must be taken by 2026-08-26; a planning reminder until 2026-03-29 (150 days before that date)',
    );
    const none = evaluate({ student: { targetSpecialty: 'Dermatology' }, attempts: [step1()], asOf: soon });
    expect(flagOf(none, 'CK_LATE')!.message).toBe(
      'Step 2 CK not passed and not scheduled; programs review ERAS 2027 applications from 2026-09-23, so the exam must be taken by 2026-08-26; score needed before applying: target Dermatology is highly competitive',
    );
    const late = evaluate({ attempts: [step1(), attempt('STEP2CK', '2026-09-10', 'SCHEDULED')] });
    expect(flagOf(late, 'CK_LATE')!.message).toBe(
      'Step 2 CK scheduled for 2026-09-10 reports about 2026-10-08 (4-week reporting lag); programs review ERAS 2027 applications from 2026-09-23, so the exam must be taken by 2026-08-26',
    );
  });
});

describe('CK_NOT_READY: CK within 42 days and the latest CK practice score (last 60 days) > 10 below the reference', () => {
  const asOf = BASE_AS_OF;
  const ckIn = (days: number) => attempt('STEP2CK', addDays(asOf, days), 'SCHEDULED');
  const daysAgo = (d: number) => addDays(asOf, -d);
  // Internal Medicine reference 254: the line is 244.
  const c = (examDays: number, results: ReturnType<typeof practice>[], over: Partial<Case> = {}): Case => ({ attempts: [step1(), ckIn(examDays)], practice: results, ...over });

  it.each<[string, Case, string | null]>([
    ['no practice score', c(20, []), 'medium'],
    ['latest 243: 11 below Internal Medicine 254', c(20, [practice('STEP2CK', 'NBME 12', daysAgo(5), 243)]), 'medium'],
    ['latest 244: exactly 10 below', c(20, [practice('STEP2CK', 'NBME 12', daysAgo(5), 244)]), null],
    ['older low, latest fine: the latest counts', c(20, [practice('STEP2CK', 'NBME 11', daysAgo(20), 220), practice('STEP2CK', 'NBME 12', daysAgo(5), 250)]), null],
    ['older fine, latest low', c(20, [practice('STEP2CK', 'NBME 11', daysAgo(20), 260), practice('STEP2CK', 'NBME 12', daysAgo(5), 230)]), 'medium'],
    ['only result is 61 days old', c(20, [practice('STEP2CK', 'NBME 12', daysAgo(61), 260)]), 'medium'],
    ['only result is 60 days old', c(20, [practice('STEP2CK', 'NBME 12', daysAgo(60), 260)]), null],
    ['exam in 42 days', c(42, []), 'medium'],
    ['exam in 43 days', c(43, []), null],
    ['no target: national mean 251, latest 240 (11 below)', c(20, [practice('STEP2CK', 'UWSA 2', daysAgo(5), 240)], { student: { targetSpecialty: null } }), 'medium'],
    ['no target: national mean 251, latest 241 (10 below)', c(20, [practice('STEP2CK', 'UWSA 2', daysAgo(5), 241)], { student: { targetSpecialty: null } }), null],
    ['Dermatology 258: latest 247 (11 below)', c(20, [practice('STEP2CK', 'NBME 12', daysAgo(5), 247)], { student: { targetSpecialty: 'Derm' } }), 'medium'],
    ['Step 1 practice does not count', c(20, [practice('STEP1', 'NBME 31', daysAgo(5), 250)]), 'medium'],
  ])('%s → %s', (_why, cse, expected) => {
    expect(severityOf(cse, 'CK_NOT_READY')).toBe(expected);
  });

  it('names the exam, the practice result and the reference used', () => {
    const ev = evaluate(c(20, [practice('STEP2CK', 'NBME 12', daysAgo(5), 236)], { student: { targetSpecialty: 'Dermatology' } }));
    expect(flagOf(ev, 'CK_NOT_READY')!.message).toBe(
      'Step 2 CK on 2026-03-21 (in 20 days): latest practice NBME 12 on 2026-02-24 scored 236, 22 below the Dermatology reference 258 (NRMP Charting Outcomes 2026)',
    );
    const mean = evaluate(c(20, [], { student: { targetSpecialty: null } }));
    expect(flagOf(mean, 'CK_NOT_READY')!.message).toContain('the Step 2 CK national mean 251');
    expect(flagOf(mean, 'CK_NOT_READY')!.message).toContain('no target specialty recorded');
  });
});
