/**
 * Impossible data (RULES.md §4, "Impossible data"): an attempt recorded as PASS with a score below
 * the minimum passing score in force on its test date, or a FAIL at or above it, contradicts
 * itself. It is refused (import: a located error; the student page: the save is refused), naming
 * the standard and the date it took effect. With no test date the standard cannot be chosen: the
 * attempt is judged against every standard ever in force, and is only a warning when it contradicts
 * all of them.
 */
import { EXAM_LABELS, OUTCOME_LABELS, type ExamAttemptInput, type ExamCode } from '../domain';
import type { ReferenceData } from './reference';
import { settingInForce } from './reference';

/** The setting holding each scored exam's minimum passing score, by date. */
export const PASS_STANDARD: Partial<Record<ExamCode, string>> = { STEP2CK: 'step2ck.minPass', STEP3: 'step3.minPass', COMLEX2CE: 'comlex2ce.minPass' };

export interface Contradiction {
  severity: 'error' | 'warning';
  message: string;
}

export function contradictoryResult(a: Pick<ExamAttemptInput, 'exam' | 'testDate' | 'outcome' | 'score'>, ref: ReferenceData): Contradiction | null {
  if (a.score === null || (a.outcome !== 'PASS' && a.outcome !== 'FAIL')) return null;
  const key = PASS_STANDARD[a.exam];
  if (!key) return null;
  const contradicts = (min: number) => (a.outcome === 'PASS' ? a.score! < min : a.score! >= min);
  const what = `${EXAM_LABELS[a.exam]} "${OUTCOME_LABELS[a.outcome]}" with score ${a.score}`;
  const relation = a.outcome === 'PASS' ? 'below' : 'at or above';
  if (a.testDate !== null) {
    const standard = settingInForce(ref, key, a.testDate);
    if (!standard || !contradicts(Number(standard.value))) return null;
    const since = standard.effectiveFrom ? ` (in force from ${standard.effectiveFrom})` : '';
    return {
      severity: 'error',
      message: `${what} on ${a.testDate} is impossible: the score is ${relation} the minimum passing score ${standard.value} in force on that date${since}; correct the result or the score`,
    };
  }
  const standards = ref.settings.filter((s) => s.key === key).map((s) => Number(s.value));
  if (!standards.length || !standards.every(contradicts)) return null;
  return { severity: 'warning', message: `${what} has no test date and is ${relation} every minimum passing score on record (${[...new Set(standards)].join(', ')}); check the result and the score` };
}
