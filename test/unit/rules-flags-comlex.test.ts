/**
 * COMLEX in the flags (RULES.md §2 and §4): COMLEX1_FAIL, COMLEX2_FAIL, ATTEMPT_LIMIT on each COMLEX
 * level (4 attempts from 2022-07-01, 6 before: the limit in force on the date of the latest
 * unsuccessful attempt), and COMLEX failures wherever a rule says "any failure".
 */
import { describe, expect, it } from 'vitest';
import { FLAG_CATALOGUE } from '../../src/shared/rules/catalogue';
import { attempt, BASE_AS_OF, evaluate, flagOf, REF, severityOf, withSettings, type Case } from './rules-fixtures';

const ck = () => attempt('STEP2CK', '2026-06-15', 'SCHEDULED');
const DO = { applicantType: 'US_DO' as const };
const do_ = (attempts: ReturnType<typeof attempt>[], over: Partial<Case> = {}): Case => ({ student: DO, attempts, ...over });

describe('COMLEX1_FAIL: any COMLEX Level 1 attempt failed', () => {
  it.each<[string, Case, string | null]>([
    ['a failure, nothing passed', do_([attempt('COMLEX1', '2025-04-01', 'FAIL'), ck()]), 'critical'],
    ['a failure, retake scheduled', do_([attempt('COMLEX1', '2025-04-01', 'FAIL'), attempt('COMLEX1', '2026-04-01', 'SCHEDULED'), ck()]), 'critical'],
    ['a failure, then COMLEX Level 1 passed', do_([attempt('COMLEX1', '2025-04-01', 'FAIL'), attempt('COMLEX1', '2025-06-20', 'PASS'), ck()]), 'high'],
    ['a failure, then USMLE Step 1 passed (either one)', do_([attempt('COMLEX1', '2025-04-01', 'FAIL'), attempt('STEP1', '2025-06-20', 'PASS'), ck()]), 'high'],
    ['a failure, pass recorded for the day after the as-of date: not passed yet', do_([attempt('COMLEX1', '2025-04-01', 'FAIL'), attempt('COMLEX1', '2026-03-02', 'PASS'), ck()]), 'critical'],
    ['a failure, pass on the as-of date itself', do_([attempt('COMLEX1', '2025-04-01', 'FAIL'), attempt('COMLEX1', BASE_AS_OF, 'PASS'), ck()]), 'high'],
    ['a failure of unknown date, then passed', do_([attempt('COMLEX1', null, 'FAIL'), attempt('COMLEX1', '2025-06-20', 'PASS'), ck()]), 'high'],
    ['a US MD with a COMLEX Level 1 failure (any applicant type), Step 1 passed', { attempts: [attempt('COMLEX1', '2025-04-01', 'FAIL'), attempt('STEP1', '2025-05-01', 'PASS'), ck()] }, 'high'],
    ['a US MD with a COMLEX Level 1 failure, nothing passed', { attempts: [attempt('COMLEX1', '2025-04-01', 'FAIL'), ck()] }, 'critical'],
    ['an incomplete attempt is not a failure', do_([attempt('COMLEX1', '2025-04-01', 'INCOMPLETE'), attempt('COMLEX1', '2025-06-20', 'PASS'), ck()]), null],
    ['a pending result is not a failure', do_([attempt('COMLEX1', '2026-02-20', 'PENDING'), ck()]), null],
    ['a score with no outcome cannot be judged (no Level 1 standard)', do_([attempt('COMLEX1', '2021-05-01', null, 380), ck()]), null],
    ['a Step 1 failure is not a COMLEX Level 1 failure', do_([attempt('STEP1', '2025-04-01', 'FAIL'), attempt('COMLEX1', '2025-06-20', 'PASS'), ck()]), null],
    ['only passes', do_([attempt('COMLEX1', '2025-05-01', 'PASS'), ck()]), null],
  ])('%s → %s', (_why, c, expected) => {
    expect(severityOf(c, 'COMLEX1_FAIL')).toBe(expected);
  });

  it('names the failures and the pass, or what is next', () => {
    const high = evaluate(do_([attempt('COMLEX1', '2025-04-01', 'FAIL'), attempt('STEP1', '2025-06-20', 'PASS'), ck()]));
    expect(flagOf(high, 'COMLEX1_FAIL')!.message).toBe('COMLEX Level 1 failed once (2025-04-01); Step 1 passed on 2025-06-20');
    const critical = evaluate(do_([attempt('COMLEX1', '2025-04-01', 'FAIL'), attempt('COMLEX1', '2025-07-01', 'FAIL'), attempt('COMLEX1', '2026-04-01', 'SCHEDULED'), ck()]));
    expect(flagOf(critical, 'COMLEX1_FAIL')!.message).toBe(
      `COMLEX Level 1 failed 2 times (2025-04-01; 2025-07-01); neither COMLEX Level 1 nor Step 1 passed as of ${BASE_AS_OF}; next attempt scheduled for 2026-04-01`,
    );
  });

  it("has STEP1_FAIL's title kind and actions (RULES.md: as STEP1_FAIL)", () => {
    expect(FLAG_CATALOGUE.COMLEX1_FAIL.actions).toEqual(FLAG_CATALOGUE.STEP1_FAIL.actions);
    const ev = evaluate(do_([attempt('COMLEX1', '2025-04-01', 'FAIL'), ck()]));
    expect(flagOf(ev, 'COMLEX1_FAIL')!.actions).toEqual(FLAG_CATALOGUE.STEP1_FAIL.actions);
  });
});

