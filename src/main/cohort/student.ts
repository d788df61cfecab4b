import { ApiError } from '../../shared/api/contract';
import { localToday, type StudentSnapshot } from '../../shared/domain';
import { examStatus, type ExamStatus } from '../../shared/exam-status';
import type { StudentEvaluation } from '../../shared/rules/evaluation';
import { evaluateStudent } from '../../shared/rules/flags';
import type { ReferenceData } from '../../shared/rules/reference';
import type { Store } from '../store/store';

export interface StudentConclusions {
  asOf: string;
  snapshot: StudentSnapshot;
  ref: ReferenceData;
  evaluation: StudentEvaluation;
  status: ExamStatus;
}

/** One student evaluated by the rules engine as of a date (default today), with their exam status. */
export async function concludeStudent(store: Store, studentId: string, asOf: string = localToday()): Promise<StudentConclusions> {
  const snapshot = await store.snapshot(studentId);
  if (!snapshot) throw new ApiError('NOT_FOUND', `No student with ID ${studentId}`);
  const ref = await store.referenceData();
  return { asOf, snapshot, ref, evaluation: evaluateStudent(snapshot, ref, asOf), status: examStatus(snapshot, ref, asOf) };
}
