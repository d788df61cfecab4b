/**
 * RULES.md §4 "Actions that fit the student's stage": an action is shown only while it can still be
 * done, and the student's actions are listed once, naming the flags each serves.
 */
import { describe, expect, it } from 'vitest';
import type { FlagCode } from '../../src/shared/domain';
import { actionsForStage, studentActions } from '../../src/shared/rules/actions';
import { ACTION_DONE_WHEN, FLAG_CATALOGUE } from '../../src/shared/rules/catalogue';
import { attempt, BASE_AS_OF, evaluate, flagOf, practice, type Case } from './rules-fixtures';

const MAKE_CK_STRONG = FLAG_CATALOGUE.STEP1_FAIL.actions.find((a) => a.startsWith('Make Step 2 CK clearly strong'))!;
const SCHEDULE_CK = FLAG_CATALOGUE.CK_LATE.actions.find((a) => a.startsWith('Schedule Step 2 CK'))!;
const KEEP_CK_ON_SCHEDULE = FLAG_CATALOGUE.STEP1_LATE.actions.find((a) => a.startsWith('Keep Step 2 CK on schedule'))!;
const STEP1_PREP = FLAG_CATALOGUE.STEP1_NOT_READY.actions;

const actionsOf = (c: Case, code: FlagCode) => flagOf(evaluate(c), code)?.actions;

describe('which actions end at which stage', () => {
  it('CK actions end once CK is passed; Step 1 preparation once Step 1 is passed; the rest never', () => {
    expect(MAKE_CK_STRONG && SCHEDULE_CK && KEEP_CK_ON_SCHEDULE).toBeTruthy();
    expect(ACTION_DONE_WHEN.get(MAKE_CK_STRONG)).toBe('ckPassed');
    expect(ACTION_DONE_WHEN.get(SCHEDULE_CK)).toBe('ckPassed');
    expect(ACTION_DONE_WHEN.get(KEEP_CK_ON_SCHEDULE)).toBe('ckPassed');
    for (const a of STEP1_PREP) expect(ACTION_DONE_WHEN.get(a)).toBe('step1Passed');
    // Every staged action is one the catalogue recommends (a typo would silently never filter).
    const all = new Set(Object.values(FLAG_CATALOGUE).flatMap((d) => d.actions));
    for (const a of ACTION_DONE_WHEN.keys()) expect(all.has(a), a).toBe(true);
  });

  it.each<[string, { step1Passed: boolean; ckPassed: boolean }, string[]]>([
    ['nothing passed', { step1Passed: false, ckPassed: false }, [MAKE_CK_STRONG, SCHEDULE_CK, ...STEP1_PREP, 'x']],
    ['Step 1 passed', { step1Passed: true, ckPassed: false }, [MAKE_CK_STRONG, SCHEDULE_CK, 'x']],
    ['CK passed', { step1Passed: false, ckPassed: true }, [...STEP1_PREP, 'x']],
    ['both passed', { step1Passed: true, ckPassed: true }, ['x']],
  ])('actionsForStage: %s', (_why, stage, expected) => {
    expect(actionsForStage([MAKE_CK_STRONG, SCHEDULE_CK, ...STEP1_PREP, 'x'], stage)).toEqual(expected);
  });
});