describe('COMLEX2_FAIL: any COMLEX Level 2-CE attempt failed (outcome FAIL, or a score below 400)', () => {
  it.each<[string, Case, string | null]>([
    ['a recorded failure, not passed since', do_([attempt('COMLEX1', '2025-05-01', 'PASS'), attempt('COMLEX2CE', '2025-12-01', 'FAIL', 380), ck()]), 'critical'],
    ['a recorded failure without a score', do_([attempt('COMLEX1', '2025-05-01', 'PASS'), attempt('COMLEX2CE', '2025-12-01', 'FAIL'), ck()]), 'critical'],
    ['a score of 399, no outcome: below 400', do_([attempt('COMLEX1', '2025-05-01', 'PASS'), attempt('COMLEX2CE', '2025-12-01', null, 399), ck()]), 'critical'],
    ['a score of 400, no outcome: at the minimum, a pass', do_([attempt('COMLEX1', '2025-05-01', 'PASS'), attempt('COMLEX2CE', '2025-12-01', null, 400), ck()]), null],
    ['a score of 401', do_([attempt('COMLEX1', '2025-05-01', 'PASS'), attempt('COMLEX2CE', '2025-12-01', null, 401), ck()]), null],
    ['a score of 399 of unknown date: below every standard', do_([attempt('COMLEX1', '2025-05-01', 'PASS'), attempt('COMLEX2CE', null, null, 399), ck()]), 'critical'],
    ['a failure, then passed', do_([attempt('COMLEX1', '2025-05-01', 'PASS'), attempt('COMLEX2CE', '2025-08-01', 'FAIL', 380), attempt('COMLEX2CE', '2025-12-01', 'PASS', 520), ck()]), 'high'],
    ['a failure, then USMLE Step 2 CK passed: Level 2-CE still not passed', do_([attempt('COMLEX1', '2025-05-01', 'PASS'), attempt('COMLEX2CE', '2025-08-01', 'FAIL', 380), attempt('STEP2CK', '2025-12-01', 'PASS', 240)]), 'critical'],
    ['a US MD with a COMLEX Level 2-CE failure (any applicant type)', { attempts: [attempt('STEP1', '2025-05-01', 'PASS'), attempt('COMLEX2CE', '2025-08-01', 'FAIL', 390), ck()] }, 'critical'],
    ['an incomplete attempt is not a failure', do_([attempt('COMLEX1', '2025-05-01', 'PASS'), attempt('COMLEX2CE', '2025-08-01', 'INCOMPLETE'), ck()]), null],
    ['a Step 2 CK failure is not a COMLEX Level 2-CE failure', do_([attempt('COMLEX1', '2025-05-01', 'PASS'), attempt('STEP2CK', '2025-08-01', 'FAIL', 205), ck()]), null],
  ])('%s → %s', (_why, c, expected) => {
    expect(severityOf(c, 'COMLEX2_FAIL')).toBe(expected);
  });

  it('follows the office\'s COMLEX Level 2-CE minimum (comlex2ce.minPass)', () => {
    const c = do_([attempt('COMLEX1', '2025-05-01', 'PASS'), attempt('COMLEX2CE', '2025-12-01', null, 405), ck()]);
    expect(severityOf(c, 'COMLEX2_FAIL')).toBeNull();
    expect(severityOf({ ...c, ref: withSettings([{ key: 'comlex2ce.minPass', value: '410' }]) }, 'COMLEX2_FAIL')).toBe('critical');
  });

  it('names the score and the standard it missed, and the pass', () => {
    const ev = evaluate(do_([attempt('COMLEX1', '2025-05-01', 'PASS'), attempt('COMLEX2CE', '2025-08-01', null, 395), attempt('COMLEX2CE', '2025-12-01', 'PASS', 520), ck()]));
    expect(flagOf(ev, 'COMLEX2_FAIL')!.message).toBe('COMLEX Level 2-CE failed once (2025-08-01, score 395 below the 400 then required); passed on 2025-12-01 with 520');
  });

  it("has CK_FAIL's actions (RULES.md: as CK_FAIL)", () => {
    expect(FLAG_CATALOGUE.COMLEX2_FAIL.actions).toEqual(FLAG_CATALOGUE.CK_FAIL.actions);
    const ev = evaluate(do_([attempt('COMLEX1', '2025-05-01', 'PASS'), attempt('COMLEX2CE', '2025-12-01', 'FAIL', 380), ck()]));
    expect(flagOf(ev, 'COMLEX2_FAIL')!.actions).toEqual(FLAG_CATALOGUE.CK_FAIL.actions);
  });
});

