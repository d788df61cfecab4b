/**
 * RULES.md §4, "Impossible data": a PASS with a score below the minimum passing score in force on its
 * test date, or a FAIL at or above it, contradicts itself (an error, naming the standard and the
 * date it took effect); with no test date it is a warning, and only when every standard on record
 * says so. Step 2 CK: 209, 214 from 2022-07-01, 218 from 2025-07-01; COMLEX Level 2-CE: 400.
 */
import { describe, expect, it } from 'vitest';
import { contradictoryResult } from '../../src/shared/rules/consistency';
import type { ExamCode, Outcome } from '../../src/shared/domain';
import { REF } from './rules-fixtures';

const judge = (exam: ExamCode, testDate: string | null, outcome: Outcome | null, score: number | null) => contradictoryResult({ exam, testDate, outcome, score }, REF)?.severity ?? null;

describe('a result its own score contradicts', () => {
  it.each([
    // Step 2 CK around the 2025-07-01 change (214 → 218)
    ['STEP2CK', '2025-07-01', 'PASS', 217, 'error'],
    ['STEP2CK', '2025-07-01', 'PASS', 218, null],
    ['STEP2CK', '2025-06-30', 'PASS', 217, null],
    ['STEP2CK', '2025-06-30', 'PASS', 213, 'error'],
    ['STEP2CK', '2025-07-01', 'FAIL', 218, 'error'],
    ['STEP2CK', '2025-07-01', 'FAIL', 217, null],
    ['STEP2CK', '2025-06-30', 'FAIL', 214, 'error'],
    ['STEP2CK', '2022-06-30', 'PASS', 209, null],
    ['STEP2CK', '2022-06-30', 'PASS', 208, 'error'],
    // COMLEX Level 2-CE: 400
    ['COMLEX2CE', '2025-01-10', 'PASS', 399, 'error'],
    ['COMLEX2CE', '2025-01-10', 'PASS', 400, null],
    ['COMLEX2CE', '2025-01-10', 'FAIL', 400, 'error'],
    // No score, no result, a booking, an exam with no score standard: nothing to contradict
    ['STEP2CK', '2025-07-01', 'PASS', null, null],
    ['STEP2CK', '2025-07-01', null, 150, null],
    ['STEP2CK', '2026-09-01', 'SCHEDULED', null, null],
    ['STEP1', '2025-07-01', 'PASS', 150, null],
    // No test date: a warning, only below (or at or above) every standard on record
    ['STEP2CK', null, 'PASS', 150, 'warning'],
    ['STEP2CK', null, 'PASS', 210, null],
    ['STEP2CK', null, 'FAIL', 218, 'warning'],
    ['STEP2CK', null, 'FAIL', 217, null],
  ] as const)('%s on %s, %s with score %s: %s', (exam, date, outcome, score, expected) => {
    expect(judge(exam, date, outcome, score)).toBe(expected);
  });

  it('names the standard and the date it took effect', () => {
    expect(contradictoryResult({ exam: 'STEP2CK', testDate: '2025-08-10', outcome: 'PASS', score: 150 }, REF)).toEqual({
      severity: 'error',
      message: 'Step 2 CK "Pass" with score 150 on 2025-08-10 is impossible: the score is below the minimum passing score 218 in force on that date (in force from 2025-07-01); correct the result or the score',
    });
  });
});