describe("each flag's own actions fit the student's stage", () => {
  const step1Fail = [attempt('STEP1', '2025-03-01', 'FAIL'), attempt('STEP1', '2025-05-01', 'PASS')];
  it.each<[string, Case, boolean]>([
    ['CK booked, not passed', { attempts: [...step1Fail, attempt('STEP2CK', '2026-06-15', 'SCHEDULED')] }, true],
    ['CK taken, result pending', { attempts: [...step1Fail, attempt('STEP2CK', '2026-02-20', 'PENDING')] }, true],
    ['CK failed', { attempts: [...step1Fail, attempt('STEP2CK', '2025-12-01', 'FAIL', 210), attempt('STEP2CK', '2026-06-15', 'SCHEDULED')] }, true],
    ['CK passed the day after the as-of date (not yet done)', { attempts: [...step1Fail, attempt('STEP2CK', '2026-03-02', 'PASS', 240)] }, true],
    ['CK passed on the as-of date', { attempts: [...step1Fail, attempt('STEP2CK', BASE_AS_OF, 'PASS', 240)] }, false],
    ['CK passed the day before', { attempts: [...step1Fail, attempt('STEP2CK', '2026-02-28', 'PASS', 240)] }, false],
    ['CK score 240 with no outcome (judged a pass)', { attempts: [...step1Fail, attempt('STEP2CK', '2026-01-10', null, 240)] }, false],
    ['CK score 217 in 2025-08 (a failure)', { attempts: [...step1Fail, attempt('STEP2CK', '2025-08-10', null, 217), attempt('STEP2CK', '2026-06-15', 'SCHEDULED')] }, true],
    ['US DO: a COMLEX Level 2-CE pass is not a Step 2 CK pass', { student: { applicantType: 'US_DO' }, attempts: [...step1Fail, attempt('COMLEX2CE', '2026-01-10', 'PASS', 520)] }, true],
  ])('STEP1_FAIL "make Step 2 CK clearly strong": %s → shown %s', (_why, c, shown) => {
    const actions = actionsOf(c, 'STEP1_FAIL')!;
    expect(actions.includes(MAKE_CK_STRONG)).toBe(shown);
    expect(actions).toEqual(FLAG_CATALOGUE.STEP1_FAIL.actions.filter((a) => shown || a !== MAKE_CK_STRONG));
  });

  it('CK_FAIL, COMLEX1_FAIL and COMLEX2_FAIL lose "make Step 2 CK clearly strong" once CK is passed, and keep the rest', () => {
    const ckFail = actionsOf({ attempts: [attempt('STEP1', '2025-05-01', 'PASS'), attempt('STEP2CK', '2025-08-01', 'FAIL', 210), attempt('STEP2CK', '2025-12-01', 'PASS', 231)] }, 'CK_FAIL')!;
    expect(ckFail).toEqual(FLAG_CATALOGUE.CK_FAIL.actions.filter((a) => a !== MAKE_CK_STRONG));
    const dO = { applicantType: 'US_DO' as const };
    const comlex = [attempt('COMLEX1', '2025-03-01', 'FAIL'), attempt('COMLEX1', '2025-05-01', 'PASS'), attempt('COMLEX2CE', '2025-08-01', 'FAIL', 380)];
    const before = evaluate({ student: dO, attempts: [...comlex, attempt('STEP2CK', '2026-06-15', 'SCHEDULED')] });
    expect(flagOf(before, 'COMLEX1_FAIL')!.actions).toContain(MAKE_CK_STRONG);
    expect(flagOf(before, 'COMLEX2_FAIL')!.actions).toContain(MAKE_CK_STRONG);
    const after = evaluate({ student: dO, attempts: [...comlex, attempt('STEP2CK', '2026-01-10', 'PASS', 240)] });
    expect(flagOf(after, 'COMLEX1_FAIL')!.actions).toEqual(FLAG_CATALOGUE.STEP1_FAIL.actions.filter((a) => a !== MAKE_CK_STRONG));
    expect(flagOf(after, 'COMLEX2_FAIL')!.actions).toEqual(FLAG_CATALOGUE.CK_FAIL.actions.filter((a) => a !== MAKE_CK_STRONG));
  });

  it('CK_LATE: "schedule CK…" is shown while CK is not passed, gone once CK passed (late)', () => {
    const booked = actionsOf({ attempts: [attempt('STEP1', '2025-05-01', 'PASS'), attempt('STEP2CK', '2026-09-10', 'SCHEDULED')] }, 'CK_LATE')!;
    expect(booked).toEqual(FLAG_CATALOGUE.CK_LATE.actions);
    const passedLate = actionsOf({ attempts: [attempt('STEP1', '2025-05-01', 'PASS'), attempt('STEP2CK', '2026-08-27', 'PASS', 245)], asOf: '2026-10-01' }, 'CK_LATE')!;
    expect(passedLate).toEqual(FLAG_CATALOGUE.CK_LATE.actions.filter((a) => a !== SCHEDULE_CK));
    expect(passedLate).toHaveLength(1);
  });

  it('STEP1_LATE: "keep Step 2 CK on schedule" goes once CK is passed', () => {
    const late = attempt('STEP1', '2025-08-20', 'PASS');
    expect(actionsOf({ attempts: [late, attempt('STEP2CK', '2026-06-15', 'SCHEDULED')] }, 'STEP1_LATE')).toContain(KEEP_CK_ON_SCHEDULE);
    expect(actionsOf({ attempts: [late, attempt('STEP2CK', '2026-01-15', 'PASS', 240)] }, 'STEP1_LATE')).toEqual(FLAG_CATALOGUE.STEP1_LATE.actions.filter((a) => a !== KEEP_CK_ON_SCHEDULE));
  });

  it('STEP1_NOT_READY: Step 1 preparation is shown while Step 1 (or, for a US DO, COMLEX Level 1) is not passed', () => {
    const asOf = BASE_AS_OF;
    const c = (applicantType: 'US_MD' | 'US_DO', extra: ReturnType<typeof attempt>[]): Case => ({
      student: { gradYear: 2028, applicantType },
      attempts: [attempt('STEP1', '2026-03-20', 'SCHEDULED'), ...extra],
      practice: [practice('STEP1', 'NBME 31', '2026-02-20', null, 40)],
      asOf,
    });
    expect(actionsOf(c('US_MD', []), 'STEP1_NOT_READY')).toEqual(STEP1_PREP);
    expect(actionsOf(c('US_DO', []), 'STEP1_NOT_READY')).toEqual(STEP1_PREP);
    // A DO who passed COMLEX Level 1 and also booked USMLE Step 1: the flag stands, its preparation actions do not.
    expect(actionsOf(c('US_DO', [attempt('COMLEX1', '2025-06-01', 'PASS')]), 'STEP1_NOT_READY')).toEqual([]);
    // For an MD a COMLEX Level 1 pass does not meet Step 1.
    expect(actionsOf(c('US_MD', [attempt('COMLEX1', '2025-06-01', 'PASS')]), 'STEP1_NOT_READY')).toEqual(STEP1_PREP);
  });
});

