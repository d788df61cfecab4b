import { ApiError } from '../../shared/api/contract';
import { localToday, type StudentSnapshot } from '../../shared/domain';
import { examStatus, type ExamStatus } from '../../shared/exam-status';
import type { StudentEvaluation } from '../../shared/rules/evaluation';
import { evaluateStudent } from '../../shared/rules/flags';
import type { ReferenceData } from '../../shared/rules/reference';
import type { Db } from '../db/open';
import { loadSnapshot } from '../db/students';
import { loadReference } from './status-index';

export interface StudentConclusions {
  asOf: string;
  snapshot: StudentSnapshot;
  ref: ReferenceData;
  evaluation: StudentEvaluation;
  status: ExamStatus;
}

/** One student evaluated by the rules engine as of a date (default today), with their exam status. */
export function concludeStudent(db: Db, studentId: string, asOf: string = localToday()): StudentConclusions {
  const snapshot = loadSnapshot(db, studentId);
  if (!snapshot) throw new ApiError('NOT_FOUND', `No student with ID ${studentId}`);
  const ref = loadReference(db);
  return { asOf, snapshot, ref, evaluation: evaluateStudent(snapshot, ref, asOf), status: examStatus(snapshot, ref, asOf) };
}