describe('ATTEMPT_LIMIT (COMLEX): on one COMLEX level not yet passed, unsuccessful attempts ≥ 2; critical with one left under the limit in force', () => {
  const fails = (exam: 'COMLEX1' | 'COMLEX2CE', dates: (string | null)[], outcome: 'FAIL' | 'INCOMPLETE' = 'FAIL') => dates.map((d) => attempt(exam, d, outcome, exam === 'COMLEX2CE' && outcome === 'FAIL' ? 380 : null));
  it.each<[string, Case, string | null]>([
    ['one failure', do_([...fails('COMLEX1', ['2025-03-01']), ck()]), null],
    ['two failures (limit 4)', do_([...fails('COMLEX1', ['2025-03-01', '2025-06-01']), ck()]), 'high'],
    ['a failure and an incomplete (incomplete attempts count)', do_([...fails('COMLEX1', ['2025-03-01']), ...fails('COMLEX1', ['2025-06-01'], 'INCOMPLETE'), ck()]), 'high'],
    ['three failures, the latest on 2022-07-01: one left of 4', do_([...fails('COMLEX1', ['2021-09-01', '2022-02-01', '2022-07-01']), ck()]), 'critical'],
    ['three failures, the latest on 2022-07-02: one left of 4', do_([...fails('COMLEX1', ['2021-09-01', '2022-02-01', '2022-07-02']), ck()]), 'critical'],
    ['three failures, the latest on 2022-06-30: three left of 6', do_([...fails('COMLEX1', ['2021-09-01', '2022-02-01', '2022-06-30']), ck()]), 'high'],
    ['four failures, the latest on 2022-06-30: two left of 6', do_([...fails('COMLEX1', ['2021-01-01', '2021-06-01', '2022-02-01', '2022-06-30']), ck()]), 'high'],
    ['five failures, the latest on 2022-06-30: one left of 6', do_([...fails('COMLEX1', ['2020-06-01', '2021-01-01', '2021-06-01', '2022-02-01', '2022-06-30']), ck()]), 'critical'],
    ['three failures of unknown date: the limit in force on the as-of date (4)', do_([...fails('COMLEX1', [null, null, null]), ck()]), 'critical'],
    ['two failures then a pass', do_([...fails('COMLEX1', ['2025-03-01', '2025-06-01']), attempt('COMLEX1', '2025-09-01', 'PASS'), ck()]), null],
    ['two failures, USMLE Step 1 passed: the COMLEX level is still not passed', do_([...fails('COMLEX1', ['2025-03-01', '2025-06-01']), attempt('STEP1', '2025-09-01', 'PASS'), ck()]), 'high'],
    ['two Level 2-CE failures', do_([attempt('COMLEX1', '2024-05-01', 'PASS'), ...fails('COMLEX2CE', ['2025-03-01', '2025-06-01']), ck()]), 'high'],
    ['three Level 2-CE failures (scores below 400)', do_([attempt('COMLEX1', '2024-05-01', 'PASS'), ...fails('COMLEX2CE', ['2025-03-01', '2025-06-01', '2025-09-01']), ck()]), 'critical'],
    ['one failure at each level: the limit is per level', do_([attempt('COMLEX1', '2024-03-01', 'FAIL'), attempt('COMLEX1', '2024-05-01', 'PASS'), ...fails('COMLEX2CE', ['2025-03-01']), ck()]), null],
    ['a US MD with two COMLEX Level 1 failures (any applicant type)', { attempts: [...fails('COMLEX1', ['2025-03-01', '2025-06-01']), attempt('STEP1', '2025-05-01', 'PASS'), ck()] }, 'high'],
  ])('%s → %s', (_why, c, expected) => {
    expect(severityOf(c, 'ATTEMPT_LIMIT')).toBe(expected);
  });

  it('says how many attempts are left under which limit, and takes the worst severity across USMLE and COMLEX', () => {
    const ev = evaluate(
      do_([
        ...fails('COMLEX1', ['2021-09-01', '2022-02-01', '2022-06-30']),
        ...fails('COMLEX2CE', ['2025-03-01', '2025-06-01', '2025-09-01']),
        attempt('STEP2CK', '2025-08-01', 'FAIL', 205),
        attempt('STEP2CK', '2025-11-01', 'FAIL', 210),
      ]),
    );
    const f = flagOf(ev, 'ATTEMPT_LIMIT')!;
    expect(f.severity).toBe('critical');
    expect(f.message).toBe(
      'Step 2 CK: 2 unsuccessful attempts (failed 2025-08-01, failed 2025-11-01), not passed; 2 attempts left of 4; ' +
        'COMLEX Level 1: 3 unsuccessful attempts (failed 2021-09-01, failed 2022-02-01, failed 2022-06-30), not passed; 3 attempts left of 6 (the COMLEX limit in force on 2022-06-30); ' +
        'COMLEX Level 2-CE: 3 unsuccessful attempts (failed 2025-03-01, failed 2025-06-01, failed 2025-09-01), not passed; 1 attempt left of 4 (the COMLEX limit in force on 2025-09-01, from 2022-07-01)',
    );
    const undated = evaluate(do_([...fails('COMLEX1', [null, null]), ck()]));
    expect(flagOf(undated, 'ATTEMPT_LIMIT')!.message).toBe(
      `COMLEX Level 1: 2 unsuccessful attempts (failed date unknown, failed date unknown), not passed; 2 attempts left of 4 (the COMLEX limit in force on ${BASE_AS_OF}: the latest attempt's date is unknown)`,
    );
  });

  it('reads the limits from the reference settings (comlex.attemptLimit, by date), with their source', () => {
    const rows = REF.settings.filter((s) => s.key === 'comlex.attemptLimit');
    expect(rows.map((s) => [s.effectiveFrom, s.value])).toEqual([
      [null, '6'],
      ['2022-07-01', '4'],
    ]);
    for (const r of rows) expect(r.source).toMatch(/nbome\.org/);
    const c = do_([...fails('COMLEX1', ['2025-01-01', '2025-03-01', '2025-06-01']), ck()]);
    expect(severityOf(c, 'ATTEMPT_LIMIT')).toBe('critical');
    expect(severityOf({ ...c, ref: withSettings([{ key: 'comlex.attemptLimit', effectiveFrom: '2022-07-01', value: '5' }]) }, 'ATTEMPT_LIMIT')).toBe('high');
  });

  it('fails loudly, naming the setting, when a database lacks comlex.attemptLimit', () => {
    const ref = { settings: REF.settings.filter((s) => s.key !== 'comlex.attemptLimit'), specialties: REF.specialties };
    expect(() => evaluate({ ref, asOf: '2026-03-03' })).toThrow(/comlex\.attemptLimit/);
  });
});

