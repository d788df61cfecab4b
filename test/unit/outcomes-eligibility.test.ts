import { describe, expect, it } from 'vitest';
import type { ApplicantType, VisaSponsorship } from '../../src/shared/domain';
import { comlexOnly, eligibility, needsVisa } from '../../src/shared/outcomes/eligibility';
import { program, student } from './outcomes-fixtures';

const P = (over: Parameters<typeof program>[0] extends infer T ? Partial<T> : never = {}) => program({ id: 1, name: 'Program', ...over });

describe('visa: an IMG is taken to need one', () => {
  it.each<[ApplicantType | null, VisaSponsorship | null, boolean, string | null]>([
    ['IMG', 'none', false, 'does not sponsor visas'],
    ['IMG', 'J-1', true, null],
    ['IMG', 'H-1B', true, null],
    ['IMG', 'J-1 and H-1B', true, null],
    ['IMG', null, true, 'visa sponsorship not known'],
    ['US_MD', 'none', true, null],
    ['US_DO', 'none', true, null],
    [null, 'none', true, 'visa need not known'],
  ])('%s at a program sponsoring %s: eligible %s', (type, visa, eligible, said) => {
    const e = eligibility(student({ applicantType: type }), P({ visa }));
    expect(e.eligible).toBe(eligible);
    const words = [...e.reasons.map((r) => r.text), ...e.unknown].join(' | ');
    if (said) expect(words).toContain(said);
    else expect(words).toBe('');
  });

  it('needsVisa and comlexOnly say "not known" (null) for a blank applicant type', () => {
    expect(needsVisa({ applicantType: null })).toBeNull();
    expect(comlexOnly({ applicantType: null, ckAttempted: false })).toBeNull();
    expect(comlexOnly({ applicantType: 'US_DO', ckAttempted: false })).toBe(true);
    expect(comlexOnly({ applicantType: 'US_DO', ckAttempted: true })).toBe(false);
    expect(comlexOnly({ applicantType: 'US_MD', ckAttempted: false })).toBe(false);
  });
});

describe('COMLEX only: a US DO without USMLE Step 2 CK', () => {
  it.each<[ApplicantType, boolean, number | null, boolean | null, boolean, string | null]>([
    ['US_DO', false, null, false, false, 'does not accept COMLEX'],
    ['US_DO', false, null, true, true, null],
    ['US_DO', false, null, null, true, 'whether COMLEX is accepted not known'],
    // a CK scheduled (no score yet) is not COMLEX only
    ['US_DO', true, null, false, true, null],
    ['US_DO', true, 245, false, true, null],
    ['US_MD', false, null, false, true, null],
  ])('%s, CK attempted %s (score %s), program accepts COMLEX %s: eligible %s', (type, attempted, ck, accepts, eligible, said) => {
    const e = eligibility(student({ applicantType: type, ckAttempted: attempted, ckScore: ck }), P({ comlexAccepted: accepts }));
    expect(e.eligible).toBe(eligible);
    const words = [...e.reasons.map((r) => r.text), ...e.unknown].join(' | ');
    if (said) expect(words).toContain(said);
    else expect(words).toBe('');
  });

  it('a blank applicant type at a program refusing COMLEX is "not known", not a reason', () => {
    const e = eligibility(student({ applicantType: null, ckAttempted: false, ckScore: null }), P({ comlexAccepted: false, visa: 'J-1' }));
    expect(e.eligible).toBe(true);
    expect(e.unknown).toContain('COMLEX-only status not known (applicant type not recorded)');
  });
});

describe('a published CK minimum', () => {
  it.each<[number | null, number | null, boolean, string | null]>([
    [229, 230, false, 'publishes a Step 2 CK minimum of 230; the student\'s CK is 229'],
    [230, 230, true, null],
    [231, 230, true, null],
    [200, null, true, null],
    [null, 230, true, 'published CK minimum 230: no CK score yet'],
  ])('CK %s against a minimum of %s: eligible %s', (ck, min, eligible, said) => {
    const e = eligibility(student({ ckScore: ck }), P({ stepCkMinimum: min }));
    expect(e.eligible).toBe(eligible);
    const words = [...e.reasons.map((r) => r.text), ...e.unknown].join(' | ');
    if (said) expect(words).toContain(said);
    else expect(words).toBe('');
  });

  it('lists every reason, not the first only', () => {
    const e = eligibility(student({ applicantType: 'IMG', ckScore: 220 }), P({ visa: 'none', stepCkMinimum: 230 }));
    expect(e.reasons.map((r) => r.code)).toEqual(['VISA', 'CK_MINIMUM']);
  });
});