describe("the student's actions, each once, naming the flags it serves", () => {
  it('lists a shared action once with every flag it serves, in the order of the flags', () => {
    const ev = evaluate({
      student: { targetSpecialty: 'Dermatology' },
      attempts: [attempt('STEP1', '2025-03-01', 'FAIL'), attempt('STEP1', '2025-05-01', 'PASS'), attempt('STEP2CK', '2025-12-01', 'FAIL', 210), attempt('STEP2CK', '2026-06-15', 'SCHEDULED')],
    });
    expect(ev.flags.map((f) => f.code)).toEqual(['CK_FAIL', 'DUAL_APPLY_ADVISED', 'STEP1_FAIL']);
    const list = studentActions(ev.flags);
    // STEP1_FAIL's four actions are all CK_FAIL's too.
    for (const a of FLAG_CATALOGUE.STEP1_FAIL.actions) expect(list.find((x) => x.action === a)!.codes).toEqual(['CK_FAIL', 'STEP1_FAIL']);
    expect(list.find((x) => x.action.startsWith('Discuss a backup specialty'))!.codes).toEqual(['CK_FAIL']);
    expect(list.filter((x) => x.codes.includes('DUAL_APPLY_ADVISED')).map((x) => x.action)).toEqual(FLAG_CATALOGUE.DUAL_APPLY_ADVISED.actions);
    // Each once; nothing lost; the order: the first flag's actions in the guide's order, then new ones.
    const all = ev.flags.flatMap((f) => f.actions);
    expect(list.map((x) => x.action)).toEqual([...new Set(all)]);
    expect(list).toHaveLength(5 + 2);
  });

  it('the list follows the stage too (it is built from the fitted actions)', () => {
    const ev = evaluate({ student: { applicantType: 'US_DO' }, attempts: [attempt('COMLEX1', '2025-03-01', 'FAIL'), attempt('STEP1', '2025-05-01', 'FAIL'), attempt('COMLEX1', '2025-06-01', 'PASS'), attempt('STEP1', '2025-07-01', 'PASS'), attempt('STEP2CK', '2026-01-10', 'PASS', 260)] });
    const list = studentActions(ev.flags);
    expect(list.map((x) => x.codes)).toEqual([
      ['COMLEX1_FAIL', 'STEP1_FAIL'],
      ['COMLEX1_FAIL', 'STEP1_FAIL'],
      ['COMLEX1_FAIL', 'STEP1_FAIL'],
    ]);
    expect(list.some((x) => x.action === MAKE_CK_STRONG)).toBe(false);
  });

  it('no flags, no actions', () => {
    expect(studentActions(evaluate().flags)).toEqual([]);
  });
});