describe('COMLEX failures count wherever a rule says "any failure"', () => {
  const derm = (attempts: ReturnType<typeof attempt>[], over: Partial<Case['student']> = {}): Case => ({ student: { ...DO, targetSpecialty: 'Dermatology', ...over }, attempts });
  it.each<[string, Case, string | null]>([
    ['DUAL_APPLY_ADVISED: a COMLEX Level 1 failure, Dermatology, no backup', derm([attempt('COMLEX1', '2025-03-01', 'FAIL'), attempt('COMLEX1', '2025-05-01', 'PASS'), ck()]), 'high'],
    ['DUAL_APPLY_ADVISED: a COMLEX Level 2-CE failure, Dermatology, no backup', derm([attempt('COMLEX1', '2025-05-01', 'PASS'), attempt('COMLEX2CE', '2025-12-01', null, 399), ck()]), 'high'],
    ['DUAL_APPLY_ADVISED: a COMLEX Level 2-CE 400 is no failure', derm([attempt('COMLEX1', '2025-05-01', 'PASS'), attempt('COMLEX2CE', '2025-12-01', null, 400), ck()]), null],
    ['DUAL_APPLY_ADVISED: a COMLEX failure with a backup recorded', derm([attempt('COMLEX1', '2025-03-01', 'FAIL'), attempt('COMLEX1', '2025-05-01', 'PASS'), ck()], { backupSpecialty: 'Internal Medicine' }), null],
    ['DUAL_APPLY_ADVISED: a COMLEX failure, US MD (any applicant type)', derm([attempt('COMLEX1', '2025-03-01', 'FAIL'), attempt('STEP1', '2025-05-01', 'PASS'), ck()], { applicantType: 'US_MD' }), 'high'],
    ['DUAL_APPLY_ADVISED: a COMLEX failure, moderately competitive target', derm([attempt('COMLEX1', '2025-03-01', 'FAIL'), attempt('COMLEX1', '2025-05-01', 'PASS'), ck()], { targetSpecialty: 'Neurology' }), null],
  ])('%s → %s', (_why, c, expected) => {
    expect(severityOf(c, 'DUAL_APPLY_ADVISED')).toBe(expected);
  });

  it('DUAL_APPLY_ADVISED names the COMLEX failure', () => {
    const ev = evaluate(derm([attempt('COMLEX1', '2025-05-01', 'PASS'), attempt('COMLEX2CE', '2025-12-01', 'FAIL', 380), ck()]));
    expect(flagOf(ev, 'DUAL_APPLY_ADVISED')!.message).toBe('Target Dermatology is highly competitive with a COMLEX Level 2-CE failure; no backup specialty recorded');
  });

  it('CK_LATE names the COMLEX failure as the reason the score is needed before applying', () => {
    const ev = evaluate({ student: { ...DO, targetSpecialty: 'Family Medicine' }, attempts: [attempt('COMLEX1', '2025-03-01', 'FAIL'), attempt('COMLEX1', '2025-05-01', 'PASS')], asOf: '2026-04-01' });
    const f = flagOf(ev, 'CK_LATE')!;
    expect(f.severity).toBe('high');
    expect(f.message).toMatch(/score needed before applying: a COMLEX Level 1 failure$/);
  });

  it('a DO who failed COMLEX Level 1 is at risk exactly as an MD who failed Step 1', () => {
    const md = evaluate({ student: { targetSpecialty: 'Dermatology' }, attempts: [attempt('STEP1', '2025-03-01', 'FAIL'), attempt('STEP1', '2025-05-01', 'PASS')], asOf: '2026-04-01' });
    const dO = evaluate({ student: { ...DO, targetSpecialty: 'Dermatology' }, attempts: [attempt('COMLEX1', '2025-03-01', 'FAIL'), attempt('COMLEX1', '2025-05-01', 'PASS')], asOf: '2026-04-01' });
    const shape = (ev: typeof md) => ev.flags.map((f) => [f.code.replace('COMLEX1_FAIL', 'STEP1_FAIL'), f.severity]).filter(([c]) => c !== 'DO_NO_USMLE').sort();
    expect(shape(dO)).toEqual(shape(md));
    expect(md.risk).toBe(dO.risk);
  });
});
