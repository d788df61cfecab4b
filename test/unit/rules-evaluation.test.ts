import { describe, expect, it } from 'vitest';
import { FLAG_CODES, SEVERITY_RANK } from '../../src/shared/domain';
import { FLAG_CATALOGUE } from '../../src/shared/rules/catalogue';
import { evaluateStudent } from '../../src/shared/rules/flags';
import { attempt, BASE_AS_OF, evaluate, flagOf, practice, REF, student, type Case } from './rules-fixtures';

describe('a whole evaluation', () => {
  it('the baseline student raises nothing and misses nothing', () => {
    const ev = evaluate();
    expect(ev.flags).toEqual([]);
    expect(ev.risk).toBeNull();
    expect(ev.missing).toEqual([]);
    expect(ev.facts).toEqual({
      season: 2027,
      reviewDate: '2026-09-23',
      ckSafeDate: '2026-08-26',
      step1Deadline: '2025-07-31',
      targetSpecialty: { name: 'Internal Medicine', tier: 'less', referenceCk: 254, source: REF.specialties.find((s) => s.name === 'Internal Medicine')!.source, fromTierDefault: false },
      step1Passed: true,
      ckPassed: false,
      ckScore: null,
      step1PassDate: '2025-05-01',
      step1DeadlineOrigin: 'default',
      reviewDatePublished: false,
      ckLateWindow: { from: '2025-09-23', to: '2027-03-31' },
    });
  });

  // A student in serious trouble raises many flags at once: their order and the risk level follow.
  const troubled: Case = {
    student: { applicantType: 'IMG', targetSpecialty: 'Dermatology', usceMonths: null, usLetters: 2 },
    attempts: [attempt('STEP1', '2025-04-01', 'FAIL'), attempt('STEP1', '2025-07-01', 'FAIL'), attempt('STEP1', '2025-10-01', 'INCOMPLETE'), attempt('STEP1', '2026-03-20', 'SCHEDULED')],
    practice: [practice('STEP1', 'NBME 31', '2026-02-20', null, 45)],
  };

  it('sorts flags most severe first, then by code, and the risk is the highest severity', () => {
    const ev = evaluate(troubled);
    expect(ev.flags.map((f) => [f.code, f.severity])).toEqual([
      ['ATTEMPT_LIMIT', 'critical'],
      ['STEP1_FAIL', 'critical'],
      ['DUAL_APPLY_ADVISED', 'high'],
      ['STEP1_LATE', 'high'],
      ['STEP1_NOT_READY', 'high'],
      // CK not scheduled, earlier than 150 days before the CK safe date 2026-08-26: a planning reminder.
      ['CK_LATE', 'low'],
      ['IMG_NO_USCE', 'low'],
    ]);
    expect(ev.risk).toBe('critical');
    for (let i = 1; i < ev.flags.length; i++) {
      const [a, b] = [ev.flags[i - 1], ev.flags[i]];
      expect(SEVERITY_RANK[a.severity] > SEVERITY_RANK[b.severity] || (a.severity === b.severity && a.code < b.code)).toBe(true);
    }
  });

  it("gives each flag the catalogue's actions, as its own copy", () => {
    const ev = evaluate(troubled);
    for (const f of ev.flags) expect(f.actions).toEqual(FLAG_CATALOGUE[f.code].actions);
    ev.flags[0].actions.push('scribbled on');
    expect(evaluate(troubled).flags[0].actions).toEqual(FLAG_CATALOGUE[ev.flags[0].code].actions);
  });

  it('the catalogue covers every flag code with a title and at least one action', () => {
    for (const code of FLAG_CODES) {
      expect(FLAG_CATALOGUE[code].code).toBe(code);
      expect(FLAG_CATALOGUE[code].title.length).toBeGreaterThan(0);
      expect(FLAG_CATALOGUE[code].actions.length).toBeGreaterThan(0);
    }
    expect(FLAG_CATALOGUE.CK_FAIL.actions).toEqual([...FLAG_CATALOGUE.STEP1_FAIL.actions, expect.stringMatching(/backup specialty/)]);
  });

  it('same data and same as-of date give the same result, whatever order the rows come in, without touching the input', () => {
    const snapshot = { student: student(troubled.student), attempts: troubled.attempts!, practice: troubled.practice! };
    const frozen = structuredClone(snapshot);
    const first = evaluateStudent(snapshot, REF, BASE_AS_OF);
    const reversed = evaluateStudent({ ...snapshot, attempts: [...snapshot.attempts].reverse(), practice: [...snapshot.practice].reverse() }, REF, BASE_AS_OF);
    expect(reversed).toEqual(first);
    expect(evaluateStudent(structuredClone(snapshot), REF, BASE_AS_OF)).toEqual(first);
    expect(snapshot).toEqual(frozen);
  });

  it('depends on the as-of date only through its argument (no clock)', () => {
    const a = evaluate({ attempts: [attempt('STEP1', '2025-05-01', 'PASS')], asOf: '2025-09-22' });
    const b = evaluate({ attempts: [attempt('STEP1', '2025-05-01', 'PASS')], asOf: '2025-09-23' });
    expect(flagOf(a, 'CK_LATE')).toBeUndefined();
    expect(flagOf(b, 'CK_LATE')).toBeDefined();
    expect(a.asOf).toBe('2025-09-22');
  });
});

describe('missing data', () => {
  it('no flag fires on blanks alone: a first-year with nothing recorded', () => {
    const ev = evaluate({ student: { gradYear: 2030, applicantType: null, targetSpecialty: null }, attempts: [] });
    expect(ev.flags).toEqual([]);
    expect(ev.missing).toEqual(['target specialty', 'applicant type']);
  });

  it('blanks are reported but do not raise IMG/DO flags when the applicant type is unknown', () => {
    const ev = evaluate({ student: { applicantType: null, usceMonths: null, usLetters: null, targetSpecialty: 'Dermatology' } });
    expect(ev.flags.map((f) => f.code)).toEqual([]);
    expect(ev.missing).toEqual(['applicant type']);
  });

  it('a COMLEX Level 1 score with no result cannot be judged (no 3-digit standard in RULES.md) and is listed', () => {
    const ev = evaluate({ student: { applicantType: 'US_DO' }, attempts: [attempt('COMLEX1', '2021-05-01', null, 480), attempt('STEP2CK', '2026-06-15', 'SCHEDULED')] });
    expect(ev.missing).toContain('result of the COMLEX Level 1 attempt on 2021-05-01');
  });
});

describe('as-of semantics', () => {
  it('a result recorded for a date after the as-of date counts as booked, not as done', () => {
    const attempts = [attempt('STEP1', '2025-08-15', 'PASS'), attempt('STEP2CK', '2026-06-15', 'SCHEDULED')];
    const before = evaluate({ attempts, asOf: '2025-08-10' });
    expect(before.facts.step1Passed).toBe(false);
    expect(flagOf(before, 'STEP1_LATE')?.severity).toBe('high');
    const after = evaluate({ attempts, asOf: '2025-08-20' });
    expect(after.facts.step1Passed).toBe(true);
    expect(flagOf(after, 'STEP1_LATE')?.severity).toBe('low');
  });

  it('an exam booked for a day already gone and still SCHEDULED is awaiting its result: not failed, not passed, not upcoming', () => {
    const ev = evaluate({ attempts: [attempt('STEP1', '2025-05-01', 'PASS'), attempt('STEP2CK', '2026-02-20', 'SCHEDULED')] });
    expect(ev.flags).toEqual([]);
    expect(ev.facts.ckPassed).toBe(false);
  });
});
