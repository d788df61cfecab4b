import { describe, expect, it } from 'vitest';
import { attempt, evaluate, flagOf, severityOf, type Case } from './rules-fixtures';

const step1 = () => attempt('STEP1', '2025-05-01', 'PASS');
const ck = (score: number) => attempt('STEP2CK', '2026-01-10', 'PASS', score);

describe('DUAL_APPLY_ADVISED: highly competitive target, (CK > 10 below, or any CK/Step 1 failure), no backup', () => {
  it.each<[string, Case, string | null]>([
    ['Dermatology 258, CK 247 (11 below), no backup', { student: { targetSpecialty: 'Dermatology' }, attempts: [step1(), ck(247)] }, 'high'],
    ['CK 248 (exactly 10 below)', { student: { targetSpecialty: 'Dermatology' }, attempts: [step1(), ck(248)] }, null],
    ['CK 247 with a backup recorded', { student: { targetSpecialty: 'Dermatology', backupSpecialty: 'Internal Medicine' }, attempts: [step1(), ck(247)] }, null],
    ['a blank backup is no backup', { student: { targetSpecialty: 'Dermatology', backupSpecialty: '  ' }, attempts: [step1(), ck(247)] }, 'high'],
    ['a Step 1 failure, CK strong', { student: { targetSpecialty: 'Ortho' }, attempts: [attempt('STEP1', '2025-03-01', 'FAIL'), step1(), ck(265)] }, 'high'],
    ['a CK failure, later passed high', { student: { targetSpecialty: 'ENT' }, attempts: [step1(), attempt('STEP2CK', '2025-09-01', 'FAIL', 212), ck(262)] }, 'high'],
    ['Urology (tier default 250), CK 239', { student: { targetSpecialty: 'Urology' }, attempts: [step1(), ck(239)] }, 'high'],
    ['moderately competitive (General Surgery), CK 230', { student: { targetSpecialty: 'General Surgery' }, attempts: [step1(), ck(230)] }, null],
    ['no target', { student: { targetSpecialty: null }, attempts: [attempt('STEP1', '2025-03-01', 'FAIL'), step1(), ck(230)] }, null],
    ['highly competitive, no CK yet, no failures', { student: { targetSpecialty: 'Dermatology' }, attempts: [step1(), attempt('STEP2CK', '2026-06-15', 'SCHEDULED')] }, null],
  ])('%s → %s', (_why, c, expected) => {
    expect(severityOf(c, 'DUAL_APPLY_ADVISED')).toBe(expected);
  });

  it('names the target, the reasons and the missing backup', () => {
    const ev = evaluate({ student: { targetSpecialty: 'Dermatology' }, attempts: [attempt('STEP1', '2025-03-01', 'FAIL'), step1(), ck(240)] });
    expect(flagOf(ev, 'DUAL_APPLY_ADVISED')!.message).toBe(
      'Target Dermatology is highly competitive with Step 2 CK 240, 18 below the Dermatology reference 258 (NRMP Charting Outcomes 2026) and a Step 1 failure; no backup specialty recorded',
    );
  });
});

describe('IMG_NO_USCE: IMG with USCE months or US letters 0 or not recorded', () => {
  const img = (usceMonths: number | null, usLetters: number | null): Case => ({ student: { applicantType: 'IMG', usceMonths, usLetters }, attempts: [step1(), ck(250)] });
  it.each<[string, Case, string | null]>([
    ['USCE 0, letters 3', img(0, 3), 'medium'],
    ['USCE 6, letters 0', img(6, 0), 'medium'],
    ['USCE 0, letters blank: a recorded zero outweighs a blank', img(0, null), 'medium'],
    ['USCE blank, letters 3', img(null, 3), 'low'],
    ['USCE 6, letters blank', img(6, null), 'low'],
    ['both blank', img(null, null), 'low'],
    ['USCE 0.5 months, letters 1', img(0.5, 1), null],
    ['USCE 6, letters 3', img(6, 3), null],
    ['a US MD with blanks', { student: { applicantType: 'US_MD', usceMonths: null, usLetters: null }, attempts: [step1(), ck(250)] }, null],
    ['a US MD with zeros', { student: { applicantType: 'US_MD', usceMonths: 0, usLetters: 0 }, attempts: [step1(), ck(250)] }, null],
  ])('%s → %s', (_why, c, expected) => {
    expect(severityOf(c, 'IMG_NO_USCE')).toBe(expected);
  });

  it('says which is zero and which is not recorded, and lists the blanks as missing', () => {
    const ev = evaluate(img(0, null));
    expect(flagOf(ev, 'IMG_NO_USCE')!.message).toBe('IMG applicant: 0 months of US clinical experience; US letters not recorded');
    expect(ev.missing).toEqual(['US letters']);
    expect(evaluate(img(null, null)).missing).toEqual(['USCE months', 'US letters']);
    expect(evaluate(img(6, 3)).missing).toEqual([]);
  });
});

describe('DO_NO_USMLE: US DO, target highly or moderately competitive, no USMLE Step 2 CK taken or scheduled', () => {
  const comlex = () => [attempt('COMLEX1', '2025-05-01', 'PASS'), attempt('COMLEX2CE', '2026-01-10', 'PASS', 560)];
  const dO = (targetSpecialty: string | null, extra: ReturnType<typeof attempt>[] = []): Case => ({ student: { applicantType: 'US_DO', targetSpecialty }, attempts: [...comlex(), ...extra] });
  it.each<[string, Case, string | null]>([
    ['Dermatology (highly), COMLEX only', dO('Dermatology'), 'medium'],
    ['Emergency Medicine (moderately), COMLEX only', dO('EM'), 'medium'],
    ['Family Medicine (less), COMLEX only', dO('FM'), null],
    ['Dermatology, USMLE CK scheduled', dO('Dermatology', [attempt('STEP2CK', '2026-06-01', 'SCHEDULED')]), null],
    ['Dermatology, USMLE CK taken and failed', dO('Dermatology', [attempt('STEP2CK', '2025-11-01', 'FAIL', 205), attempt('STEP2CK', '2026-04-01', 'SCHEDULED')]), null],
    ['Dermatology, USMLE Step 1 only (Step 2 CK is what counts)', dO('Dermatology', [attempt('STEP1', '2025-05-10', 'PASS')]), 'medium'],
    ['no target', dO(null), null],
    ['target not in the table', dO('Underwater Medicine'), null],
    ['a US MD with no CK', { student: { applicantType: 'US_MD', targetSpecialty: 'Dermatology' }, attempts: [step1()] }, null],
  ])('%s → %s', (_why, c, expected) => {
    expect(severityOf(c, 'DO_NO_USMLE')).toBe(expected);
  });

  it('names the target and its tier', () => {
    expect(flagOf(evaluate(dO('Derm')), 'DO_NO_USMLE')!.message).toBe('US DO applicant targeting Dermatology (highly competitive) with no USMLE Step 2 CK taken or scheduled');
  });
});
